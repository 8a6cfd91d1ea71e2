import ClinicPipeline
import Foundation
import TestSupport
import Testing

@Suite struct RejectPolicyTests {
    /// Base data where user 5 has a bad email: appointment 2 references her, billing 1 references
    /// appointment 2 (and patient 4), so the rejection cascades two levels.
    func cascadeData(_ scratch: ScratchDirectory) throws -> String {
        let path = scratch.file("in")
        try Corpus.assemble("base", at: path)
        let users = (path as NSString).appendingPathComponent("api_user.csv")
        let text = try String(contentsOfFile: users, encoding: .utf8)
        try text.replacingOccurrences(of: "maria@example.ph", with: "maria(at)example.ph")
            .write(toFile: users, atomically: true, encoding: .utf8)
        try """
        id,patient_id,appointment_id,amount,description,soa_file,status,paid,created_by_id,created_at,updated_at
        1,4,2,150.00,Cleaning,,paid,t,3,2024-01-01 08:00:00+00,2024-01-01 08:00:00+00
        2,4,1,99.50,"X-ray, periapical",,pending,f,3,2024-01-01 08:00:00+00,2024-01-01 08:00:00+00

        """.write(
            toFile: (path as NSString).appendingPathComponent("api_billing.csv"), atomically: true,
            encoding: .utf8)
        return path
    }

    @Test func rejectLoadsExactlyTheValidRowsAndCascadesToChildren() throws {
        let scratch = try ScratchDirectory()
        let source = try cascadeData(scratch)
        let db = scratch.file("db.sqlite3")
        let result = try Fixtures.copy(
            source, db, policy: .reject, rejects: scratch.file("rejects"), strict: true)
        #expect(result.outcome == .loadedWithRejects(invalidRows: 3, rejectsWritten: true))
        #expect(result.summary.tables.map(\.rowsWritten) == [4, 2, 1, 1])
        let rules = result.report.examples.map { "\($0.table) \($0.pk ?? "") \($0.rule.rawValue)" }
        #expect(
            rules == [
                "api_user 5 email", "api_appointment 2 parent_rejected", "api_billing 1 parent_rejected",
            ])
        #expect(result.report.examples[1].message == "parent api_user id 5 was rejected")

