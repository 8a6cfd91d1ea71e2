import Foundation

/// The `clinic-etl` binary running in the background, its standard error kept, for tests that
/// break a run from outside (a signal, a lock, a second run).
public final class RunningCLI {
    public let process = Process()
    private let errors = Pipe()

    /// Starts the binary with `arguments` and `environment` added to this process's.
    public init(_ arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = CLI.binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
    }

    /// Sends `signal` to the run.
    public func send(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits at most `seconds` for the end (then kills the run: `timedOut`); the exit status,
    /// whether a signal ended it, and what it printed on standard error.
    public func finish(within seconds: Double = 120) -> (
        status: Int32, killed: Bool, timedOut: Bool, stderr: String
    ) {
        let end = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < end { Thread.sleep(forTimeInterval: 0.02) }
        let timedOut = process.isRunning
        if timedOut { kill(process.processIdentifier, SIGKILL) }
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, process.terminationReason == .uncaughtSignal, timedOut,
            String(decoding: data, as: UTF8.self)
        )
    }

    /// Polls until `condition` holds; false after `seconds`.
    public static func waitUntil(seconds: Double = 60, _ condition: () throws -> Bool) rethrows -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if try condition() { return true }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return false
    }
}

extension ScratchDatabase {
    /// An index on api_user whose every entry takes `seconds` to compute, so a load's rebuilding
    /// of indexes (after COPY) lasts long enough to be broken from outside.
    public func addSlowIndex(seconds: Double = 0.01) throws {
        try query(
            """
            CREATE FUNCTION clinic_test_slow(bigint) RETURNS bigint LANGUAGE plpgsql IMMUTABLE
            AS $$ BEGIN PERFORM pg_sleep(\(seconds)); RETURN $1; END $$
            """)
        try query("CREATE INDEX clinic_test_slow_index ON api_user (clinic_test_slow(id))")
    }
}
