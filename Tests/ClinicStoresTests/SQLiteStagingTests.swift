import ClinicPipeline
import ClinicSchema
import Foundation
import TestSupport
import Testing

@testable import ClinicStores

/// A new SQLite database is built under a staging name and renamed into place at commit.
@Suite struct SQLiteStagingTests {
    private let table = Catalog.clinic.tables.first { $0.name == "api_service" }

    @Test func nothingIsAtTheFinalPathUntilCommit() throws {
        let scratch = try ScratchDirectory()
        let table = try #require(table)
        let path = scratch.file("new.sqlite3")
        let sink = SQLiteSink(path: path)
        try sink.begin(tables: [table], mode: .insert)
        // A run killed now leaves only staging, which the next run in this folder sweeps.
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(
            Fixtures.listing(scratch.path).allSatisfy { $0.hasPrefix(".new.sqlite3.partial-\(getpid())") })
        try sink.commit()
        #expect(Fixtures.listing(scratch.path) == ["new.sqlite3"])
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let db = try SQLiteConnection(path: path, readOnly: true)
        #expect(try db.prepare("SELECT count(*) FROM api_service").step())
    }

    @Test func aRunKilledWhileCreatingADatabaseLeavesNothingAtTheFinalPath() throws {
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 1000)
        let run = try CLI.start(["copy", scratch.file("in"), scratch.file("c.sqlite3"), "-q"])
        let staging = scratch.file(".c.sqlite3.partial-\(run.processIdentifier)")
        let deadline = Date.now.addingTimeInterval(60)
        // Killed once rows are going in: the journal exists and the file has grown.
        while run.isRunning, Date.now < deadline {
            let size =
                (try? FileManager.default.attributesOfItem(atPath: staging)[.size] as? NSNumber)?.intValue
                ?? 0
            if size > 256 << 10 { break }
            usleep(10_000)
        }
        #expect(run.isRunning, "the load ended before it could be killed")
        kill(run.processIdentifier, SIGKILL)
        run.waitUntilExit()
        #expect(!FileManager.default.fileExists(atPath: scratch.file("c.sqlite3")))
        #expect(FileManager.default.fileExists(atPath: staging))
        // Any later run into the folder sweeps it, journal and all.
        let next = try CLI.run([
            "copy", scratch.file("in"), scratch.file("other.sqlite3"), "-q", "--tables", "service",
        ])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(Fixtures.listing(scratch.path) == ["in", "other.sqlite3"])
    }

    @Test func twoCreatorsOfOneNewFileTheLoserFailsAndTheWinnersFileStays() throws {
        let scratch = try ScratchDirectory()
        let table = try #require(table)
        let path = scratch.file("new.sqlite3")
        let winner = SQLiteSink(path: path)
        let loser = SQLiteSink(path: path)
        try winner.begin(tables: [table], mode: .insert)
        try loser.begin(tables: [table], mode: .insert)
        try winner.commit()
        let error = try #require(throws: ETLError.self) { try loser.commit() }
        #expect(error.exitStatus == 73)
        #expect(error.description.contains("another run created the file"))
        loser.rollback()
        #expect(Fixtures.listing(scratch.path) == ["new.sqlite3"])
        let db = try SQLiteConnection(path: path, readOnly: true)
        #expect(try db.prepare("SELECT count(*) FROM api_service").step())
    }

    @Test func aFailedLoadIntoANewFileLeavesNothingOfItsOwn() throws {
        let scratch = try ScratchDirectory()
        let table = try #require(table)
        let sink = SQLiteSink(path: scratch.file("new.sqlite3"))
        try sink.begin(tables: [table], mode: .insert)
        sink.rollback()
        #expect(Fixtures.listing(scratch.path).isEmpty)
    }

    @Test func aHotJournalLeftByAKillIsRolledBackForCheckReportAndCopy() throws {
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 40)
        let path = scratch.file("db.sqlite3")
        try Fixtures.copy(scratch.file("in"), path)
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        // A write in progress whose pages spilled into the file: the file and its journal, copied
        // now, are what a kill leaves (nothing holds their lock).
        let writer = try SQLiteConnection(path: path, readOnly: false)
        try writer.exec("PRAGMA cache_size = 2")
        try writer.exec("BEGIN")
        try writer.exec("UPDATE api_appointment SET notes = notes || '\(String(repeating: "x", count: 200))'")
        let crashed = scratch.file("crashed.sqlite3")
        try FileManager.default.copyItem(atPath: path, toPath: crashed)
        try FileManager.default.copyItem(atPath: path + "-journal", toPath: crashed + "-journal")
        try writer.exec("ROLLBACK")
        #expect(try Data(contentsOf: URL(fileURLWithPath: crashed)) != original, "the pages spilled")
        let check = try CLI.run(["check", "sqlite:///" + crashed])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(!check.stderr.contains("readonly"))
        #expect(!FileManager.default.fileExists(atPath: crashed + "-journal"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: crashed)) == original)
        let report = try CLI.run([
            "report", "sqlite:///" + crashed, "--month", "2025-10", "--out", scratch.file("r"), "--format",
            "md",
        ])
        #expect(report.status == 0, "\(report.stderr)")
        let copy = try CLI.run(["copy", "sqlite:///" + crashed, scratch.file("out"), "-q"])
        #expect(copy.status == 0, "\(copy.stderr)")
        #expect(try Fixtures.contents(of: scratch.file("out")) == Fixtures.contents(of: scratch.file("in")))
    }

    @Test func aHotJournalOnAReadOnlyMountSaysWhatToDo() throws {
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 40)
        let path = scratch.file("db.sqlite3")
        try Fixtures.copy(scratch.file("in"), path)
        let writer = try SQLiteConnection(path: path, readOnly: false)
        try writer.exec("PRAGMA cache_size = 2")
        try writer.exec("BEGIN")
        try writer.exec("UPDATE api_appointment SET notes = notes || '\(String(repeating: "x", count: 200))'")
        let folder = scratch.file("ro")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        try FileManager.default.copyItem(atPath: path, toPath: folder + "/c.sqlite3")
        try FileManager.default.copyItem(atPath: path + "-journal", toPath: folder + "/c.sqlite3-journal")
        try writer.exec("ROLLBACK")
        // Root writes anywhere, so the folder is made read-only by a mount of its own.
        let result = try CLI.run(
            [
                "-rm", "/bin/sh", "-c",
                "mount --bind \"$1\" \"$1\" && mount -o remount,ro,bind \"$1\" || exit 99; exec \"$0\" check \"sqlite:///$1/c.sqlite3\"",
                CLI.binary.path, folder,
            ], executable: "/usr/bin/unshare")
        #expect(result.status == 69, "\(result.stderr)")
        #expect(result.stderr.contains("the database has a journal left by an interrupted write"))
        #expect(result.stderr.contains("c.sqlite3-journal"))
        #expect(result.stderr.contains("PRAGMA integrity_check"))
    }

    @Test func aFullDiskExits74AndLeavesNothingAtTheFinalPath() throws {
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 150)
        // bash's ulimit -f counts KiB.
        let result = try CLI.run(
            [
                "-c", "ulimit -f 64; exec \"$0\" \"$@\"", CLI.binary.path, "copy", scratch.file("in"),
                scratch.file("c.sqlite3"), "-q",
            ], executable: "/bin/bash")
        #expect(result.status == 74, "\(result.stderr)")
        #expect(result.stderr.contains("File too large") || result.stderr.contains("disk is full"))
        #expect(Fixtures.listing(scratch.path) == ["in"])
    }

    @Test func schemaCreateMakesAnOwnerOnlyFileWhateverTheUmask() throws {
        let scratch = try ScratchDirectory()
        let result = try CLI.run(
            [
                "-c", "umask 000; exec \"$0\" \"$@\"", CLI.binary.path, "schema", "--create",
                "sqlite:///" + scratch.file("x.sqlite3"),
            ],
            executable: "/bin/bash")
        #expect(result.status == 0, "\(result.stderr)")
        let attributes = try FileManager.default.attributesOfItem(atPath: scratch.file("x.sqlite3"))
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(Fixtures.listing(scratch.path) == ["x.sqlite3"])
    }
}
