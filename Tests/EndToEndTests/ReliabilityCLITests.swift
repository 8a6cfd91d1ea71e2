import ClinicFormats
import Foundation
import TestSupport
import Testing

/// What the files carry and what hostile input does, through the CLI as users run it.
@Suite struct ReliabilityCLITests {
    private func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func dumpsArchivesAndDatabasesAreOwnerOnly() throws {
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 3)
        for target in ["dump", "f.json", "b.tar.gz", "c.sqlite3"] {
            let result = try CLI.run(["copy", scratch.file("in"), scratch.file(target), "-q"])
            #expect(result.status == 0, "\(target): \(result.stderr)")
        }
        #expect(try mode(scratch.file("dump")) == 0o700)
        #expect(try mode(scratch.file("dump/api_user.csv")) == 0o600)
        #expect(try mode(scratch.file("f.json")) == 0o600)
        #expect(try mode(scratch.file("b.tar.gz")) == 0o600)
        #expect(try mode(scratch.file("c.sqlite3")) == 0o600)
        let shared = try CLI.run([
            "copy", scratch.file("in"), scratch.file("shared"), "--file-mode", "640", "-q",
        ])
        #expect(shared.status == 0, "\(shared.stderr)")
        #expect(try mode(scratch.file("shared")) == 0o750)
        #expect(try mode(scratch.file("shared/api_user.csv")) == 0o640)
        let report = try CLI.run([
            "report", scratch.file("in"), "--month", "2025-10", "--out", scratch.file("reports"),
        ])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(try mode(scratch.file("reports/2025-10/index.html")) == 0o600)
        let bad = try CLI.run(["copy", scratch.file("in"), scratch.file("x"), "--file-mode", "044"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--file-mode"))
    }

    @Test func anExistingTargetFileIsReplacedOnlyWithForce() throws {
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 3)
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: scratch.file("b.tar.gz")))
        let refused = try CLI.run(["copy", scratch.file("in"), scratch.file("b.tar.gz")])
        #expect(refused.status == 73)
        #expect(refused.stderr.contains("pass --force"))
        #expect(try String(contentsOfFile: scratch.file("b.tar.gz"), encoding: .utf8) == "keep me")
        let forced = try CLI.run(["copy", scratch.file("in"), scratch.file("b.tar.gz"), "--force", "-q"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try CLI.run(["check", scratch.file("b.tar.gz")]).status == 0)
        let database = try CLI.run(["copy", scratch.file("in"), scratch.file("c.sqlite3"), "--force"])
        #expect(database.status == 64)
        #expect(database.stderr.contains("--truncate"))
    }

    @Test func aFullDiskOrFileSizeLimitLeavesNothingAtTheFinalPath() throws {
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 150)
        for target in ["b.tar.gz", "dump", "f.jsonl"] {
            // bash's ulimit -f counts KiB: 64 KiB is far less than any of these outputs.
            let result = try CLI.run(
                [
                    "-c", "ulimit -f 64; exec \"$0\" \"$@\"", CLI.binary.path, "copy", scratch.file("in"),
                    scratch.file(target), "-q",
                ], executable: "/bin/bash")
            #expect(result.status == 74, "\(target): \(result.stderr)")
            #expect(result.stderr.contains("File too large"))
            #expect(result.stderr.contains("ulimit -f"))
            #expect(!FileManager.default.fileExists(atPath: scratch.file(target)))
        }
        #expect(Fixtures.listing(scratch.path) == ["in"])
    }

    @Test func whatAKilledRunLeftStagedIsRemovedByTheNextRun() throws {
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 3)
        // A process id that cannot be running (pid_max is at most 2^22), and one that is: this one.
        let abandoned = [".b.tar.gz.partial-99999999", ".dump.partial-99999999"]
        let live = ".b.tar.gz.partial-\(getpid())"
        for name in abandoned + [live] {
            try Data("half a backup".utf8).write(to: URL(fileURLWithPath: scratch.file(name)))
        }
        for target in ["b.tar.gz", "dump"] {
            let result = try CLI.run(["copy", scratch.file("in"), scratch.file(target), "-q"])
            #expect(result.status == 0, "\(result.stderr)")
        }
        #expect(Fixtures.listing(scratch.path).sorted() == [live, "b.tar.gz", "dump", "in"].sorted())
    }

    @Test func aFileCutShortOrUnreadableIsAnError() throws {
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 5)
        let copy = try CLI.run(["copy", scratch.file("in"), scratch.file("b.tar.gz"), "-q"])
        #expect(copy.status == 0)
        let whole = try Data(contentsOf: URL(fileURLWithPath: scratch.file("b.tar.gz")))
        try whole.prefix(whole.count - 100).write(to: URL(fileURLWithPath: scratch.file("cut.tar.gz")))
        let cut = try CLI.run(["copy", scratch.file("cut.tar.gz"), scratch.file("c.sqlite3")])
        #expect(cut.status == 65)
        #expect(cut.stderr.contains("cut.tar.gz"))
        #expect(!FileManager.default.fileExists(atPath: scratch.file("c.sqlite3")))
        try FileManager.default.createDirectory(
            atPath: scratch.file("dir.json"), withIntermediateDirectories: false)
        let directory = try CLI.run(["check", scratch.file("dir.json")])
        #expect(directory.status == 74)
        #expect(directory.stderr.contains("dir.json"))
        #expect(directory.stderr.contains("Is a directory"))
    }

    @Test func aHeaderCarryingSQLIsAnUnknownColumnAndNothingIsWritten() throws {
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 3)
        let path = scratch.file("in/api_service.csv")
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "id,name,", with: "id,\"name\"\"; drop table api_user; --\",")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try CLI.run(["copy", scratch.file("in"), scratch.file("c.sqlite3")])
        #expect(result.status == 65)
        #expect(result.stderr.contains("api_service.csv:1"))
        #expect(result.stderr.contains("unknown column \"name\"; drop table api_user; --\""))
        #expect(!FileManager.default.fileExists(atPath: scratch.file("c.sqlite3")))
        let fixture = scratch.file("f.json")
        try #"[{"model": "api.service", "pk": 1, "fields": {"name; DROP TABLE api_user": "x"}}]"#
            .write(toFile: fixture, atomically: true, encoding: .utf8)
        let viaFixture = try CLI.run(["copy", fixture, scratch.file("c.sqlite3")])
        #expect(viaFixture.status == 65)
        #expect(viaFixture.stderr.contains("name; DROP TABLE api_user"))
        #expect(!FileManager.default.fileExists(atPath: scratch.file("c.sqlite3")))
    }

    @Test func aDeeplyNestedToothChartIsRefused() throws {
        let scratch = try ScratchDirectory()
        let depth = 100_000
        let chart = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        try
            (#"[{"model": "api.toothchart", "pk": 1, "fields": {"patient": 1, "chart_data": "#
            + chart + #", "updated_at": "2025-01-01T00:00:00Z"}}]"#)
            .write(toFile: scratch.file("t.json"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["check", scratch.file("t.json")])
        #expect(result.status == 65)
        #expect(result.stderr.contains("t.json"))
        #expect(result.stderr.contains("nested deeper than 512 levels"))
    }

    @Test func aGzipBombIsStoppedAtTheFieldLimit() throws {
        let scratch = try ScratchDirectory()
        try FileManager.default.createDirectory(atPath: scratch.file("in"), withIntermediateDirectories: true)
        try GzipBomb.write(
            to: scratch.file("in/api_service.csv.gz"),
            prefix: "id,name,category,description,image,created_at\n1,",
            megabytes: 2048)
        let result = try CLI.run(["check", scratch.file("in"), "--max-field-mib", "1"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("api_service.csv.gz:2"))
        #expect(result.stderr.contains("a field is larger than 1 MiB"))
        try GzipBomb.write(
            to: scratch.file("big.json.gz"),
            prefix: #"[{"model": "api.service", "pk": 1, "fields": {"name": ""#,
            megabytes: 2048)
        let fixture = try CLI.run(["check", scratch.file("big.json.gz"), "--max-field-mib", "1"])
        #expect(fixture.status == 65)
        #expect(fixture.stderr.contains("a JSON object larger than 4 MiB"))
    }

    @Test func theAuditLogRecordsEachRunWithoutThePassword() throws {
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 3)
        let log = scratch.file("audit.jsonl")
        let first = try CLI.run(["copy", scratch.file("in"), scratch.file("a"), "-q", "--audit-log", log])
        #expect(first.status == 0, "\(first.stderr)")
        let second = try CLI.run([
            "copy", scratch.file("a"), scratch.file("b.tar.gz"), "-q", "--audit-log", log,
        ])
        #expect(second.status == 0, "\(second.stderr)")
        let failed = try CLI.run([
            "copy", scratch.file("a"), "postgresql://clinic:s3cret-pw@127.0.0.1:1/clinic", "--audit-log", log,
        ])
        #expect(failed.status == 69)
        let text = try String(contentsOfFile: log, encoding: .utf8)
        #expect(!text.contains("s3cret-pw"))
        #expect(try mode(log) == 0o600)
        let lines = text.split(separator: "\n").map {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(lines.count == 3)
        let records = lines.compactMap { $0 }
        #expect(records.map { $0["outcome"] as? String } == ["clean", "clean", "error"])
        #expect(records.map { $0["exitStatus"] as? Int } == [0, 0, 69])
        #expect(records[2]["target"] as? String == "postgresql://clinic@127.0.0.1:1/clinic")
        #expect(
            (records[2]["command"] as? [String])?.contains("postgresql://clinic@127.0.0.1:1/clinic") == true)
        #expect(records[0]["user"] as? String == NSUserName())
        // The same rows copied on give the same per-table checksums.
        func sums(_ record: [String: Any]) -> [String: String] {
            let tables = record["tables"] as? [[String: Any]] ?? []
            return Dictionary(
                uniqueKeysWithValues: tables.map { ($0["table"] as! String, $0["sha256"] as! String) })
        }
        #expect(sums(records[0]).count == 19)
        #expect(sums(records[0]) == sums(records[1]))
    }
}