        // The rejects folder holds the source's header and the rejected lines exactly as they were.
        let originalUsers = try String(contentsOfFile: source + "/api_user.csv", encoding: .utf8)
        let rejectedUsers = try String(contentsOfFile: scratch.file("rejects/api_user.csv"), encoding: .utf8)
        let lines = originalUsers.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(rejectedUsers == lines[0] + "\n" + lines[5] + "\n")
        #expect(
            Fixtures.listing(scratch.file("rejects")) == [
                "_reasons.csv", "api_appointment.csv", "api_billing.csv", "api_user.csv",
            ])
        let reasons = try String(contentsOfFile: scratch.file("rejects/_reasons.csv"), encoding: .utf8)
        #expect(reasons.contains("api_user,6,5,email,maria(at)example.ph,email,error,"))

        // Fixed by hand, the rejects load with --append and complete the data set.
        try rejectedUsers.replacingOccurrences(of: "maria(at)example.ph", with: "maria@example.ph")
            .write(toFile: scratch.file("rejects/api_user.csv"), atomically: true, encoding: .utf8)
        let second = try Fixtures.copy(scratch.file("rejects"), db, mode: .append)
        #expect(second.outcome == .clean)
        try Fixtures.copy(db, scratch.file("out"))
        // The source in the catalog's column order (its bad email only warns without --strict).
        try Fixtures.copy(source, scratch.file("expected"))
        for table in ["api_user", "api_appointment", "api_billing"] {
            let expected = try String(contentsOfFile: scratch.file("expected/\(table).csv"), encoding: .utf8)
                .replacingOccurrences(of: "maria(at)example.ph", with: "maria@example.ph")
            #expect(try String(contentsOfFile: scratch.file("out/\(table).csv"), encoding: .utf8) == expected)
        }
    }

    @Test func abortWritesNothingToSQLite() throws {
        let scratch = try ScratchDirectory()
        let source = try cascadeData(scratch)
        let db = scratch.file("db.sqlite3")
        let error = #expect(throws: InvalidData.self) { try Fixtures.copy(source, db, strict: true) }
        #expect(error?.result.outcome == .invalid(invalidRows: 3))
        #expect(!FileManager.default.fileExists(atPath: db))
        #expect(Fixtures.listing(scratch.path) == ["in"], "no rejects folder in abort mode")
    }

    @Test func appendChecksAgainstRowsAlreadyInTheTarget() throws {
        let scratch = try ScratchDirectory()
        try Corpus.assemble("base", at: scratch.file("base"))
        let db = scratch.file("db.sqlite3")
        try Fixtures.copy(scratch.file("base"), db)
        // New rows: a user reusing an existing username, and an appointment for an existing patient.
        try FileManager.default.createDirectory(
            atPath: scratch.file("more"), withIntermediateDirectories: true)
        let users = try String(contentsOfFile: scratch.file("base/api_user.csv"), encoding: .utf8)
            .split(separator: "\n")
        try
            (String(users[0]) + "\n"
            + users[4].replacingOccurrences(of: "4,juan,juan@", with: "9,juan,juan9@") + "\n")
            .write(toFile: scratch.file("more/api_user.csv"), atomically: true, encoding: .utf8)
        let appointments = try String(
            contentsOfFile: scratch.file("base/api_appointment.csv"), encoding: .utf8
        )
        .split(separator: "\n")
        try
            (String(appointments[0]) + "\n"
            + appointments[1].replacingOccurrences(of: "1,4,2,1,", with: "7,4,2,1,")
            + "\n").write(toFile: scratch.file("more/api_appointment.csv"), atomically: true, encoding: .utf8)
        let result = try Fixtures.copy(scratch.file("more"), db, mode: .append, policy: .reject)
        #expect(result.report.examples.map(\.rule) == [.unique])
        #expect(result.report.examples.first?.column == "username")
        #expect(result.summary.tables.map(\.rowsWritten) == [0, 1])
    }

    @Test func maxErrorsStopsEarlyAndSaysSo() throws {
        let scratch = try ScratchDirectory()
        let source = try cascadeData(scratch)
        let result = try Fixtures.check(source, maxErrors: 2, strict: true)
        #expect(result.outcome == .stoppedEarly(invalidRows: 2))
        #expect(result.summary.tables.map(\.table).last == "api_appointment", "stopped before api_billing")
    }

    @Test func theJSONReportHasTheFrictionlessShape() throws {
        let scratch = try ScratchDirectory()
        let source = try cascadeData(scratch)
        let result = try Fixtures.check(source, strict: true)
        let object =
            try JSONSerialization.jsonObject(with: result.report.json(seconds: 1.5)) as? [String: Any]
        #expect(object?["valid"] as? Bool == false)
        let stats = object?["stats"] as? [String: Any]
        #expect(stats?["errors"] as? Int == 3)
        #expect(stats?["tables"] as? Int == 4)
        let errors = object?["errors"] as? [[String: Any]]
        #expect(errors?.count == 3)
        let first = errors?.first
        #expect(first?["table"] as? String == "api_user")
        #expect(first?["line"] as? Int == 6)
        #expect(first?["pk"] as? String == "5")
        #expect(first?["column"] as? String == "email")
        #expect(first?["rule"] as? String == "email")
        #expect(first?["severity"] as? String == "error")
        let tables = object?["tables"] as? [[String: Any]]
        #expect(
            tables?.map { $0["name"] as? String } == [
                "api_user", "api_service", "api_appointment", "api_billing",
            ])
    }
}

