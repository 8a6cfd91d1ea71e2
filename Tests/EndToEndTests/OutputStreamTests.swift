import Foundation
import TestSupport
import Testing

/// What goes to standard output (results) and standard error (diagnostics), in which order, and
/// how `--quiet` and `--json` change it.
@Suite struct OutputStreamTests {
    /// A folder holding only `api_service.csv`: `bad` rows with an unreadable `created_at`
    /// after `good` valid ones.
    private func services(good: Int, bad: Int, in scratch: ScratchDirectory) throws -> String {
        let folder = scratch.file("services")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var text = "id,name,category,description,created_at\n"
        for i in 1...max(good, 1) where good > 0 {
            text += "\(i),Service \(i),all,Cleaning,2025-01-01 00:00:00+00\n"
        }
        for i in 0..<bad { text += "\(1000 + i),Broken \(i),all,Cleaning,never\n" }
        try text.write(toFile: folder + "/api_service.csv", atomically: true, encoding: .utf8)
        return folder
    }

    /// Runs the binary with both streams redirected into one file, as `>log 2>&1` does.
    private func runIntoOneFile(_ arguments: [String], scratch: ScratchDirectory) throws -> (Int32, String) {
        let log = scratch.file("both.log")
        let result = try CLI.run(
            ["-c", "exec \"$0\" \"$@\" >\"$LOG\" 2>&1", CLI.binary.path] + arguments,
            environment: ["LOG": log], executable: "/bin/sh")
        return (result.status, try String(contentsOfFile: log, encoding: .utf8))
    }

