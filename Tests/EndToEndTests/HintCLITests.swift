import Foundation
import TestSupport
import Testing

/// Every hint names something the command has, and running it works.
@Suite struct HintCLITests {
    @Test func sampleIntoADatabaseWithRowsHintsWhatSampleHas() throws {
        let db = try ScratchDatabase()
        #expect(try CLI.run(["sample", "--patients", "4", db.url, "--quiet"]).status == 0)
        let again = try CLI.run(["sample", "--patients", "4", db.url, "--quiet"])
        #expect(again.status == 73)
        #expect(!again.stderr.contains("--append"), "\(again.stderr)")
        #expect(again.stderr.contains("--truncate"))
        let hinted = try CLI.run(["sample", "--patients", "4", db.url, "--quiet", "--truncate"])
        #expect(hinted.status == 0, "\(hinted.stderr)")
    }

    @Test func tablesWithoutTheTablesTheyReferenceHintAddingThem() throws {
        let db = try ScratchDatabase()
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 6)
        #expect(try CLI.run(["schema", "--create", db.url]).status == 0)
        let result = try CLI.run(["copy", scratch.file("in"), db.url, "--tables", "api_billing", "--quiet"])
        #expect(result.status == 65)
        #expect(!result.stderr.contains("pass --on-error reject"), "\(result.stderr)")
        let hint = try #require(result.stderr.split(separator: "\n").first { $0.contains("hint:") })
        let tables = try #require(hint.firstMatch(of: /--tables (api_[a-z_,]+)/)?.1)
        #expect(tables.contains("api_user") && tables.contains("api_appointment"), "\(hint)")
        let hinted = try CLI.run(["copy", scratch.file("in"), db.url, "--tables", String(tables), "--quiet"])
        #expect(hinted.status == 0, "\(hinted.stderr)")
        #expect(try db.query("SELECT count(*) > 0 FROM api_billing") == ["t"])
    }
}
