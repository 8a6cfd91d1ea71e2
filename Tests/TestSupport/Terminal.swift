import Foundation

/// Runs the `clinic-etl` binary on a pseudo-terminal (python3's pty module), as a user at a
/// terminal sees it: progress is drawn only there.
public enum Terminal {
    /// Everything the run wrote to the terminal and its exit status (128 + n after signal n);
    /// with `signal`, that signal is sent once the screen shows `when`.
    public static func run(_ arguments: [String], signal: Int32? = nil, when text: String = "")
        throws -> (status: Int32, screen: String)
    {
        let script = """
            import os, pty, signal, sys
            number, text = int(sys.argv[1]), sys.argv[2].encode()
            pid, fd = pty.fork()
            if pid == 0:
                os.execv(sys.argv[3], sys.argv[3:])
            out, sent = b"", False
            while True:
                try:
                    data = os.read(fd, 65536)
                except OSError:
                    break
                if not data:
                    break
                out += data
                if number and not sent and text in out:
                    os.kill(pid, number)
                    sent = True
            _, status = os.waitpid(pid, 0)
            sys.stdout.buffer.write(out)
            sys.exit(os.waitstatus_to_exitcode(status) % 256)
            """
        let result = try CLI.run(
            ["-c", script, "\(signal ?? 0)", text, CLI.binary.path] + arguments,
            executable: "/usr/bin/python3")
        return (result.status, result.stdout)
    }

    /// The lines drawn: each redraw starts with a carriage return and a clear-line.
    public static func frames(_ screen: String) -> [String] {
        screen.components(separatedBy: "\r\u{1B}[K").map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        .filter { !$0.isEmpty }
    }
}
