import ClinicSchema
import Foundation
import TestSupport
import Testing

/// `copy --anonymize`: no personal value survives, every key still holds, the same key gives the same copy.
@Suite struct AnonymizeTests {
    @Test func replacesEveryPersonalValueKeepsKeysAndFiguresAndIsRepeatable() throws {
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"))
        for name in ["a", "b"] {
            let run = try CLI.run([
                "copy", scratch.file("in"), scratch.file(name), "--anonymize", "--anonymize-key", "s3cret",
                "--audit-log", scratch.file("audit.jsonl"),
            ])
            #expect(run.status == 0, "\(run.stderr)")
        }
        // The same key gives byte-identical copies; another key another one.
        #expect(try Fixtures.contents(of: scratch.file("a")) == Fixtures.contents(of: scratch.file("b")))
        #expect(
            try CLI.run([
                "copy", scratch.file("in"), scratch.file("c"), "--anonymize", "--anonymize-key", "k2",
            ]).status == 0)
        #expect(try Fixtures.contents(of: scratch.file("a")) != Fixtures.contents(of: scratch.file("c")))
        // The key is a secret: the audit log does not keep it.
        #expect(try !String(contentsOfFile: scratch.file("audit.jsonl"), encoding: .utf8).contains("s3cret"))

        var personalColumns = 0
        for table in Catalog.clinic.appTables {
            let before = try Fixtures.records(ofFile: scratch.file("in/\(table.name).csv"))
            let after = try Fixtures.records(ofFile: scratch.file("a/\(table.name).csv"))
            #expect(before.count == after.count)
            for (i, column) in table.columns.enumerated() {
                let old = before.map { $0[i] }
                let new = after.map { $0[i] }
                guard column.personal != nil else {
                    // Amounts, visit dates, stock and every key are untouched.
                    #expect(old == new, "\(table.name).\(column.name)")
                    continue
                }
                personalColumns += 1
                // NULL and empty stay NULL and empty; nothing else survives.
                #expect(old.map { $0 == nil } == new.map { $0 == nil })
                #expect(old.map { $0 == "" } == new.map { $0 == "" })
                let leaked = Set(old.compactMap { $0 }.filter { !$0.isEmpty }).intersection(
                    new.compactMap { $0 })
                #expect(leaked.isEmpty, "\(table.name).\(column.name): \(leaked)")
            }
        }
        #expect(personalColumns > 30)
        // The copy loads with every constraint checked: uniques and foreign keys still hold.
        let load = try CLI.run(["copy", scratch.file("a"), "sqlite:///" + scratch.file("copy.sqlite3")])
        #expect(load.status == 0, "\(load.stdout)")
        // Birthdays stay in their year.
        let birthday = try #require(Catalog.clinic.table(named: "api_user")?.index(of: "birthday"))
        let born = try Fixtures.records(ofFile: scratch.file("in/api_user.csv")).map { $0[birthday] }
        let moved = try Fixtures.records(ofFile: scratch.file("a/api_user.csv")).map { $0[birthday] }
        #expect(born.map { $0?.prefix(4) } == moved.map { $0?.prefix(4) })
    }
}
