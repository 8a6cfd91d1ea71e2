import ClinicFormats
import ClinicPipeline
import ClinicStores
import Foundation
import TestSupport
import Testing

@testable import ClinicReports

/// `report.json` and the CSV files are for machines: numbers as numbers, rates as fractions, an
/// empty cell for none, no display strings (`₱`, `%`, `−`, `–`, thousands separators).
@Suite struct DataFilesTests {
    /// Columns that hold names, codes, dates and months; every other column is a number or empty.
    static let textColumns: Set<String> = [
        "figure", "period", "month", "date", "service", "dentist", "patient", "status", "rate", "weekday",
        "supplier", "item", "category", "last_update", "request", "age_days", "reconciles",
    ]

    /// A string that is a number written for people.
    static func looksFormatted(_ s: String) -> Bool {
        s.contains("₱") || s.contains("−") || s == "–"
            || s.range(of: #"^[+-]?\d[\d,]*(\.\d+)?\s*(%|pts)$"#, options: .regularExpression) != nil
            || s.range(of: #"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$"#, options: .regularExpression) != nil
    }

    @Test(arguments: ["hand", "committed"])
    func everyNumberParses(data: String) throws {
        let folder: String
        let scratch = try ScratchDirectory()
        if data == "hand" {
            try ReportWriter.write(
                try HandMade.report("2025-10"), formats: [.json, .csv], to: scratch.file("r"))
            folder = scratch.file("r")
        } else {
            folder = CommittedExampleTests.root.appendingPathComponent("reports/2025-10").path
        }
        let json = try JSONSerialization.jsonObject(
            with: try Data(contentsOf: URL(fileURLWithPath: folder + "/report.json")))
        var numbers = 0
        func walk(_ value: Any, _ path: String) {
            switch value {
            case let object as [String: Any]: for (k, v) in object { walk(v, path + "." + k) }
            case let array as [Any]: for (i, v) in array.enumerated() { walk(v, path + "[\(i)]") }
            case let s as String: #expect(!Self.looksFormatted(s), "\(path) holds a display string: \(s)")
            case let n as NSNumber:
                numbers += 1
                #expect(Decimal(string: n.stringValue) != nil, "\(path): \(n)")
            default: break
            }
        }
        walk(json, "report")
        #expect(numbers > 200)
        let report = try #require(json as? [String: Any])
        let billing = try #require(report["billing"] as? [String: Any])
        let current = try #require(billing["current"] as? [String: Any])
        #expect((current["billed"] as? [String: Any])?["total"] is NSNumber)
        #expect(((report["trend"] as? [Any])?.count) == 12)

        var files = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".csv") {
            files += 1
            let records = try Fixtures.records(CSVReader(FileSource(path: folder + "/" + name)))
            let header = try #require(records.first).map { $0 ?? "" }
            for key in header {
                #expect(
                    key.range(of: "^[a-z][a-z0-9_]*$", options: .regularExpression) != nil, "\(name): \(key)")
            }
            for (r, record) in records.dropFirst().enumerated() {
                #expect(record.count == header.count, "\(name) row \(r + 1)")
                for (c, cell) in record.enumerated() {
                    guard let cell else { continue }
                    #expect(!Self.looksFormatted(cell), "\(name) row \(r + 1) \(header[c]): \(cell)")
                    if !Self.textColumns.contains(header[c]) {
                        #expect(ExactDecimal.parse(cell) != nil, "\(name) row \(r + 1) \(header[c]): \(cell)")
                    }
                }
            }
        }
        #expect(files >= 20)
        // Subtotals are files of their own.
        #expect(FileManager.default.fileExists(atPath: folder + "/low_stock_by_supplier.csv"))
        let lowStock = try String(contentsOfFile: folder + "/low_stock.csv", encoding: .utf8)
        #expect(!lowStock.contains(",total,"))
    }
}
