#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A one-line progress display on standard error, shown only on a terminal.
public final class Progress: @unchecked Sendable {
    // @unchecked: used from the single thread that runs the job.
    private let enabled: Bool
    private var lastDraw = 0.0
    private var started = Clock.seconds()
    private var drawn = false

    /// Progress that never prints.
    public static var silent: Progress { Progress(enabled: false) }

    /// Progress on standard error when it is a terminal and `quiet` is off.
    public static func terminal(quiet: Bool) -> Progress {
        Progress(enabled: !quiet && isatty(STDERR_FILENO) == 1)
    }

    private init(enabled: Bool) {
        self.enabled = enabled
    }

    /// Redraws the line at most four times a second.
    public func update(table: String, rows: Int) {
        guard enabled else { return }
        let now = Clock.seconds()
        guard now - lastDraw >= 0.25 else { return }
        lastDraw = now
        let rate = Int(Double(rows) / max(now - started, 0.001))
        let line = "\r\u{1B}[K\(table): \(rows) rows (\(rate) rows/s)"
        StandardError.write(line)
        drawn = true
    }

    /// Clears the line.
    public func finish() {
        guard enabled, drawn else { return }
        StandardError.write("\r\u{1B}[K")
        drawn = false
    }
}

/// Unbuffered writes to standard error, safe from any thread.
public enum StandardError {
    /// Writes the text as it is.
    public static func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            var offset = 0
            while offset < bytes.count {
                let n = Glibc.write(STDERR_FILENO, base + offset, bytes.count - offset)
                if n <= 0 { return }
                offset += n
            }
        }
    }
}
