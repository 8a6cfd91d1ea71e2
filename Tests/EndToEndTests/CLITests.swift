import Foundation
import TestSupport
import Testing

@Suite struct CLITests {
    @Test(arguments: ["copy", "check", "report", "schema", "sample", "keygen"])
    func everyCommandHasHelpWithAnExample(command: String) throws {
        let result = try CLI.run([command, "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Example"))
        #expect(result.stdout.contains("clinic-etl \(command)"))
    }

    @Test func copiesTheSampleIntoSQLiteAndPrintsASummary() throws {
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 8)
        let result = try CLI.run([
            "copy", scratch.file("in"), "sqlite:///" + scratch.file("c.sqlite3"),
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("api_appointment"))
        #expect(result.stdout.contains("total"))
        let again = try CLI.run(["copy", scratch.file("in"), "sqlite:///" + scratch.file("c.sqlite3")])
        #expect(again.status == 73)
        #expect(again.stderr.contains("--truncate"))
    }

    @Test func badInputNamesFileLineAndRuleAndExitsNonZero() throws {
        let scratch = try ScratchDirectory()
        try FileManager.default.createDirectory(atPath: scratch.file("in"), withIntermediateDirectories: true)
        try "id,name,category,description,created_at\n1,\"open quote,all,x,2025-01-01 00:00:00+00\n"
            .write(toFile: scratch.file("in/api_service.csv"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["copy", scratch.file("in"), scratch.file("out")])
        #expect(result.status == 65)
        #expect(result.stderr.contains("api_service.csv:2"))
        #expect(result.stderr.contains("unterminated quoted field"))
        #expect(!FileManager.default.fileExists(atPath: scratch.file("out")))
    }

    @Test func schemaPrintsDDLForBothDialects() throws {
        let postgres = try CLI.run(["schema"])
        #expect(postgres.status == 0)
        #expect(postgres.stdout.components(separatedBy: "CREATE TABLE").count == 30)
        #expect(postgres.stdout.contains("jsonb"))
        let sqlite = try CLI.run(["schema", "--dialect", "sqlite", "--tables", "user,billing"])
        #expect(sqlite.stdout.components(separatedBy: "CREATE TABLE").count == 3)
        #expect(sqlite.stdout.contains("AUTOINCREMENT"))
    }

    @Test func anInterruptedFolderWriteLeavesNothing() throws {
        let scratch = try ScratchDirectory()
        let process = try CLI.start(["sample", "--patients", "20000", scratch.file("big")])
        Thread.sleep(forTimeInterval: 1.0)
        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        #expect(Fixtures.listing(scratch.path).isEmpty)
    }
}

@Suite(.enabled(if: TestPostgres.isConfigured, "needs scripts/test.sh's PostgreSQL"))
struct CLIPostgresTests {
    @Test func thePasswordNeverAppears() throws {
        let scratch = try ScratchDirectory()
        let db = try ScratchDatabase()
        let password = try #require(URLComponents(string: db.url)?.password)
        try Fixtures.writeSample(to: scratch.file("in"), patients: 5)
        var outputs: [CLI.Result] = []
        outputs.append(try CLI.run(["schema", "--create", db.url]))
        outputs.append(try CLI.run(["copy", scratch.file("in"), db.url]))
        outputs.append(try CLI.run(["copy", scratch.file("in"), db.url]))  // refused: not empty
        outputs.append(try CLI.run(["copy", db.url, scratch.file("out")]))
        let wrong = db.url.replacingOccurrences(of: password, with: password + "x")
        outputs.append(try CLI.run(["copy", wrong, scratch.file("out2")]))
        #expect(outputs.map(\.status) == [0, 0, 73, 0, 69])
        for output in outputs {
            #expect(!output.stdout.contains(password))
            #expect(!output.stderr.contains(password))
        }
        #expect(outputs[4].stderr.contains("127.0.0.1:"))
        #expect(outputs[4].stderr.contains("password authentication failed"))
    }

    @Test func sigtermDuringALoadRollsBack() throws {
        let db = try ScratchDatabase()
        let process = try CLI.start(["sample", "--patients", "20000", db.url])
        Thread.sleep(forTimeInterval: 1.5)
        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        #expect(
            try db.query("SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'api_%'") == [
                "0"
            ])
    }
}

