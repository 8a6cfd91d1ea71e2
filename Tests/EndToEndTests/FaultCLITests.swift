import Foundation
import TestSupport
import Testing

/// Faults from outside the tool, while the CLI runs as users run it: the server process ends
/// mid-COPY, the tool is killed or interrupted, the server stops during an extraction.
@Suite(.enabled(if: TestPostgres.isConfigured, "needs scripts/test.sh's PostgreSQL"))
struct FaultCLITests {
    /// A running CLI whose standard error is kept.
    final class Run {
        let process = Process()
        private let errors = Pipe()

        init(_ arguments: [String]) throws {
            process.executableURL = CLI.binary
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = errors
            try process.run()
        }

        /// Waits for the end; the exit status (or signal) and what was printed on standard error.
        func finish() -> (status: Int32, killed: Bool, stderr: String) {
            let data = errors.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (
                process.terminationStatus, process.terminationReason == .uncaughtSignal,
                String(decoding: data, as: UTF8.self)
            )
        }
    }

    /// Polls until `condition` holds; false after `seconds`.
    private func waitUntil(seconds: Double = 60, _ condition: () throws -> Bool) rethrows -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if try condition() { return true }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return false
    }

    /// An empty clinic schema and a CSV folder to load into it.
    private func prepared() throws -> (ScratchDirectory, ScratchDatabase) {
        let scratch = try ScratchDirectory()
        let db = try ScratchDatabase()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 3000)
        #expect(try CLI.run(["schema", "--create", db.url]).status == 0)
        return (scratch, db)
    }

    @Test func aBackendTerminatedMidCopyFailsTheLoadAndLeavesNothing() throws {
        let (scratch, db) = try prepared()
        let before = (try db.checksums(), try db.schemaDefinitions())
        let run = try Run(["copy", scratch.file("in"), db.url, "-q"])
        var copying: [Int32] = []
        #expect(
            try waitUntil {
                copying = try db.backends(runningQueryStartingWith: "COPY")
                return !copying.isEmpty
            })
        for pid in copying { try db.terminate(backend: pid) }
        let (status, _, stderr) = run.finish()
        #expect(status == 69)
        #expect(stderr.contains("terminat") || stderr.contains("server closed the connection"), "\(stderr)")
        #expect(try db.checksums() == before.0)
        #expect(try db.schemaDefinitions() == before.1)
    }

    @Test func sigkillMidLoadLeavesTheTargetAsItWas() throws {
        let (scratch, db) = try prepared()
        let before = (try db.checksums(), try db.schemaDefinitions())
        let run = try Run(["copy", scratch.file("in"), db.url, "-q"])
        #expect(try waitUntil { try !db.backends(runningQueryStartingWith: "COPY").isEmpty })
        kill(run.process.processIdentifier, SIGKILL)
        let (_, killed, _) = run.finish()
        #expect(killed)
        // The server ends the transaction once it sees the connection gone.
        #expect(try waitUntil { try db.backends(runningQueryStartingWith: "").isEmpty })
        #expect(try db.checksums() == before.0)
        #expect(try db.schemaDefinitions() == before.1)
        let again = try CLI.run(["copy", scratch.file("in"), db.url, "-q"])
        #expect(again.status == 0, "\(again.stderr)")
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func aSignalMidLoadRollsBackAndSaysSo(_ signal: Int32) throws {
        let (scratch, db) = try prepared()
        let before = (try db.checksums(), try db.schemaDefinitions())
        let run = try Run(["copy", scratch.file("in"), db.url, "-q"])
        #expect(try waitUntil { try !db.backends(runningQueryStartingWith: "COPY").isEmpty })
        kill(run.process.processIdentifier, signal)
        let (status, _, stderr) = run.finish()
        #expect(status == 130)
        #expect(stderr.contains("interrupted by \(signal == SIGINT ? "SIGINT" : "SIGTERM")"))
        #expect(stderr.contains("nothing was written to the target"))
        #expect(try db.checksums() == before.0)
        #expect(try db.schemaDefinitions() == before.1)
    }

    @Test(arguments: ["b.tar.gz", "dump", "f.json"])
    func aServerStoppedDuringAnExtractionLeavesNoOutput(_ target: String) throws {
        let server = try ThrowawayServer()
        let db = try ScratchDatabase(admin: server.adminURL)
        let scratch = try ScratchDirectory()
        let load = try CLI.run(["sample", "--patients", "3000", db.url, "-q"])
        #expect(load.status == 0, "\(load.stderr)")
        // The extraction reads the tables in order and waits at this one, late in the order, with
        // most of the output already written to its staging file.
        let lock = try db.lock("api_clinicalnote")
        let run = try Run(["copy", db.url, scratch.file(target), "-q"])
        #expect(try waitUntil { try !db.backends(runningQueryStartingWith: "COPY").isEmpty })
        try server.stopNow()
        _ = lock
        let (status, _, stderr) = run.finish()
        #expect(status == 69, "\(stderr)")
        #expect(stderr.contains(db.url.split(separator: "@").last.map(String.init) ?? "?"))
        #expect(Fixtures.listing(scratch.path).isEmpty)
    }

    @Test func theFirstConnectionIsRetriedAndEachAttemptSaid() throws {
        let port = try #require(TestPostgres.freePort())
        let started = Date()
        let result = try CLI.run([
            "check", "postgresql://clinic:pw@127.0.0.1:\(port)/clinic", "--connect-retries", "2",
        ])
        #expect(result.status == 69)
        #expect(result.stderr.contains("attempt 2 of 3 in 0.5 s"))
        #expect(result.stderr.contains("attempt 3 of 3 in 1.0 s"))
        #expect(result.stderr.contains("after 3 attempts"))
        #expect(Date().timeIntervalSince(started) >= 1.4)
        let once = try CLI.run(["check", "postgresql://clinic:pw@127.0.0.1:\(port)/clinic"])
        #expect(once.stderr.contains("--connect-retries"))
        #expect(!once.stderr.contains("attempt"))
    }

    @Test func aServerThatComesUpWhileRetryingIsUsed() throws {
        let server = try ThrowawayServer()
        let db = try ScratchDatabase(admin: server.adminURL)
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 3)
        try server.stopNow()
        let run = try Run(["copy", scratch.file("in"), db.url, "-q", "--connect-retries", "8"])
        Thread.sleep(forTimeInterval: 1.0)
        try server.restart()
        let (status, _, stderr) = run.finish()
        #expect(status == 0, "\(stderr)")
        #expect(stderr.contains("attempt 2 of 9"))
        #expect(try db.query("SELECT count(*) > 0 FROM api_user") == ["t"])
    }

    @Test(arguments: ["require", "verify-full"])
    func sslmodeIsHonoured(_ mode: String) throws {
        let db = try ScratchDatabase()
        let result = try CLI.run(["check", db.url + "?sslmode=\(mode)"])
        #expect(result.status == 69)
        #expect(result.stderr.contains("SSL was required"))
    }

    @Test func aServerThatNeverAnswersTimesOut() throws {
        // The kernel completes the handshake into the backlog; nothing ever answers libpq.
        let silent = try #require(TestPostgres.SilentListener())
        let started = Date()
        let result = try CLI.run([
            "check", "postgresql://clinic:pw@127.0.0.1:\(silent.port)/c?connect_timeout=2",
        ])
        #expect(result.status == 69)
        #expect(result.stderr.contains("timeout expired"))
        #expect(Date().timeIntervalSince(started) < 8)
    }

    @Test(.enabled(if: TestPostgres.ownAddress != nil, "the machine has no network address"))
    func aPasswordSentToAnotherMachineWithoutTLSDrawsAWarning() throws {
        let db = try ScratchDatabase()
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 3)
        let local = try CLI.run(["copy", scratch.file("in"), db.url, "-q"])
        #expect(local.status == 0, "\(local.stderr)")
        #expect(!local.stderr.contains("not encrypted"))
        let address = try #require(TestPostgres.ownAddress)
        let remote = try CLI.run([
            "copy", db.url.replacingOccurrences(of: "@127.0.0.1:", with: "@\(address):"), scratch.file("out"),
            "-q",
        ])
        #expect(remote.status == 0, "\(remote.stderr)")
        #expect(remote.stderr.contains("warning: the connection to \(address) is not encrypted"))
        #expect(remote.stderr.contains("sslmode=verify-full"))
    }
}
