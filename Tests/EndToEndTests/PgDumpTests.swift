import Foundation
import TestSupport
import Testing

/// pg_dump files written by this machine's pg_dump 15 are read with no server, and give what the
/// database they came from gives.
@Suite(.enabled(if: TestPostgres.isConfigured, "needs scripts/test.sh's PostgreSQL"))
struct PgDumpTests {
    func shell(_ script: String, _ arguments: String...) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script, "sh"] + arguments
        let err = Pipe()
        process.standardError = err
        try process.run()
        let message = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestSupportError("\(script) failed: \(String(decoding: message, as: UTF8.self))")
        }
    }

    @Test func plainAndCustomDumpsReadLikeTheDatabase() throws {
        let scratch = try ScratchDirectory()
        let db = try ScratchDatabase()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 20, seed: 5)
        try Fixtures.copy(scratch.file("in"), db.url)
        // A table of another app, and a schema clinic-etl does not know, are skipped.
        try db.query("CREATE TABLE notes (id int, body text); INSERT INTO notes VALUES (1, 'x')")
        try db.query(
            "CREATE SCHEMA auth; CREATE TABLE auth.api_user (id int); INSERT INTO auth.api_user VALUES (1)")
        try Fixtures.copy(db.url, scratch.file("fromdb"))
        let dumps = [
            "plain.sql": "pg_dump -f \"$2\" \"$1\"",
            "plain.sql.gz": "pg_dump \"$1\" | gzip > \"$2\"",
            "noname": "pg_dump \"$1\" > \"$2\"",
            "clinic.dump": "pg_dump -Fc -f \"$2\" \"$1\"",
            "clinic0.backup": "pg_dump -Fc -Z0 -f \"$2\" \"$1\"",
            "piped.dump": "pg_dump -Fc \"$1\" | cat > \"$2\"",
        ]
        let expected = try Fixtures.contents(of: scratch.file("fromdb"))
        #expect(expected.count == 19)
        for (name, command) in dumps.sorted(by: { $0.key < $1.key }) {
            try shell(command, db.url, scratch.file(name))
            let out = scratch.file("out-" + name.replacingOccurrences(of: ".", with: "-"))
            try Fixtures.copy(scratch.file(name), out)
            #expect(try Fixtures.contents(of: out) == expected, "\(name)")
            let check = try CLI.run(["check", scratch.file(name), "--quiet"])
            #expect(check.status == 0, "\(name): \(check.stderr)")
        }
        let copied = try CLI.run([
            "copy", scratch.file("clinic.dump"), "sqlite:///" + scratch.file("x.sqlite3"),
        ])
        #expect(copied.status == 0, "\(copied.stderr)")
        try Fixtures.copy("sqlite:///" + scratch.file("x.sqlite3"), scratch.file("fromsqlite"))
        #expect(try Fixtures.contents(of: scratch.file("fromsqlite")) == expected)
        // The monthly report of a dump is the database's.
        for source in [db.url, scratch.file("plain.sql.gz"), scratch.file("clinic.dump")] {
            let name = source == db.url ? "db" : URL(fileURLWithPath: source).lastPathComponent
            let report = try CLI.run([
                "report", source, "--month", "2025-10", "--timezone", "Asia/Manila", "--format", "json",
                "--out", scratch.file("r-" + name.replacingOccurrences(of: ".", with: "-")),
            ])
            #expect(report.status == 0, "\(name): \(report.stderr)")
        }
        let fromDB = try Data(contentsOf: URL(fileURLWithPath: scratch.file("r-db/2025-10/report.json")))
        for name in ["plain.sql.gz", "clinic.dump"] {
            let fromDump = try Data(
                contentsOf: URL(
                    fileURLWithPath: scratch.file(
                        "r-" + name.replacingOccurrences(of: ".", with: "-") + "/2025-10/report.json")))
            #expect(fromDump == fromDB, "\(name)")
        }
    }

    @Test func writingADumpIsRefusedAndDamageIsNamed() throws {
        let scratch = try ScratchDirectory()
        let db = try ScratchDatabase()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 5, seed: 2)
        try Fixtures.copy(scratch.file("in"), db.url)
        try shell("pg_dump -Fc -f \"$2\" \"$1\"", db.url, scratch.file("c.dump"))
        let write = try CLI.run(["copy", scratch.file("in"), scratch.file("c.dump"), "--force"])
        #expect(write.status != 0)
        #expect(write.stderr.contains("reads pg_dump files but does not write them"), "\(write.stderr)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: scratch.file("c.dump")))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: scratch.file("cut.dump")))
        let cut = try CLI.run(["check", scratch.file("cut.dump")])
        #expect(cut.status != 0)
        #expect(cut.stderr.contains("cut short") || cut.stderr.contains("truncated"), "\(cut.stderr)")
    }
}
