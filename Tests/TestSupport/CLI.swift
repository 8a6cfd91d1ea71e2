import Foundation

/// Runs the built `clinic-etl` binary, as a user would.
public enum CLI {
    /// What a run printed and how it ended.
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// The binary next to the test bundle in the build folder.
    public static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["CLINIC_ETL_BIN"] {
            return URL(fileURLWithPath: path)
        }
        let candidates = [Bundle.main.executableURL, Bundle.main.bundleURL.appendingPathComponent("x")]
        for url in candidates.compactMap({ $0 }) {
            var dir = url.deletingLastPathComponent()
            for _ in 0..<4 {
                let candidate = dir.appendingPathComponent("clinic-etl")
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
                dir = dir.deletingLastPathComponent()
            }
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/clinic-etl")
    }

    /// Starts the binary with `arguments`, its output discarded, and returns without waiting.
    public static func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs the binary with `arguments` and waits for it.
    ///
    /// With `executable` (a shell that sets limits first, say) that runs instead.
    public static func run(
        _ arguments: [String], environment: [String: String] = [:], stdin: Data? = nil,
        executable: String? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = executable.map { URL(fileURLWithPath: $0) } ?? binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = stdin.map { _ in Pipe() }
        if let input { process.standardInput = input }
        try process.run()
        if let input, let stdin {
            // Written on another thread: a large input would fill the pipe while we wait here.
            let writer = input.fileHandleForWriting
            Thread.detachNewThread {
                writer.write(stdin)
                try? writer.close()
            }
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}
