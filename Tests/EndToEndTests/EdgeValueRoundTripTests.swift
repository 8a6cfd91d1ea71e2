import Foundation
import TestSupport
import Testing

/// A database holding the values PostgreSQL allows beyond everyday ones comes back exactly through
/// every format that can carry them, and the fixture formats, which cannot, refuse at write time.
@Suite(.enabled(if: TestPostgres.isConfigured, "needs scripts/test.sh's PostgreSQL"))
struct EdgeValueRoundTripTests {
    let long = String(repeating: "7", count: 5000)

    func seededDatabase(_ scratch: ScratchDirectory) throws -> ScratchDatabase {
        let db = try ScratchDatabase()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 6, seed: 3)
        try Fixtures.copy(scratch.file("in"), db.url)
        try db.query(
            """
            UPDATE api_user SET last_login = 'infinity', birthday = '0044-03-15 BC' WHERE id = (SELECT min(id) FROM api_user);
            UPDATE api_user SET last_login = '-infinity', birthday = '12345-06-07' WHERE id = (SELECT max(id) FROM api_user);
            UPDATE api_appointment SET time = '24:00:00', date = 'infinity',
              cancel_requested_at = '0100-01-01 12:00:00.5+00 BC' WHERE id = (SELECT min(id) FROM api_appointment);
            UPDATE api_appointment SET reschedule_date = '-infinity', updated_at = '10000-01-01 00:00:00+00'
              WHERE id = (SELECT max(id) FROM api_appointment);
            UPDATE api_billing SET amount = 'NaN' WHERE id = (SELECT min(id) FROM api_billing);
            UPDATE api_toothchart SET chart_data = '{"n": \(long), "x": 0.1000000000000000055511151231257827, "s": "\\ud83d\\ude00"}'
              WHERE id = (SELECT min(id) FROM api_toothchart);
            """)
        return db
    }

    @Test func everyFormatThatCanCarryTheValuesGivesThemBack() throws {
        let scratch = try ScratchDirectory()
        let db = try seededDatabase(scratch)
        let expected = try db.checksums()
        for target in ["backup.tar.gz", "folder", "gz-folder", "x.sqlite3"] {
            let location =
                target.hasSuffix(".sqlite3") ? "sqlite:///" + scratch.file(target) : scratch.file(target)
            var arguments = ["copy", db.url, location, "--quiet"]
            if target == "gz-folder" { arguments.append("--compress") }
            let out = try CLI.run(arguments)
            #expect(out.status == 0, "\(target): \(out.stderr)")
            let restored = try ScratchDatabase()
            let back = try CLI.run(["copy", location, restored.url, "--quiet"])
            #expect(back.status == 0, "\(target): \(back.stderr)")
            #expect(try restored.checksums() == expected, "\(target)")
        }
        let direct = try ScratchDatabase()
        #expect(try CLI.run(["copy", db.url, direct.url, "--quiet"]).status == 0)
        #expect(try direct.checksums() == expected)
    }

    @Test func fixturesRefuseAtWriteTimeNamingTheRow() throws {
        let scratch = try ScratchDirectory()
        let db = try seededDatabase(scratch)
        for name in ["f.json", "f.jsonl", "f.xml", "f.json.gz"] {
            let out = try CLI.run(["copy", db.url, scratch.file(name)])
            #expect(out.status != 0, "\(name)")
            #expect(out.stderr.contains("api_user id "), "\(name): \(out.stderr)")
            #expect(
                out.stderr.contains("column last_login") || out.stderr.contains("column birthday"),
                "\(out.stderr)")
            #expect(out.stderr.contains("loaddata could not read it back"))
            #expect(!FileManager.default.fileExists(atPath: scratch.file(name)))
        }
    }
}
