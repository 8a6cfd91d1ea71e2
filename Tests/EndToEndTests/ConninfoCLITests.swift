import ClinicStores
import Foundation
import TestSupport
import Testing

/// libpq keyword/value strings are PostgreSQL locations, and their passwords are never echoed.
@Suite struct ConninfoCLITests {
    /// `url` as a libpq keyword/value string.
    static func conninfo(_ url: String) throws -> (text: String, password: String) {
        let parsed = try PostgresURL(url)
        let keys = ["host", "port", "dbname", "user", "password"]
        let text = keys.compactMap { key in parsed.value(of: key).map { "\(key)=\($0)" } }.joined(
            separator: " ")
        return (text, parsed.value(of: "password") ?? "")
    }

    @Test func aKeywordValueStringIsADatabaseNeverAFolder() throws {
        let db = try ScratchDatabase()
        let (conninfo, password) = try Self.conninfo(db.url)
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 4)
        let load = try CLI.run(
            ["copy", scratch.file("in"), conninfo, "--audit-log", scratch.file("audit.jsonl")])
        #expect(load.status == 0, "\(load.stderr)")
        #expect(try db.query("SELECT count(*) FROM api_user") != ["0"])
        let back = try CLI.run(["copy", conninfo, scratch.file("out"), "--quiet"])
        #expect(back.status == 0, "\(back.stderr)")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted() == [
                "audit.jsonl", "in", "out",
            ])
        let audit = try String(contentsOfFile: scratch.file("audit.jsonl"), encoding: .utf8)
        #expect(audit.contains("postgresql://"))
        for text in [load.stdout, load.stderr, back.stdout, back.stderr, audit] {
            #expect(!text.contains(password))
        }
    }

    @Test func aBadKeywordValueStringIsRefusedWithoutItsPassword() throws {
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 3)
        for (text, message) in [
            ("hots=db dbname=clinic password=hunter2secret", "did you mean host=?"),
            ("host=db password='hunter2secret", "a quoted value in it is not closed"),
        ] {
            for arguments in [["copy", scratch.file("in"), text], ["check", text]] {
                let result = try CLI.run(arguments + ["--audit-log", scratch.file("audit.jsonl")])
                #expect(result.status == 64, "\(result.stderr)")
                #expect(result.stderr.contains(message), "\(result.stderr)")
                #expect(!result.stderr.contains("hunter2secret"))
            }
        }
        let audit = try String(contentsOfFile: scratch.file("audit.jsonl"), encoding: .utf8)
        #expect(!audit.contains("hunter2secret"))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted() == [
                "audit.jsonl", "in",
            ])
    }

    @Test func aConnectionRefusedForItsPasswordSaysWhereTheServerCannotFindOne() throws {
        let db = try ScratchDatabase()
        let parsed = try PostgresURL(db.url)
        let password = parsed.value(of: "password") ?? ""
        let bare = db.url.replacingOccurrences(of: ":\(password)@", with: "@")
        #expect(try CLI.run(["schema", "--create", db.url]).status == 0)
        let scratch = try ScratchDirectory()
        let none = ["PGPASSWORD": "", "PGPASSFILE": scratch.file("no-pgpass")]
        let refused = try CLI.run(["check", bare], environment: none)
        #expect(refused.status == 69)
        #expect(refused.stderr.contains("no password supplied"))
        #expect(
            refused.stderr.contains("PGPASSWORD") && refused.stderr.contains("~/.pgpass"), "\(refused.stderr)"
        )
        // Each way the hint names works.
        let viaEnvironment = try CLI.run(["check", bare], environment: ["PGPASSWORD": password])
        #expect(viaEnvironment.status == 0, "\(viaEnvironment.stderr)")
        let host = parsed.value(of: "host") ?? ""
        let port = parsed.value(of: "port") ?? ""
        let user = parsed.value(of: "user") ?? ""
        try "\(host):\(port):*:\(user):\(password)\n".write(
            toFile: scratch.file(".pgpass"), atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o600], ofItemAtPath: scratch.file(".pgpass"))
        let viaPgpass = try CLI.run(
            ["check", bare], environment: ["PGPASSWORD": "", "PGPASSFILE": "", "HOME": scratch.path])
        #expect(viaPgpass.status == 0, "\(viaPgpass.stderr)")
        #expect(!(refused.stderr + viaPgpass.stderr).contains(password))
    }
}
