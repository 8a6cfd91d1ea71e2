import Foundation

/// A PostgreSQL server of a test's own, started with `scripts/pg.sh`, for a test that stops it.
public final class ThrowawayServer {
    /// The superuser's URL, password included.
    public let adminURL: String
    private let folder: String

    /// Starts a server on a free port; takes a few seconds.
    public init() throws {
        let output = try Self.shell(
            #". scripts/pg.sh && pg_start fsync=off >&2 && printf '%s\n%s\n' "$CLINIC_TEST_PG_URL" "$PG_TMP""#
        )
        let lines = output.split(separator: "\n").map(String.init)
        guard lines.count == 2 else { throw TestSupportError("pg.sh did not start a server: \(output)") }
        adminURL = lines[0]
        folder = lines[1]
    }

    /// Stops the server at once, as a crash or an administrator's `pg_ctl stop -m immediate` would.
    public func stopNow() throws {
        _ = try Self.shell(
            #"pg_as_owner "$(pg_config --bindir)/pg_ctl" -D "$1/data" -m immediate -w stop >&2"#, folder)
    }

    /// Starts the stopped server again, on the same port with the same settings.
    public func restart() throws {
        _ = try Self.shell(
            #"pg_as_owner "$(pg_config --bindir)/pg_ctl" -D "$1/data" -l "$1/server.log" -w restart >&2"#,
            folder)
    }

    deinit {
        _ = try? Self.shell(#"PG_TMP="$1" PG_BINDIR="$(pg_config --bindir)" pg_stop"#, folder)
    }

    /// Runs `script` with `scripts/pg.sh` sourced, from the repository's root.
    @discardableResult
    private static func shell(_ script: String, _ arguments: String...) throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        // Foundation learns that a child ended from a descriptor the child inherits; the server
        // started here would keep it open for ever, so the shell closes everything past stderr.
        let closing = #"for fd in /proc/$$/fd/*; do n=${fd##*/}; [ "$n" -gt 2 ] && eval "exec $n>&-"; done; "#
        process.arguments = ["-c", closing + ". scripts/pg.sh; " + script, "pg"] + arguments
        process.currentDirectoryURL = root
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("pg-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let data = try Data(contentsOf: output)
        guard process.terminationStatus == 0 else {
            throw TestSupportError("\(script) failed with status \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
