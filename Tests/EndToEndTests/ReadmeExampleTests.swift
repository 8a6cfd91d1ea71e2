import Foundation
import TestSupport
import Testing

/// One ```sh block of README.md: the commands it shows, as a shell runs them.
struct ReadmeExample: CustomTestStringConvertible, Sendable {
    /// The line of README.md the block starts on.
    let line: Int
    /// Its lines, each with the README line it came from; continuation lines stay as written.
    let lines: [(number: Int, text: String)]

    var testDescription: String { "README.md:\(line)" }

    static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("README.md")

    /// Every ```sh block of the README (other blocks show output or a layout, not commands).
    static let all: [ReadmeExample] = {
        guard let text = try? String(contentsOf: readme, encoding: .utf8) else { return [] }
        var blocks: [ReadmeExample] = []
        var current: [(Int, String)]?
        var start = 0
        for (i, line) in text.components(separatedBy: "\n").enumerated() {
            if line.hasPrefix("```") {
                if let lines = current {
                    blocks.append(ReadmeExample(line: start, lines: lines))
                    current = nil
                } else if line == "```sh" {
                    current = []
                    start = i + 1
                }
            } else if current != nil {
                current?.append((i + 1, line))
            }
        }
        return blocks
    }()

    /// The block as a script for the stage `ReadmeExampleTests` sets: each command echoed with its
    /// README line before it runs, the run stopped by the first that fails.
    ///
    /// The README speaks to a clinic's machine; the stage maps its few placeholders: the target
    /// database `postgresql://…/clinic` (and `postgresql://postgres@localhost/clinic`) to an
    /// empty database of the test server, system folders to folders of the scratch directory,
    /// `…` secrets to a value, and the release build to the suite's own binary (building it
    /// twice would double CI's time). `scripts/test.sh` is this suite, not run again.
    var script: String {
        var out = ["set -euo pipefail"]
        var pending = ""
        var pendingLine = 0
        for (number, raw) in lines {
            var text = raw
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if pending.isEmpty && (trimmed.isEmpty || trimmed.hasPrefix("#")) { continue }
            for (from, to) in Self.stage { text = text.replacingOccurrences(of: from, with: to) }
            // A crontab line: the schedule and user go; cron's `\%` is the shell's `%`.
            if let range = text.range(
                of: #"^[0-9*/,-]+ [0-9*/,-]+ [0-9*/,-]+ [0-9*/,-]+ [0-9*/,-]+ \w+ +"#,
                options: .regularExpression)
            {
                text.removeSubrange(range)
                text = text.replacingOccurrences(of: "\\%", with: "%")
            }
            if pending.isEmpty { pendingLine = number }
            pending += text + "\n"
            if text.hasSuffix("\\") { continue }
            let command = pending.trimmingCharacters(in: .whitespacesAndNewlines)
            pending = ""
            if command == "scripts/test.sh" { continue }
            let shown = command.replacingOccurrences(of: "'", with: "'\\''")
            out.append("echo '+ README.md:\(pendingLine): \(shown)' >&2")
            // `# exits 65`: the example shows a run that fails on purpose, with that status.
            if let match = command.firstMatch(of: /# exits (\d+)/), let status = Int(match.1) {
                out.append("if \(command)\nthen status=0; else status=$?; fi")
                out.append(
                    "[ $status -eq \(status) ] || { echo \"exited $status, not \(status)\" >&2; exit 1; }")
            } else {
                out.append(command)
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    private static let stage: [(String, String)] = [
        ("swift run -c release clinic-etl", "clinic-etl"),
        ("swift build -c release", "true"),
        (".build/release/clinic-etl", "\"$CLINIC_ETL_BIN\""),
        ("postgresql://…/clinic", "\"$CLINIC_DB\""),
        ("postgresql://postgres@localhost/clinic", "\"$CLINIC_DB\""),
        ("=… ", "=readme-example-passphrase "),
        ("/etc/clinic/", "root/etc/clinic/"),
        ("/var/backups/clinic/", "root/var/backups/clinic/"),
        ("/var/log/clinic/", "root/var/log/clinic/"),
        ("/srv/", "root/srv/"),
        ("/tmp/", "root/tmp/"),
        ("~/.local/bin", "root/bin"),
    ]
}

/// Issue #17: every example in the README runs, so none goes stale.
///
/// Each block runs in a fresh scratch folder holding a copy of `samples/`, the app's `db.sqlite3`
/// and a `fixture.xml.gz` (both of the sample clinic), with `$DATABASE_URL` a database of the
/// test server filled with the sample clinic and the target database empty.
@Suite(.serialized) struct ReadmeExampleTests {
    @Test func theReadmeHasItsExamples() {
        #expect(ReadmeExample.all.count >= 10, "found \(ReadmeExample.all.count) ```sh blocks")
    }

    @Test(arguments: ReadmeExample.all)
    func runs(_ example: ReadmeExample) throws {
        let scratch = try ScratchDirectory()
        let source = try ScratchDatabase()
        let target = try ScratchDatabase()
        let fm = FileManager.default
        try fm.copyItem(
            atPath: ReadmeExample.readme.deletingLastPathComponent().appendingPathComponent("samples").path,
            toPath: scratch.file("samples"))
        for folder in ["bin", "tmp", "etc/clinic", "var/backups/clinic", "var/log/clinic", "srv"] {
            try fm.createDirectory(atPath: scratch.file("root/" + folder), withIntermediateDirectories: true)
        }
        let setup = try CLI.run(["copy", scratch.file("samples/clinic"), source.url, "--quiet"])
        #expect(setup.status == 0, "\(setup.stderr)")
        for target in ["sqlite:///" + scratch.file("db.sqlite3"), scratch.file("fixture.xml.gz")] {
            let made = try CLI.run(["copy", scratch.file("samples/clinic"), target, "--quiet"])
            #expect(made.status == 0, "\(made.stderr)")
        }
        let key = try CLI.run(["keygen", scratch.file("root/etc/clinic/backup-key.txt")])
        try key.stdout.write(
            toFile: scratch.file("root/etc/clinic/backup-key.pub"), atomically: true, encoding: .utf8)
        try "export DATABASE_URL='\(source.url)'\n".write(
            toFile: scratch.file("root/etc/clinic/env"), atomically: true, encoding: .utf8)

        let bin = scratch.file("bin")
        try fm.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: bin + "/clinic-etl", withDestinationPath: CLI.binary.path)
        if AgeTool.isConfigured {
            try fm.createSymbolicLink(atPath: bin + "/age", withDestinationPath: try AgeTool.binary())
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let run = try CLI.run(
            ["-c", "cd '\(scratch.path)' && " + example.script],
            environment: [
                "PATH": scratch.file("root/bin") + ":" + bin + ":" + path, "DATABASE_URL": source.url,
                "CLINIC_DB": target.url,
                "CLINIC_ETL_BIN": CLI.binary.path, "KEY": "readme-example-anonymization-key-0123456789",
                "TZ": "UTC",
            ],
            executable: "/bin/bash")
        #expect(run.status == 0, "exit \(run.status)\n\(run.stderr.suffix(3000))")
    }
}