@Suite struct CLIValidationTests {
    @Test func sampleAndCheckRunToTheEnd() throws {
        let scratch = try ScratchDirectory()
        let sample = try CLI.run([
            "sample", "--patients", "12", "--seed", "3", scratch.file("s"), "--compress",
        ])
        #expect(sample.status == 0, "\(sample.stderr)")
        #expect(Fixtures.listing(scratch.file("s")).count == 19)
        let check = try CLI.run(["check", scratch.file("s"), "--report", scratch.file("r.json")])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("warnings"))
        let json = try String(contentsOfFile: scratch.file("r.json"), encoding: .utf8)
        #expect(json.contains("\"valid\" : true"))
    }

    @Test func exitStatusesTellCleanRejectedAndInvalidApart() throws {
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 6)
        let users = scratch.file("in/api_user.csv")
        let text = try String(contentsOfFile: users, encoding: .utf8)
        try
            (text + "900,bad.user,not-an-email,!x,\"\",\"\",patient,\"\",\"\",\"\",,,,t,f,t,f,f,"
            + "2025-01-01 00:00:00+00,,2025-01-01 00:00:00+00\n").write(
                toFile: users, atomically: true, encoding: .utf8)
        let check = try CLI.run(["check", scratch.file("in")])
        #expect(check.status == 65)
        #expect(check.stderr.contains("api_user.csv:\(text.split(separator: "\n").count + 1) id 900"))
        let aborted = try CLI.run(["copy", scratch.file("in"), scratch.file("db.sqlite3")])
        #expect(aborted.status == 65)
        #expect(aborted.stderr.contains("nothing was written"))
        #expect(!FileManager.default.fileExists(atPath: scratch.file("db.sqlite3")))
        let rejected = try CLI.run([
            "copy", scratch.file("in"), scratch.file("db.sqlite3"), "--on-error", "reject",
        ])
        #expect(rejected.status == 3)
        #expect(rejected.stderr.contains(scratch.file("in.rejects")))
        #expect(Fixtures.listing(scratch.file("in.rejects")) == ["_reasons.csv", "api_user.csv"])
        let usage = try CLI.run(["copy", scratch.file("in")])
        #expect(usage.status == 64)
    }
}

@Suite struct CLIReportTests {
    @Test func reportWritesTheMonthFolder() throws {
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 20)
        let result = try CLI.run([
            "report", scratch.file("in"), "--month", "2025-03", "--timezone", "Asia/Manila", "--out",
            scratch.file("r"),
            "--format", "html,md",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Fixtures.listing(scratch.file("r/2025-03")) == ["index.html", "report.md"])
        let bad = try CLI.run(["report", scratch.file("in"), "--month", "2025-13"])
        #expect(bad.status == 64)
        let zone = try CLI.run([
            "report", scratch.file("in"), "--month", "2025-03", "--timezone", "Mars/Olympus",
        ])
        #expect(zone.status == 64)
        #expect(zone.stderr.contains("unknown time zone"))
    }

    @Test func aSourceWithoutDataIsRefusedAndOneWithoutSomeTablesWarnsOnStderr() throws {
        let scratch = try ScratchDirectory()
        try FileManager.default.createDirectory(
            atPath: scratch.file("empty"), withIntermediateDirectories: true)
        let arguments = [
            "--month", "2025-03", "--timezone", "UTC", "--out", scratch.file("r"),
            "--clinic-name", "Sunrise Dental", "--format", "html,json",
        ]
        let empty = try CLI.run(["report", scratch.file("empty")] + arguments)
        #expect(empty.status == 65)
        #expect(empty.stderr.contains("the source has no api_billing, api_appointment, api_user tables"))
        #expect(!FileManager.default.fileExists(atPath: scratch.file("r")))
        try Fixtures.writeSample(to: scratch.file("some"), patients: 3)
        for name in Fixtures.listing(scratch.file("some"))
        where !["api_user.csv", "api_billing.csv", "api_appointment.csv"].contains(name) {
            try FileManager.default.removeItem(atPath: scratch.file("some/\(name)"))
        }
        let result = try CLI.run(["report", scratch.file("some")] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("warning: No staff schedule in this source"))
        #expect(result.stderr.contains("warning: No inventory in this source"))
        let html = try String(contentsOfFile: scratch.file("r/2025-03/index.html"), encoding: .utf8)
        #expect(html.contains("<h1>Sunrise Dental</h1>") && html.contains("No inventory in this source"))
        let json = try String(contentsOfFile: scratch.file("r/2025-03/report.json"), encoding: .utf8)
        #expect(json.contains("\"clinic\" : \"Sunrise Dental\""))
    }
}
