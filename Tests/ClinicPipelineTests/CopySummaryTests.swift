import ClinicPipeline
import ClinicSchema
import Testing

@Suite struct CopySummaryTests {
    /// Every table of the catalog, with figures as large as a big clinic's.
    private func summary(upsert: Bool) -> CopySummary {
        var summary = CopySummary()
        for (i, table) in Catalog.clinic.tables.enumerated() {
            var t = CopySummary.TableResult(table: table.name)
            t.rowsRead = 1_234_567 * (i + 1)
            t.rowsRejected = i * 1001
            t.warnings = i * 13
            t.rowsWritten = t.rowsRead - t.rowsRejected
            t.seconds = 123.4567
            if upsert { t.upserted = UpsertCounts(inserted: t.rowsWritten, updated: 12_345, unchanged: 0) }
            summary.tables.append(t)
        }
        return summary
    }

    @Test(arguments: [(false, true), (true, true), (false, false)])
    func fitsEightyColumnsWithEveryTable(upsert: Bool, showWritten: Bool) {
        let text = summary(upsert: upsert).rendered(showWritten: showWritten)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(Catalog.clinic.tables.count == 29)
        #expect(lines.allSatisfy { $0.count <= 80 }, "\(text)")
        // The main table: a header, one line per table, the total, all as wide as each other.
        let main = lines.prefix(31)
        #expect(Set(main.map(\.count)).count == 1, "\(text)")
        #expect(main.first?.hasPrefix("table ") == true)
        #expect(main.last?.hasPrefix("total ") == true)
        #expect(text.contains("api_appointmentnotification"))
        #expect(text.contains("35,802,443"), "thousands separators: \(text)")
        #expect(text.contains("written") == showWritten)
        #expect(text.contains("valid") == !showWritten)
        #expect(text.contains("inserted") == upsert)
    }

    @Test func upsertCountsHaveTheirOwnAlignedTable() {
        let text = summary(upsert: true).rendered()
        let blocks = text.components(separatedBy: "\n\n")
        #expect(blocks.count == 2)
        let upsert = blocks[1].split(separator: "\n")
        #expect(upsert.first?.hasPrefix("upsert ") == true)
        #expect(upsert.first?.hasSuffix("inserted  updated  unchanged") == true, "\(blocks[1])")
        #expect(Set(upsert.dropLast().map(\.count)).count == 1, "\(blocks[1])")
        #expect(upsert.last?.hasPrefix("upsert: ") == true)
        #expect(!blocks[0].contains("inserted"))
    }

    @Test func aRolledBackLoadShowsNothingWritten() {
        var summary = summary(upsert: false)
        summary.markRolledBack()
        let text = summary.rendered()
        #expect(summary.tables.allSatisfy { $0.rowsWritten == 0 })
        #expect(text.hasSuffix("\n0 written (rolled back)"))
        let total = text.split(separator: "\n").first { $0.hasPrefix("total ") }
        let cells = total?.split(separator: " ") ?? []
        #expect(cells.count == 6)
        #expect(cells.dropFirst(4).first == "0", "\(text)")
    }

    @Test func countsReadAsPeopleWriteThem() {
        #expect(Counting.grouped(0) == "0")
        #expect(Counting.grouped(999) == "999")
        #expect(Counting.grouped(1000) == "1,000")
        #expect(Counting.grouped(-1_234_567) == "-1,234,567")
        #expect(Counting.count(1, "invalid row") == "1 invalid row")
        #expect(Counting.count(2, "invalid row") == "2 invalid rows")
        #expect(Counting.count(1200, "file") == "1,200 files")
        #expect(Counting.count(2, "bill status", plural: "bill statuses") == "2 bill statuses")
    }

    @Test func suggestsTheNameMeant() {
        #expect(NameSuggestion.closest(to: "repot", among: ["report", "copy", "check"]) == "report")
        #expect(NameSuggestion.closest(to: "chekc", among: ["report", "copy", "check"]) == "check")
        #expect(NameSuggestion.closest(to: "billng", among: ["billing", "user"]) == "billing")
        #expect(NameSuggestion.closest(to: "xyz", among: ["report", "copy", "check"]) == nil)
        #expect(NameSuggestion.closest(to: "rep", among: ["report", "copy", "check"]) == "report")
    }
}
