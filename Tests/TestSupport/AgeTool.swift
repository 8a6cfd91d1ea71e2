import Foundation

/// The real `age` binary (Debian's `age` package), which `.ci/run` installs and `scripts/test.sh`
/// names in `CLINIC_TEST_AGE`.
///
/// Without the variable, interop tests are skipped (a plain `swift test`); with it, they fail when
/// the binary is missing.
public enum AgeTool {
    /// Whether the test command asked for the interop tests.
    public static var isConfigured: Bool { ProcessInfo.processInfo.environment["CLINIC_TEST_AGE"] != nil }

    /// The binary's path, or an error saying how to get it.
    public static func binary() throws -> String {
        let name = ProcessInfo.processInfo.environment["CLINIC_TEST_AGE"] ?? "age"
        if name.hasPrefix("/"), FileManager.default.isExecutableFile(atPath: name) { return name }
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw Missing(name: name)
    }

    /// The binary is not installed.
    public struct Missing: Error, CustomStringConvertible {
        let name: String
        public var description: String {
            "the age binary (\(name)) is not on PATH; install it: apt-get install -y age"
        }
    }

    /// Runs `age` with `arguments` and `input` on its standard input.
    public static func run(_ arguments: [String], input: Data = Data()) throws -> CLI.Result {
        try CLI.run(arguments, stdin: input, executable: binary())
    }

    /// Runs `age` on a pseudo-terminal (it reads passphrases only from a terminal), typing
    /// `passphrase` at each prompt; its output must go to a file (`-o`).
    public static func runOnTerminal(_ arguments: [String], passphrase: String) throws -> CLI.Result {
        let script = """
            import os, pty, sys
            pid, fd = pty.fork()
            if pid == 0:
                os.execv(sys.argv[1], sys.argv[1:])
            seen = b""
            answered = 0
            while True:
                try:
                    chunk = os.read(fd, 1024)
                except OSError:
                    break
                if not chunk:
                    break
                seen += chunk
                if seen.lower().count(b"passphrase") > answered:
                    answered = seen.lower().count(b"passphrase")
                    os.write(fd, os.environ["AGE_TEST_PASSPHRASE"].encode() + b"\\n")
            _, status = os.waitpid(pid, 0)
            sys.stderr.write(seen.decode(errors="replace"))
            sys.exit(os.waitstatus_to_exitcode(status))
            """
        return try CLI.run(
            ["-c", script, try binary()] + arguments, environment: ["AGE_TEST_PASSPHRASE": passphrase],
            executable: python())
    }

    private static func python() throws -> String {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(folder)/python3"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw Missing(name: "python3")
    }
}