    /// The text with each summary line's seconds (the last column) replaced by `s`.
    private func withoutSeconds(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            guard let last = line.split(separator: " ").last, last.contains("."),
                last.allSatisfy({ $0.isNumber || $0 == "." })
            else { return String(line) }
            return line.dropLast(last.count) + "s"
        }.joined(separator: "\n")
    }

    @Test func bothStreamsInOneFileKeepTheOrderAndWholeLines() throws {
        let scratch = try ScratchDirectory()
        let folder = try services(good: 5, bad: 120, in: scratch)
        let arguments = ["check", folder, "--examples", "120", "--timezone", "UTC"]
        let apart = try CLI.run(arguments)
        let (status, both) = try runIntoOneFile(arguments, scratch: scratch)
        #expect(status == 65 && apart.status == 65)
        #expect(both.utf8.count > 8192, "more than two 4 KiB blocks")
        // Violations, then the summary, then the verdict: each where it happened, none split.
        var diagnostics = apart.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        let empty = diagnostics.removeLast()
        #expect(empty.isEmpty)
        let verdict = String(diagnostics.popLast() ?? "")
        let expected = "error: 120 invalid rows; 120 errors, 0 warnings in 125 rows of 1 table"
        #expect(verdict == expected)
        #expect(apart.stdout.hasPrefix("table "))
        #expect(!apart.stdout.contains("never"), "no violation on standard output")
        let before = diagnostics.joined(separator: "\n") + "\n"
        let inOrder = before + apart.stdout + verdict + "\n"
        // The two runs differ only in the seconds each table took.
        #expect(withoutSeconds(both) == withoutSeconds(inOrder))
        #expect(withoutSeconds(both) != both, "the summary's seconds were masked")
    }

    @Test func anAbortedLoadSaysSoInOrderAndShowsNothingWritten() throws {
        let scratch = try ScratchDirectory()
        let folder = try services(good: 3, bad: 1, in: scratch)
        // Valid users go first (foreign-key order), all sent to the target before the bad service.
        try Fixtures.writeSample(to: scratch.file("sample"), patients: 4)
        try FileManager.default.copyItem(
            atPath: scratch.file("sample/api_user.csv"), toPath: folder + "/api_user.csv")
        let users = try Fixtures.records(ofFile: folder + "/api_user.csv").count
        let target = "sqlite:///" + scratch.file("c.sqlite3")
        let (status, both) = try runIntoOneFile(
            ["copy", folder, target, "--audit-log", scratch.file("audit.jsonl")], scratch: scratch)
        #expect(status == 65)
        let lines = both.split(separator: "\n").map(String.init)
        let header = try #require(lines.firstIndex { $0.hasPrefix("table ") })
        let violation = try #require(lines.firstIndex { $0.hasPrefix("error: api_service.created_at") })
        let rolledBack = try #require(lines.firstIndex(of: "0 written (rolled back)"))
        #expect(violation < header && header < rolledBack)
        #expect(
            Array(lines.suffix(2)) == [
                "error: 1 invalid row; nothing was written to the target",
                "  hint: fix them, or pass --on-error reject to load the valid rows and set the others aside",
            ])
        let service = try #require(lines.first { $0.hasPrefix("api_service ") })
        let cells = service.split(separator: " ").map(String.init)
        #expect(cells.prefix(5) == ["api_service", "4", "1", "0", "0"], "read, rejected, warnings, written")
        let user = try #require(lines.first { $0.hasPrefix("api_user ") })
        let userCells = user.split(separator: " ").prefix(5).map(String.init)
        #expect(userCells == ["api_user", "\(users)", "0", "0", "0"], "\(both)")
        // The audit log tells the same: rows read, none written.
        let audit = try String(contentsOfFile: scratch.file("audit.jsonl"), encoding: .utf8)
        let record = try #require(
            try JSONSerialization.jsonObject(with: Data(audit.utf8)) as? [String: Any])
        let tables = try #require(record["tables"] as? [[String: Any]])
        #expect(tables.map { $0["rowsWritten"] as? Int } == [0, 0])
        #expect(tables.map { $0["rowsRead"] as? Int } == [users, 4])
    }

    @Test func quietPrintsNothingOnSuccessAndOnlyTheConclusionOnFailure() throws {
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 6)
        let target = "sqlite:///" + scratch.file("c.sqlite3")
        for arguments in [
            ["copy", scratch.file("in"), target, "-q"],
            ["check", scratch.file("in"), "--quiet"],
            ["copy", scratch.file("in"), target, "--mode", "upsert", "-q"],
            ["report", scratch.file("in"), "--month", "2025-03", "--out", scratch.file("r"), "-q"],
            ["sample", "--patients", "3", scratch.file("s"), "-q"],
        ] {
            let run = try CLI.run(arguments)
            #expect(run.status == 0, "\(arguments): \(run.stderr)")
            #expect(run.stdout.isEmpty && run.stderr.isEmpty, "\(arguments): \(run.stdout)\(run.stderr)")
        }
        let folder = try services(good: 2, bad: 2, in: scratch)
        let failed = try CLI.run(["copy", folder, "sqlite:///" + scratch.file("d.sqlite3"), "-q"])
        #expect(failed.status == 65)
        #expect(failed.stdout.isEmpty)
        #expect(
            failed.stderr == "error: 2 invalid rows; nothing was written to the target\n"
                + "  hint: fix them, or pass --on-error reject to load the valid rows and set the others aside\n"
        )
        let checked = try CLI.run(["check", folder, "-q"])
        #expect(checked.status == 65)
        #expect(checked.stderr == "error: 2 invalid rows; 2 errors, 0 warnings in 4 rows of 1 table\n")
        let refused = try CLI.run(["copy", scratch.file("in"), target, "-q"])
        #expect(refused.status == 73)
        #expect(refused.stdout.isEmpty && refused.stderr.hasPrefix("error: "))
    }

    @Test func jsonIsOneObjectWithTheRightNumbers() throws {
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 6)
        let target = "sqlite:///" + scratch.file("c.sqlite3")
        let clean = try CLI.run(["copy", scratch.file("in"), target, "--json"])
        #expect(clean.status == 0, "\(clean.stderr)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(clean.stdout.utf8)) as? [String: Any])
        #expect(object["outcome"] as? String == "clean")
        #expect(object["exitStatus"] as? Int == 0)
        #expect(object["rolledBack"] as? Bool == false)
        let tables = try #require(object["tables"] as? [[String: Any]])
        #expect(tables.count == 19)
        let lines = try Fixtures.records(ofFile: scratch.file("in/api_user.csv")).count
        let user = try #require(tables.first { $0["table"] as? String == "api_user" })
        #expect(user["read"] as? Int == lines && user["valid"] as? Int == lines)
        #expect(user["written"] as? Int == lines && user["rejected"] as? Int == 0)
        let total = try #require(object["total"] as? [String: Any])
        #expect(total["read"] as? Int == tables.reduce(0) { $0 + ($1["read"] as? Int ?? 0) })
        #expect(total["written"] as? Int == total["read"] as? Int)

        let folder = try services(good: 3, bad: 2, in: scratch)
        let invalid = try CLI.run(["copy", folder, "sqlite:///" + scratch.file("d.sqlite3"), "--json"])
        #expect(invalid.status == 65)
        let failed = try #require(
            try JSONSerialization.jsonObject(with: Data(invalid.stdout.utf8)) as? [String: Any])
        #expect(failed["outcome"] as? String == "invalid" && failed["exitStatus"] as? Int == 65)
        #expect(failed["rolledBack"] as? Bool == true && failed["errors"] as? Int == 2)
        let service = try #require((failed["tables"] as? [[String: Any]])?.first)
        #expect(service["read"] as? Int == 5 && service["valid"] as? Int == 3)
        #expect(service["rejected"] as? Int == 2 && service["written"] as? Int == 0)
        #expect(invalid.stderr.contains("error: 2 invalid rows; nothing was written"))

        let check = try CLI.run(["check", folder, "--json"])
        let checked = try #require(
            try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        #expect(checked["exitStatus"] as? Int == 65 && checked["rolledBack"] == nil)
        #expect((checked["tables"] as? [[String: Any]])?.first?["written"] == nil)

        let report = try CLI.run([
            "report", scratch.file("in"), "--month", "2025-03", "--out", scratch.file("r"), "--format",
            "md,json",
            "--json",
        ])
        let written = try #require(
            try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        #expect(
            written["files"] as? [String] == ["report.md", "report.json"]
                && written["exitStatus"] as? Int == 0)

        let refused = try CLI.run(["copy", scratch.file("in"), target, "--json"])
        #expect(refused.status == 73)
        let error = try #require(
            try JSONSerialization.jsonObject(with: Data(refused.stdout.utf8)) as? [String: Any])
        #expect(error["outcome"] as? String == "error" && error["exitStatus"] as? Int == 73)
    }

    @Test func theSummaryFitsEightyColumnsWithUpsertCounts() throws {
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 30)
        let target = "sqlite:///" + scratch.file("c.sqlite3")
        let first = try CLI.run(["copy", scratch.file("in"), target])
        let again = try CLI.run(["copy", scratch.file("in"), target, "--mode", "upsert"])
        let check = try CLI.run(["check", scratch.file("in")])
        for run in [first, again, check] {
            #expect(run.status == 0, "\(run.stderr)")
            let lines = run.stdout.split(separator: "\n")
            #expect(lines.allSatisfy { $0.count <= 80 }, "\(run.stdout)")
            let table = lines.prefix { !$0.isEmpty }.prefix(21)
            #expect(table.count == 21 && Set(table.map(\.count)).count == 1, "\(run.stdout)")
        }
        #expect(again.stdout.contains("\n\nupsert "))
        #expect(again.stdout.contains("upsert: 0 inserted, 0 updated, "))
        let totalRead =
            check.stdout.split(separator: "\n").last?.split(separator: " ").dropFirst().first ?? ""
        #expect(check.stderr.hasSuffix(" in \(totalRead) rows of 19 tables\n"), "\(check.stderr)")
        #expect(check.stderr.split(separator: "\n").last?.hasPrefix("0 errors, ") == true, "\(check.stderr)")
    }
}

@Suite struct QuietDataCommandTests {
    @Test func keygenAndSchemaKeepTheirDataAndDropTheirWords() throws {
        let scratch = try ScratchDirectory()
        let key = try CLI.run(["keygen", scratch.file("k.txt"), "-q"])
        #expect(key.status == 0 && key.stderr.isEmpty, "\(key.stderr)")
        #expect(key.stdout.hasPrefix("age1") && key.stdout.split(separator: "\n").count == 1)
        let loud = try CLI.run(["keygen", scratch.file("k2.txt")])
        #expect(loud.stderr.contains("the public key is:"))
        let created = try CLI.run(["schema", "--create", "sqlite:///" + scratch.file("s.sqlite3"), "-q"])
        #expect(created.status == 0 && created.stdout.isEmpty && created.stderr.isEmpty, "\(created.stderr)")
        let again = try CLI.run([
            "schema", "--create", "sqlite:///" + scratch.file("t.sqlite3"), "--tables", "user",
        ])
        #expect(again.stdout.hasPrefix("created 1 table in "), "\(again.stdout)")
        #expect(try CLI.run(["schema", "-q"]).stdout.contains("CREATE TABLE"))
    }
}
