import Foundation
import TestSupport
import Testing

/// Locations are explicit: what names no format is refused with every form listed, never made a folder.
@Suite struct LocationCLITests {
    private let forms = "a location is one of:"

    @Test(arguments: [
        ("backup.zip", "does not write zip files"),
        ("dump.gz", ".gz alone does not say what is compressed"),
        ("out.csv", "out.csv would be one CSV file; a CSV location is a folder"),
        ("backup.bak", "does not know the extension .bak"),
    ])
    func aTargetOfUnknownExtensionIsRefusedListingTheFormats(name: String, message: String) throws {
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 3)
        let result = try CLI.run(["copy", scratch.file("in"), scratch.file(name)])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.contains(forms) && result.stderr.contains("backup.tar.gz, .tgz"))
        #expect(!FileManager.default.fileExists(atPath: scratch.file(name)))
    }

    @Test func aFolderWithADotIsWrittenWithASlash() throws {
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 3)
        let refused = try CLI.run(["copy", scratch.file("in"), scratch.file("out.csv")])
        #expect(refused.stderr.contains("a folder named out.csv is written out.csv/"))
        let result = try CLI.run(["copy", scratch.file("in"), scratch.file("out.csv") + "/", "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: scratch.file("out.csv/api_user.csv")))
        // An existing folder with a dot, and a dated one, are folders.
        #expect(try CLI.run(["check", scratch.file("out.csv")]).status == 0)
        try FileManager.default.moveItem(atPath: scratch.file("in"), toPath: scratch.file("dump-2025.11"))
        #expect(try CLI.run(["check", scratch.file("dump-2025.11")]).status == 0)
    }

    @Test func aCSVFileGivenAsTheFolderIsNamedAsWhatItIs() throws {
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 3)
        let result = try CLI.run(["check", scratch.file("in/api_user.csv")])
        #expect(result.status == 64)
        #expect(
            result.stderr.contains(
                "api_user.csv is a CSV of api_user; give its folder (\(scratch.file("in")))"),
            "\(result.stderr)")
        // The hint's other way works: the folder with --tables.
        #expect(try CLI.run(["check", scratch.file("in"), "--tables", "api_user"]).status == 0)
        try Data("hello".utf8).write(to: URL(fileURLWithPath: scratch.file("notes")))
        let other = try CLI.run(["check", scratch.file("notes")])
        #expect(other.status == 64)
        #expect(other.stderr.contains("notes is a file of no format clinic-etl reads"), "\(other.stderr)")
        #expect(other.stderr.contains(forms))
    }

    @Test(arguments: [
        ("mysql://app:hunter2secret@db/clinic", "unknown URL scheme \"mysql\""),
        ("postgresql:/app:hunter2secret@db/clinic", "postgresql: is not followed by //"),
        ("postgres:/x", "postgres: is not followed by //"),
        ("postgresq://app:hunter2secret@db/clinic", "(did you mean postgresql://?)"),
        ("sqlite:/x.sqlite3", "an SQLite URL is sqlite:///relative/path"),
        ("https://example.com/clinic", "unknown URL scheme \"https\""),
    ])
    func unknownSchemesAndTyposAreRefusedNeverFolders(location: String, message: String) throws {
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 3)
        for arguments in [["copy", scratch.file("in"), location], ["check", location]] {
            let result = try CLI.run(arguments + ["--audit-log", scratch.file("audit.jsonl")])
            #expect(result.status == 64, "\(result.stderr)")
            #expect(result.stderr.contains(message), "\(result.stderr)")
            #expect(result.stderr.contains(forms))
            #expect(!result.stderr.contains("hunter2secret"))
            #expect(!result.stderr.contains("no such folder"))
        }
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted() == [
                "audit.jsonl", "in",
            ])
        #expect(
            !(try String(contentsOfFile: scratch.file("audit.jsonl"), encoding: .utf8)).contains(
                "hunter2secret"))
        #expect(!FileManager.default.fileExists(atPath: location.split(separator: ":")[0] + ":"))
    }

    @Test func helpListsEveryFormOfLocation() throws {
        for command in ["copy", "check", "report", "sample"] {
            let help = try CLI.run([command, "--help"]).stdout
            for form in [
                "postgresql://", "host=db dbname=clinic", "$DATABASE_URL", "sqlite:///", ".db", "dir/",
                ".jsonl", ".tar.gz", "dump.sql", ".age",
            ] {
                #expect(help.contains(form), "\(command) --help lacks \(form)")
            }
        }
    }

    @Test func reportNamesTheSQLiteFallback() throws {
        let scratch = try ScratchDirectory()
        let clean = ["DATABASE_URL": ""]
        let missing = try CLI.run(
            ["-c", "cd '\(scratch.path)' && exec '\(CLI.binary.path)' report --month 2025-10"],
            environment: clean, executable: "/bin/sh")
        #expect(missing.status == 64)
        #expect(
            missing.stderr.contains("$DATABASE_URL is not set, and the app's fallback sqlite:///db.sqlite3"))
        #expect(missing.stderr.contains(forms))
        try Fixtures.writeSample(to: scratch.file("in"), patients: 5)
        #expect(try CLI.run(["copy", scratch.file("in"), scratch.file("db.sqlite3"), "--quiet"]).status == 0)
        let used = try CLI.run(
            ["-c", "cd '\(scratch.path)' && exec '\(CLI.binary.path)' report --month 2025-10 --format md"],
            environment: clean, executable: "/bin/sh")
        #expect(used.status == 0, "\(used.stderr)")
        #expect(
            used.stderr.contains("reading sqlite:///db.sqlite3, the app's own fallback"), "\(used.stderr)")
    }
}
