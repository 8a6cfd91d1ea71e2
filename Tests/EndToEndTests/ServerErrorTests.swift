import Foundation
import TestSupport
import Testing

/// A row the server refuses, and a backend ended mid-COPY, are reported in our words: table,
/// COPY line, column, constraint and SQLSTATE, and no value of any row (the server's DETAIL
/// and CONTEXT quote whole rows, password hashes included) on stderr or in the audit log.
@Suite(.enabled(if: TestPostgres.isConfigured, "needs scripts/test.sh's PostgreSQL"))
struct ServerErrorTests {
    /// Values of the sample that must never be printed: passwords, emails, addresses, notes.
    private func secrets(in folder: String) throws -> [String] {
        var values: [String] = []
        for (file, columns) in [
            ("api_user.csv", ["password", "email", "address", "username"]),
            ("api_document.csv", ["title", "description"]),
        ] {
            for row in try Fixtures.rowsByHeader((folder as NSString).appendingPathComponent(file)) {
                for column in columns {
                    if let value = row[column] ?? nil, value.count >= 6 { values.append(value) }
                }
            }
        }
        return values
    }

    private func leaked(_ text: String, _ secrets: [String]) -> [String] {
        secrets.filter { text.contains($0) }.prefix(3).map { $0 }
    }

    @Test(arguments: [
        (
            "ALTER TABLE api_user ADD CONSTRAINT clinic_test_no_staff CHECK (NOT is_staff)",
            ["api_user", "of the COPY", "clinic_test_no_staff", "SQLSTATE 23514"]
        ),
        (
            "ALTER TABLE api_user ALTER COLUMN first_name TYPE varchar(2)",
            ["api_user.first_name", "of the COPY", "too long", "SQLSTATE 22001"]
        ),
    ])
    func aRowTheServerRefusesIsNamedWithoutItsValues(_ change: String, _ expected: [String]) throws {
        let scratch = try ScratchDirectory()
        let db = try ScratchDatabase()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 40)
        #expect(try CLI.run(["schema", "--create", db.url]).status == 0)
        try db.query(change)
        let audit = scratch.file("audit.jsonl")
        let result = try CLI.run(["copy", scratch.file("in"), db.url, "-q", "--audit-log", audit])
        #expect(result.status == 69, "\(result.stderr)")
        for text in expected { #expect(result.stderr.contains(text), "\(text): \(result.stderr)") }
        let log = try String(contentsOfFile: audit, encoding: .utf8)
        let secrets = try secrets(in: scratch.file("in"))
        #expect(!secrets.isEmpty)
        for output in [result.stderr, result.stdout, log] {
            #expect(leaked(output, secrets).isEmpty, "\(leaked(output, secrets)) in \(output)")
            #expect(!output.contains("Failing row"))
            #expect(!output.contains("COPY api_user, line"))
        }
        #expect(log.contains("23514") || log.contains("22001"))
    }

    @Test func aBackendEndedMidCopyEchoesNoRow() throws {
        let scratch = try ScratchDirectory()
        let db = try ScratchDatabase()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 3000)
        #expect(try CLI.run(["schema", "--create", db.url]).status == 0)
        let audit = scratch.file("audit.jsonl")
        let run = try RunningCLI(["copy", scratch.file("in"), db.url, "-q", "--audit-log", audit])
        var copying: [Int32] = []
        #expect(
            try RunningCLI.waitUntil {
                copying = try db.backends(runningQueryStartingWith: "COPY")
                return !copying.isEmpty
            })
        for pid in copying { try db.terminate(backend: pid) }
        let (status, _, _, stderr) = run.finish()
        #expect(status == 69, "\(stderr)")
        let log = try String(contentsOfFile: audit, encoding: .utf8)
        let secrets = try secrets(in: scratch.file("in"))
        for output in [stderr, log] {
            #expect(leaked(output, secrets).isEmpty, "\(leaked(output, secrets)) in \(output)")
            #expect(!output.contains("CONTEXT") && !output.contains(", line "), "\(output)")
        }
    }
}
