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
        let run = try Run(["copy", db.url, scratch.file(target), "-q"])
        #expect(try waitUntil { try !db.backends(runningQueryStartingWith: "COPY").isEmpty })
        try server.stopNow()
        let (status, _, stderr) = run.finish()
        #expect(status == 69, "\(stderr)")
        #expect(stderr.contains(db.url.split(separator: "@").last.map(String.init) ?? "?"))
        #expect(Fixtures.listing(scratch.path).isEmpty)
    }
}