@Suite(.enabled(if: TestPostgres.isConfigured, "needs scripts/test.sh's PostgreSQL"))
struct RejectPolicyPostgresTests {
    @Test func abortWritesNothingToPostgres() throws {
        let scratch = try ScratchDirectory()
        let db = try ScratchDatabase()
        let source = try RejectPolicyTests().cascadeData(scratch)
        #expect(throws: InvalidData.self) { try Fixtures.copy(source, db.url, strict: true) }
        #expect(
            try db.query("SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'api_%'") == [
                "0"
            ])
    }

    @Test func rejectLoadsTheValidRowsIntoPostgresAndChecksTheTarget() throws {
        let scratch = try ScratchDirectory()
        let db = try ScratchDatabase()
        let source = try RejectPolicyTests().cascadeData(scratch)
        let result = try Fixtures.copy(
            source, db.url, policy: .reject, rejects: scratch.file("rejects"), strict: true)
        #expect(result.outcome == .loadedWithRejects(invalidRows: 3, rejectsWritten: true))
        #expect(try db.query("SELECT string_agg(id::text, ',' ORDER BY id) FROM api_user") == ["1,2,3,4"])
        #expect(try db.query("SELECT string_agg(id::text, ',' ORDER BY id) FROM api_billing") == ["2"])
        // Appending only appointments: references are checked against the users in PostgreSQL.
        try FileManager.default.createDirectory(
            atPath: scratch.file("more"), withIntermediateDirectories: true)
        let appointments = try String(contentsOfFile: source + "/api_appointment.csv", encoding: .utf8)
            .split(separator: "\n")
        let lines = [
            String(appointments[0]), appointments[1].replacingOccurrences(of: "1,4,2,1,", with: "8,4,3,1,"),
            appointments[1].replacingOccurrences(of: "1,4,2,1,", with: "9,5,2,1,"),
        ]
        try (lines.joined(separator: "\n") + "\n").write(
            toFile: scratch.file("more/api_appointment.csv"), atomically: true, encoding: .utf8)
        let more = try Fixtures.copy(scratch.file("more"), db.url, mode: .append, policy: .reject)
        let found = more.report.examples.map { "\($0.pk ?? "") \($0.rule.rawValue) \($0.severity.rawValue)" }
        #expect(found == ["8 referenced_row warning", "9 foreign_key error"])
        #expect(try db.query("SELECT string_agg(id::text, ',' ORDER BY id) FROM api_appointment") == ["1,8"])
    }
}

@Suite struct RuleTierTests {
    /// What `loaddata` stores loads: an app rule broken (a bad email) warns, names its tier and loads;
    /// `--strict` refuses it as `full_clean()` would.
    @Test func appRulesWarnUnlessStrict() throws {
        let scratch = try ScratchDirectory()
        let source = try RejectPolicyTests().cascadeData(scratch)
        let loose = try Fixtures.copy(source, scratch.file("loose.sqlite3"))
        #expect(loose.outcome == .clean)
        #expect(loose.summary.tables.map(\.rowsWritten) == [5, 2, 2, 2])
        let warning = try #require(loose.report.examples.first { $0.rule == .email })
        #expect(warning.severity == .warning)
        #expect(warning.tier == .model)
        #expect(loose.report.rendered().contains("warning: api_user.email: email, app rule (1 row)"))
        #expect(loose.report.rendered().contains("--strict refuses them"))
        #expect(throws: InvalidData.self) {
            try Fixtures.copy(source, scratch.file("strict.sqlite3"), strict: true)
        }
    }

    /// Database constraints are errors whatever the mode: a NULL in a NOT NULL column.
    @Test func constraintsAreAlwaysErrors() throws {
        let scratch = try ScratchDirectory()
        let source = try RejectPolicyTests().cascadeData(scratch)
        let users = (source as NSString).appendingPathComponent("api_user.csv")
        let text = try String(contentsOfFile: users, encoding: .utf8)
        try text.replacingOccurrences(of: "maria(at)example.ph", with: "").write(
            toFile: users, atomically: true, encoding: .utf8)
        let result = try Fixtures.check(source)
        let error = try #require(result.report.examples.first { $0.column == "email" })
        #expect(error.rule == .notNull)
        #expect(error.severity == .error)
        #expect(error.tier == .constraint)
    }
}
