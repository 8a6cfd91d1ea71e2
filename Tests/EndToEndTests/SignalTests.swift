import Foundation
import TestSupport
import Testing

/// SIGINT, SIGTERM and SIGHUP in every phase of a run until COMMIT is sent: the running
/// statement is cancelled, everything rolls back, the run says so and exits 130 (129 after
/// SIGHUP), leaving nothing behind.
@Suite(.enabled(if: TestPostgres.isConfigured, "needs scripts/test.sh's PostgreSQL"))
struct SignalTests {
    private static let names = [SIGINT: "SIGINT", SIGTERM: "SIGTERM", SIGHUP: "SIGHUP"]

    /// An empty clinic schema whose api_user index takes ~30 s to rebuild, and a CSV folder to load.
    private func prepared() throws -> (ScratchDirectory, ScratchDatabase) {
        let scratch = try ScratchDirectory()
        let db = try ScratchDatabase()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 3000)
        #expect(try CLI.run(["schema", "--create", db.url]).status == 0)
        try db.addSlowIndex()
        return (scratch, db)
    }

    @Test(arguments: [SIGINT, SIGTERM, SIGHUP])
    func aSignalWhileTheServerRebuildsIndexesCancelsAndRollsBack(_ signal: Int32) throws {
        let (scratch, db) = try prepared()
        let before = (try db.checksums(), try db.schemaDefinitions())
        let run = try RunningCLI(["copy", scratch.file("in"), db.url, "-q"])
        #expect(
            try RunningCLI.waitUntil { try !db.backends(runningQueryStartingWith: "CREATE INDEX").isEmpty })
        let sent = Date()
        run.send(signal)
        let (status, killed, timedOut, stderr) = run.finish(within: 60)
        #expect(!timedOut && !killed)
        // Without the cancel, the index build runs on for half a minute and the load commits.
        #expect(Date().timeIntervalSince(sent) < 10)
        #expect(status == (signal == SIGHUP ? 129 : 130), "\(stderr)")
        #expect(stderr.contains("interrupted by \(Self.names[signal] ?? "?")"), "\(stderr)")
        #expect(stderr.contains("nothing was written to the target"))
        #expect(try db.checksums() == before.0)
        #expect(try db.schemaDefinitions() == before.1)
        #expect(try RunningCLI.waitUntil { try db.backends(runningQueryStartingWith: "").isEmpty })
    }

    @Test func sighupDuringAnExtractionRemovesTheStagingAndExits129() throws {
        let db = try ScratchDatabase()
        let scratch = try ScratchDirectory()
        #expect(try CLI.run(["sample", "--patients", "300", db.url, "-q"]).status == 0)
        for target in ["b.tar.gz", "dump", "f.json"] {
            // The extraction waits at this table, late in the order, its output partly staged.
            let lock = try db.lock("api_clinicalnote")
            let run = try RunningCLI(["copy", db.url, scratch.file(target), "-q"])
            #expect(try RunningCLI.waitUntil { try !db.backends(runningQueryStartingWith: "COPY").isEmpty })
            run.send(SIGHUP)
            let (status, killed, timedOut, stderr) = run.finish(within: 30)
            _ = lock
            #expect(!killed && !timedOut, "\(target): SIGHUP must not act like SIGKILL")
            #expect(status == 129, "\(target): \(stderr)")
            #expect(stderr.contains("interrupted by SIGHUP"))
            #expect(Fixtures.listing(scratch.path).isEmpty, "\(target)")
            #expect(try RunningCLI.waitUntil { try db.backends(runningQueryStartingWith: "").isEmpty })
        }
    }

    @Test func aSignalStopsAReportWaitingOnTheDatabase() throws {
        let db = try ScratchDatabase()
        let scratch = try ScratchDirectory()
        #expect(try CLI.run(["sample", "--patients", "30", db.url, "-q"]).status == 0)
        var lock = Optional(try db.lock("api_billing"))
        let run = try RunningCLI(["report", db.url, "--month", "2025-10", "--out", scratch.file("reports")])
        #expect(
            try RunningCLI.waitUntil {
                try !db.query(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
                ).isEmpty
            })
        run.send(SIGINT)
        // Without the cancel the report waits; once the lock goes it would finish and exit 0.
        Thread.sleep(forTimeInterval: 3)
        lock = nil
        let (status, _, timedOut, stderr) = run.finish(within: 30)
        #expect(lock == nil && !timedOut)
        #expect(status == 130, "\(stderr)")
        #expect(stderr.contains("interrupted by SIGINT"))
        #expect(!FileManager.default.fileExists(atPath: scratch.file("reports/2025-10")))
    }

    @Test func aSignalDuringSQLitesFinalForeignKeyCheckRollsBack() throws {
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 3000)
        // The check of ~60,000 rows' references takes about half a second: the progress line
        // shows it, and the signal is sent then.
        let (status, screen) = try Terminal.run(
            ["copy", scratch.file("in"), scratch.file("c.sqlite3")], signal: SIGINT,
            when: "validating foreign keys")
        #expect(status == 130, "\(Terminal.frames(screen).suffix(5))")
        #expect(screen.contains("interrupted by SIGINT; nothing was written to the target"))
        #expect(!FileManager.default.fileExists(atPath: scratch.file("c.sqlite3")))
    }
}
