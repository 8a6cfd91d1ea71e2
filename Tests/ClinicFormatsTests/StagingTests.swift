import ClinicPipeline
import Foundation
import TestSupport
import Testing

@testable import ClinicFormats

/// How staged files and folders reach their final path: never over another run's, through
/// symlinks, and with what killed runs left swept.
@Suite struct StagingTests {
    private func write(_ text: String, to staged: StagedFile) throws {
        let sink = try staged.create()
        try sink.write(Array(text.utf8))
        try sink.close()
    }

    private func text(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    @Test func twoRunsToOneNewFileTheSecondFailsAndTheFirstIsKept() throws {
        let scratch = try ScratchDirectory()
        let first = try StagedFile(path: scratch.file("b.tar.gz"), replace: false)
        let second = try StagedFile(path: scratch.file("b.tar.gz"), replace: false)
        try write("first", to: first)
        try write("second", to: second)
        try first.commit()
        let error = try #require(throws: ETLError.self) { try second.commit() }
        #expect(error.exitStatus == 73)
        #expect(error.description.contains("another run created the file"))
        second.discard()
        #expect(try text(scratch.file("b.tar.gz")) == "first")
        #expect(Fixtures.listing(scratch.path) == ["b.tar.gz"])
        // With --force the last one wins, as asked.
        let forced = try StagedFile(path: scratch.file("b.tar.gz"), replace: true)
        try write("forced", to: forced)
        try forced.commit()
        #expect(try text(scratch.file("b.tar.gz")) == "forced")
    }

    @Test func twoRunsToOneNewFolderTheSecondFailsAndTheFirstIsKept() throws {
        let scratch = try ScratchDirectory()
        for existing in [false, true] {
            let path = scratch.file(existing ? "empty" : "new")
            if existing {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            }
            let first = try StagedFolder(path: path, replace: false)
            let second = try StagedFolder(path: path, replace: false)
            try first.create("api_user.csv").close()
            try second.create("api_service.csv").close()
            try first.commit()
            let error = try #require(throws: ETLError.self) { try second.commit() }
            #expect(error.exitStatus == 73)
            second.discard()
            #expect(Fixtures.listing(path) == ["api_user.csv"])
        }
        #expect(Fixtures.listing(scratch.path) == ["empty", "new"])
    }

    @Test func aForcedFolderIsSwappedInWhole() throws {
        let scratch = try ScratchDirectory()
        let old = try StagedFolder(path: scratch.file("dump"), replace: false)
        try old.create("old.csv").close()
        try old.commit()
        let new = try StagedFolder(path: scratch.file("dump"), replace: true)
        try new.create("new.csv").close()
        try new.commit()
        #expect(Fixtures.listing(scratch.file("dump")) == ["new.csv"])
        #expect(Fixtures.listing(scratch.path) == ["dump"])
    }

    @Test func symlinkedTargetsAreWrittenThrough() throws {
        let scratch = try ScratchDirectory()
        let fm = FileManager.default
        try fm.createDirectory(atPath: scratch.file("nas/dumps"), withIntermediateDirectories: true)
        try fm.createDirectory(atPath: scratch.file("local"), withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: scratch.file("local/dumps"), withDestinationPath: "../nas/dumps")
        for replace in [false, true] {
            let folder = try StagedFolder(path: scratch.file("local/dumps"), replace: replace)
            try folder.create(replace ? "second.csv" : "first.csv").close()
            try folder.commit()
        }
        #expect(try fm.destinationOfSymbolicLink(atPath: scratch.file("local/dumps")) == "../nas/dumps")
        #expect(Fixtures.listing(scratch.file("nas/dumps")) == ["second.csv"])
        #expect(Fixtures.listing(scratch.file("local")) == ["dumps"])

        try Data("old".utf8).write(to: URL(fileURLWithPath: scratch.file("nas/clinic-2025-12.tar.gz")))
        try fm.createSymbolicLink(
            atPath: scratch.file("local/latest.tar.gz"),
            withDestinationPath: scratch.file("nas/clinic-2025-12.tar.gz"))
        #expect(throws: ETLError.self) {
            try StagedFile(path: scratch.file("local/latest.tar.gz"), replace: false)
        }
        let file = try StagedFile(path: scratch.file("local/latest.tar.gz"), replace: true)
        try write("new", to: file)
        try file.commit()
        #expect(
            try fm.destinationOfSymbolicLink(atPath: scratch.file("local/latest.tar.gz"))
                == scratch.file("nas/clinic-2025-12.tar.gz"))
        #expect(try text(scratch.file("nas/clinic-2025-12.tar.gz")) == "new")
    }

    @Test func deadStagingOfAnyNameIsSweptByAnyRun() throws {
        let scratch = try ScratchDirectory()
        let dead = [
            ".clinic-2025-11.tar.gz.partial-99999999", ".c.sqlite3.partial-99999998",
            ".c.sqlite3.partial-99999998-journal", ".dump.partial-99999997.old",
        ]
        let kept = [".notes.partial-\(getpid())", ".partial-12", "notes.partial-99999999", ".x.partial-abc"]
        for name in dead + kept { try Data("x".utf8).write(to: URL(fileURLWithPath: scratch.file(name))) }
        let file = try StagedFile(path: scratch.file("clinic-2025-12.tar.gz"), replace: false)
        try write("backup", to: file)
        try file.commit()
        #expect(Fixtures.listing(scratch.path) == (kept + ["clinic-2025-12.tar.gz"]).sorted())
    }

    @Test func missingParentFoldersAreOwnerOnlyWhateverTheUmask() throws {
        let scratch = try ScratchDirectory()
        let before = umask(0)
        defer { umask(before) }
        let folder = try StagedFolder(path: scratch.file("reports/clinic/2025-10"), replace: false)
        try folder.commit()
        for path in ["reports", "reports/clinic", "reports/clinic/2025-10"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: scratch.file(path))
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o700, "\(path)")
        }
    }
}
