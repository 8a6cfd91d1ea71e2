import ClinicPipeline
import Foundation
import TestSupport
import Testing

/// `samples/legacy` migrated the way the README walks through it: into SQLite and PostgreSQL,
/// twice, and reported on.
@Suite struct LegacyMigrationTests {
    static let legacy = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("samples/legacy").path

    func migrate(into target: String, rejects: String, mode: String = "upsert") throws -> CLI.Result {
        try CLI.run([
            "copy", Self.legacy, target, "--mapping", Self.legacy + "/legacy.yml", "--on-error", "reject",
            "--rejects", rejects, "--mode", mode,
        ])
    }

    @Test func migratesTheSampleIntoSQLiteWithTheExpectedRejectsAndMerges() throws {
        let scratch = try ScratchDirectory()
        let db = "sqlite:///" + scratch.file("legacy.sqlite3")
        let first = try migrate(into: db, rejects: scratch.file("rejects"), mode: "insert")
        #expect(first.status == 3, "\(first.stderr)")
        // The duplicate patient is merged and the three rows no rule can map are set aside.
        #expect(first.stderr.contains("merged 1 duplicate:"))
        #expect(first.stderr.contains("patients.csv:7 merged into id 1002 ("))
        #expect(first.stderr.contains("patients.csv:3), same email"))
        #expect(first.stderr.contains("\"12345\" is not a Philippine phone number"))
        #expect(first.stderr.contains("\"02/30/1980\" is not a date or time in the format MM/dd/yyyy"))
        #expect(first.stderr.contains("\"Tentative\" has no entry in the value map"))
        let totals = try #require(first.stdout.split(separator: "\n").first { $0.hasPrefix("total") })
        #expect(totals.split(separator: " ").prefix(5) == ["total", "34", "3", "0", "31"])
        let reasons = try String(contentsOfFile: scratch.file("rejects/_reasons.csv"), encoding: .utf8)
        #expect(reasons.split(separator: "\n").count == 4)
        // The Latin-1 file's names arrive as UTF-8, the second Maria's appointment points at the first.
        let out = scratch.file("out")
        #expect(try CLI.run(["copy", db, out]).status == 0)
        func row(_ table: String, _ id: String, _ columns: [String]) throws -> [String?]? {
            try Fixtures.rowsByHeader(out + "/\(table).csv").first { $0["id"] == id }.map { r in
                columns.map { r[$0] ?? nil }
            }
        }
        let user = ["username", "email", "password", "first_name", "last_name", "user_type", "role", "phone"]
        #expect(
            try row("api_user", "1002", user)
                == [
                    "maria.pena@mail.ph", "maria.pena@mail.ph", "!migrated", "María", "Peña", "patient", "",
                    "+639181234568",
                ])
        let staff = try Fixtures.rowsByHeader(out + "/api_user.csv").filter { $0["first_name"] == "Paolo" }
        #expect(
            staff.map { [$0["last_name"], $0["user_type"], $0["role"], $0["phone"]] } == [
                ["de los Santos", "staff", "dentist", "+639185550102"]
            ])
        #expect(try row("api_user", "1006", ["id"]) == nil)
        let visit = ["patient_id", "dentist_id", "service_id", "date", "time", "status", "notes"]
        #expect(
            try row("api_appointment", "5005", visit)
                == [
                    "1002", "1", "5", "2025-10-09", "11:00:00", "completed", "booked under the second record",
                ])
        let bill = [
            "patient_id", "appointment_id", "amount", "description", "soa_file", "status", "paid",
            "created_by_id", "created_at",
        ]
        #expect(
            try row("api_billing", "9002", bill)
                == [
                    "1002", "5002", "1200.00", "Oral prophylaxis", nil, "paid", "t", nil,
                    "2025-10-01 16:00:00+00",
                ])
        // The monthly report runs on the migrated clinic.
        let report = try CLI.run([
            "report", db, "--month", "2025-10", "--out", scratch.file("reports"), "--timezone", "Asia/Manila",
        ])
        #expect(report.status == 0, "\(report.stderr)")
        let markdown = try String(contentsOfFile: scratch.file("reports/2025-10/report.md"), encoding: .utf8)
        #expect(markdown.contains("| Billed | ₱7,500.50 |"))
    }

    @Test func modesExcludeEachOtherAndFilesCannotBeUpserted() throws {
        let scratch = try ScratchDirectory()
        let both = try CLI.run(["copy", Self.legacy, scratch.file("x"), "--mode", "upsert", "--truncate"])
        #expect(both.status == 64)
        #expect(both.stderr.contains("--mode upsert and --truncate exclude each other"))
        let folder = try CLI.run([
            "copy", Self.legacy, scratch.file("out"), "--mapping", Self.legacy + "/legacy.yml", "--mode",
            "upsert",
            "--on-error", "reject", "--rejects", scratch.file("r"),
        ])
        #expect(folder.status == 64)
        #expect(folder.stderr.contains("a CSV folder cannot be appended or upserted to"))
        let archive = Self.legacy + "/../clinic.tar.gz"
        let encoding = try CLI.run(["copy", archive, scratch.file("y"), "--encoding", "latin-1"])
        #expect(encoding.status == 64)
        #expect(encoding.stderr.contains("--encoding applies to a folder of CSV files"), "\(encoding.stderr)")
    }

    @Test func aSecondUpsertChangesNothing() throws {
        let scratch = try ScratchDirectory()
        let db = "sqlite:///" + scratch.file("legacy.sqlite3")
        let first = try migrate(into: db, rejects: scratch.file("r1"))
        #expect(first.stdout.contains("upsert: 31 inserted, 0 updated, 0 unchanged"))
        #expect(try CLI.run(["copy", db, scratch.file("before")]).status == 0)
        let second = try CLI.run([
            "copy", Self.legacy, db, "--mapping", Self.legacy + "/legacy.yml", "--on-error", "reject",
            "--rejects", scratch.file("r2"), "--mode", "upsert", "--audit-log", scratch.file("audit.jsonl"),
        ])
        #expect(second.status == 3)
        #expect(second.stdout.contains("upsert: 0 inserted, 0 updated, 31 unchanged"))
        // The audit log keeps the same figures per table.
        let audit = try String(contentsOfFile: scratch.file("audit.jsonl"), encoding: .utf8)
        #expect(audit.contains("\"unchanged\":8"))
        #expect(audit.contains("\"inserted\":0"))
        #expect(try CLI.run(["copy", db, scratch.file("after")]).status == 0)
        #expect(
            try Fixtures.contents(of: scratch.file("before")) == Fixtures.contents(of: scratch.file("after")))
    }

    @Test(.enabled(if: TestPostgres.isConfigured, "needs scripts/test.sh's PostgreSQL"))
    func upsertsIntoPostgreSQLIdempotentlyAndUpdatesWhatChanged() throws {
        let scratch = try ScratchDirectory()
        let db = try ScratchDatabase()
        let first = try migrate(into: db.url, rejects: scratch.file("r1"))
        #expect(first.stdout.contains("upsert: 31 inserted, 0 updated, 0 unchanged"), "\(first.stderr)")
        let sums = try db.checksums()
        let second = try migrate(into: db.url, rejects: scratch.file("r2"))
        #expect(second.stdout.contains("upsert: 0 inserted, 0 updated, 31 unchanged"), "\(second.stderr)")
        #expect(try db.checksums() == sums)
        // Someone edits two migrated rows in the app; the migration puts them back and says so.
        try db.query("UPDATE api_billing SET amount = 999 WHERE id = 9001")
        try db.query("UPDATE api_user SET phone = '' WHERE id = 1001")
        let third = try migrate(into: db.url, rejects: scratch.file("r3"))
        #expect(third.stdout.contains("upsert: 0 inserted, 2 updated, 29 unchanged"), "\(third.stdout)")
        #expect(try db.checksums() == sums)
        // New ids for the app's own rows start above the migrated ones.
        #expect(try db.query("SELECT nextval(pg_get_serial_sequence('api_user', 'id'))") == ["1006"])
    }
}
