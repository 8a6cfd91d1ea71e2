import Foundation
import TestSupport
import Testing

/// Targets that are links, mount points and folders the owner uses; the audit log on a full disk.
@Suite struct FileTargetCLITests {
    private func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    /// Runs the binary from bash, after `setup` (a limit, a umask).
    private func run(_ setup: String, _ arguments: [String]) throws -> CLI.Result {
        try CLI.run(
            ["-c", "\(setup); exec \"$0\" \"$@\"", CLI.binary.path] + arguments, executable: "/bin/bash")
    }

    @Test func anAuditRecordThatCannotBeWrittenIsCutBackAndTheFinishedJobSaysSo() throws {
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 3)
        let log = scratch.file("audit.jsonl")
        // 1000 bytes of earlier records, then a limit of 1 KiB: the next record is written short.
        let earlier = String(repeating: "{\"earlier\":\"record\"}\n", count: 50)
        try Data(earlier.utf8).write(to: URL(fileURLWithPath: log))
        let result = try run("ulimit -f 1", ["check", scratch.file("in"), "-q", "--audit-log", log])
        #expect(result.status == 74, "\(result.stderr)")
        #expect(result.stderr.contains("the check is complete; the audit record could not be written"))
        #expect(result.stderr.contains("File too large"))
        #expect(try String(contentsOfFile: log, encoding: .utf8) == earlier)
        // A backup smaller than the limit, and a log just under it.
        let full = String(repeating: "{\"earlier\":\"record\"}\n", count: 3116)
        try Data(full.utf8).write(to: URL(fileURLWithPath: log))
        let backup = try run(
            "ulimit -f 64", ["copy", scratch.file("in"), scratch.file("b.tar.gz"), "-q", "--audit-log", log])
        #expect(backup.status == 74)
        #expect(backup.stderr.contains("the backup is complete; the audit record could not be written"))
        #expect(try CLI.run(["check", scratch.file("b.tar.gz"), "-q"]).status == 0)
        #expect(try String(contentsOfFile: log, encoding: .utf8) == full)
        // A line cut short some other way (a crash) does not swallow the next record.
        try Data((earlier + "{\"cut").utf8).write(to: URL(fileURLWithPath: log))
        let next = try CLI.run(["check", scratch.file("in"), "-q", "--audit-log", log])
        #expect(next.status == 0, "\(next.stderr)")
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 52)
        #expect(lines.last?.hasPrefix("{") == true && lines.last?.hasSuffix("}") == true)
        let last = try #require(lines.last)
        #expect(try JSONSerialization.jsonObject(with: Data(last.utf8)) is [String: Any])
    }

    @Test func aRerunReportReplacesOnlyItsOwnFiles() throws {
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 5)
        let arguments = [
            "report", scratch.file("in"), "--month", "2025-10", "--out", scratch.file("r/clinic"),
        ]
        let first = try run("umask 000", arguments)
        #expect(first.status == 0, "\(first.stderr)")
        for folder in ["r", "r/clinic", "r/clinic/2025-10"] {
            #expect(try mode(scratch.file(folder)) == 0o700)
        }
        let month = scratch.file("r/clinic/2025-10")
        try Data("owner's notes".utf8).write(to: URL(fileURLWithPath: month + "/notes.txt"))
        try Data("%PDF".utf8).write(to: URL(fileURLWithPath: month + "/printed.pdf"))
        let again = try CLI.run(arguments + ["--format", "html,md"])
        #expect(again.status == 0, "\(again.stderr)")
        // The CSVs and JSON of the first run are its own: removed; the owner's files stay.
        #expect(Fixtures.listing(month) == ["index.html", "notes.txt", "printed.pdf", "report.md"])
        #expect(try String(contentsOfFile: month + "/notes.txt", encoding: .utf8) == "owner's notes")

        let foreign = scratch.file("other/2025-10")
        try FileManager.default.createDirectory(atPath: foreign, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: URL(fileURLWithPath: foreign + "/thesis.docx"))
        let refused = try CLI.run([
            "report", scratch.file("in"), "--month", "2025-10", "--out", scratch.file("other"),
        ])
        #expect(refused.status == 73)
        #expect(refused.stderr.contains("the folder holds files the report did not write: thesis.docx"))
        #expect(refused.stderr.contains("--force"))
        #expect(Fixtures.listing(foreign) == ["thesis.docx"])
        let forced = try CLI.run([
            "report", scratch.file("in"), "--month", "2025-10", "--out", scratch.file("other"), "--force",
            "--format", "md",
        ])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(Fixtures.listing(foreign) == ["report.md", "thesis.docx"])
    }

    @Test func symlinkedTargetsAreWrittenThroughByCopy() throws {
        let scratch = try ScratchDirectory()
        let fm = FileManager.default
        try Fixtures.writeSample(to: scratch.file("in"), patients: 3)
        try fm.createDirectory(atPath: scratch.file("nas/dumps"), withIntermediateDirectories: true)
        try fm.createSymbolicLink(
            atPath: scratch.file("dumps"), withDestinationPath: scratch.file("nas/dumps"))
        for force in [[], ["--force"]] {
            let result = try CLI.run(["copy", scratch.file("in"), scratch.file("dumps"), "-q"] + force)
            #expect(result.status == 0, "\(result.stderr)")
        }
        #expect(try fm.destinationOfSymbolicLink(atPath: scratch.file("dumps")) == scratch.file("nas/dumps"))
        #expect(
            try Fixtures.contents(of: scratch.file("nas/dumps")) == Fixtures.contents(of: scratch.file("in")))
        try fm.createSymbolicLink(atPath: scratch.file("latest.tar.gz"), withDestinationPath: "nas/b.tar.gz")
        for force in [[], ["--force"]] {
            let result = try CLI.run(
                ["copy", scratch.file("in"), scratch.file("latest.tar.gz"), "-q"] + force)
            #expect(result.status == 0, "\(result.stderr)")
        }
        #expect(try fm.destinationOfSymbolicLink(atPath: scratch.file("latest.tar.gz")) == "nas/b.tar.gz")
        #expect(try CLI.run(["check", scratch.file("nas/b.tar.gz"), "-q"]).status == 0)
        #expect(Fixtures.listing(scratch.file("nas")) == ["b.tar.gz", "dumps"])
    }

    /// A tmpfs mounted in a private mount namespace (`unshare -rm`, as the CI user can).
    @Test func anEmptyMountPointIsStagedInsideItself() throws {
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 3)
        let mount = scratch.file("mnt")
        try FileManager.default.createDirectory(atPath: mount, withIntermediateDirectories: true)
        let script = """
            mount -t tmpfs -o size=8m none "$1" || exit 99
            "$0" copy "$2" "$1" -q || exit $?
            "$0" copy "$2" "$1" -q --force || exit $?
            ls -A "$1" > "$3"
            [ "$(stat -c %d "$1")" != "$(stat -c %d "$1/..")" ] || exit 98
            "$0" copy "$1" "$4" -q
            """
        let result = try CLI.run(
            [
                "-rm", "/bin/sh", "-c", script, CLI.binary.path, mount, scratch.file("in"),
                scratch.file("ls"),
                scratch.file("back"),
            ], executable: "/usr/bin/unshare")
        #expect(result.status == 0, "\(result.stderr)")
        let listing = try String(contentsOfFile: scratch.file("ls"), encoding: .utf8).split(separator: "\n")
        #expect(listing.sorted() == Fixtures.listing(scratch.file("in")).map { Substring($0) })
        #expect(try Fixtures.contents(of: scratch.file("back")) == Fixtures.contents(of: scratch.file("in")))
    }
}
