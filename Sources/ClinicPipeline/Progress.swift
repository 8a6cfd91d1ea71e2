import ClinicSchema
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A one-line progress display on standard error, shown only on a terminal, the way pv, cargo
/// and `pg_restore -v` show theirs: which table of how many, rows (and bytes) of the total where
/// the source knows it, percent, this table's rate, an ETA; then a status for each phase after
/// the rows (rebuilding indexes, validating foreign keys, committing, syncing), with its time.
public final class Progress: @unchecked Sendable {
    // @unchecked: the job's thread updates it and a ticker redraws a long phase; both go
    // through `state`'s lock.
    private let enabled: Bool
    /// Redraws at most this often, so a terminal over SSH is not flooded.
    private let interval: Double
    private let state = Mutex(State())

    private struct State {
        var lastDraw = -1.0
        var drawn = false
        var tables = 0
        var number = 0
        var table = ""
        var expected = ExpectedSize()
        var tableStarted = 0.0
        /// The phase after the rows, redrawn by the ticker with its elapsed time.
        var phase: String?
        var phaseStarted = 0.0
        var ticking = false
        var finished = false
    }

    /// Progress that never prints.
    public static var silent: Progress { Progress(enabled: false) }

    /// Progress on standard error when it is a terminal and `quiet` is off.
    public static func terminal(quiet: Bool) -> Progress {
        Progress(enabled: !quiet && isatty(STDERR_FILENO) == 1)
    }

    private init(enabled: Bool, interval: Double = 0.1) {
        self.enabled = enabled
        self.interval = interval
    }

    private static let active = Mutex<Progress?>(nil)

    /// Makes this the display that `Progress.status` draws on, for the phases of a sink or file
    /// deep below the job, until `finish`.
    public func activate(tables count: Int) {
        state.withLock {
            $0.tables = count
            $0.finished = false
        }
        Self.active.withLock { $0 = self }
    }

    /// Shows a phase of the running job on the active display, if any: "rebuilding indexes (3 of
    /// 40)", "validating foreign keys", "committing", "syncing".
    public static func status(_ text: String) {
        active.withLock { $0 }?.show(phase: text)
    }

    /// A new table, the `number`th of those given to `activate`, with what the source knows of its size.
    public func start(table name: String, number: Int, expected: ExpectedSize) {
        guard enabled else { return }
        let now = Clock.seconds()
        state.withLock { state in
            state.table = name
            state.number = number
            state.expected = expected
            state.phase = nil
            state.tableStarted = now
            guard now - state.lastDraw >= interval else { return }
            draw(Self.line(state, rows: 0, bytes: nil, now: now), &state, now: now)
        }
    }

    /// Redraws the table's line, at most `interval` apart.
    public func update(table name: String, rows: Int, bytes: @autoclosure () -> Int? = nil) {
        guard enabled else { return }
        let now = Clock.seconds()
        state.withLock { state in
            guard now - state.lastDraw >= interval, state.phase == nil else { return }
            draw(Self.line(state, rows: rows, bytes: bytes(), now: now), &state, now: now)
        }
    }

    private func show(phase text: String) {
        guard enabled else { return }
        let now = Clock.seconds()
        let startTicker = state.withLock { state in
            if state.phase != text { state.phaseStarted = now }
            state.phase = text
            drawPhase(&state, now: now)
            defer { state.ticking = true }
            return !state.ticking
        }
        // A phase is one statement that can run for minutes: its line keeps counting the time.
        if startTicker { Thread.detachNewThread { [self] in tick() } }
    }

    private func tick() {
        while true {
            Thread.sleep(forTimeInterval: interval)
            let stop = state.withLock { state in
                if state.finished {
                    state.ticking = false
                    return true
                }
                drawPhase(&state, now: Clock.seconds())
                return false
            }
            if stop { return }
        }
    }

    private func drawPhase(_ state: inout State, now: Double) {
        guard let phase = state.phase, now - state.lastDraw >= interval else { return }
        draw(Self.prefix(state) + phase + "  " + Self.clock(now - state.phaseStarted), &state, now: now)
    }

    private static func prefix(_ state: State) -> String {
        state.tables > 0 ? "[\(max(state.number, 1))/\(state.tables)] " : ""
    }

    /// "[3/19] api_appointment  211,968 of 700,000 rows  30%  229,127 rows/s  ETA 0:12"; with
    /// bytes, "12.1 MB of 40.3 MB" and the share by bytes.
    private static func line(_ state: State, rows: Int, bytes: Int?, now: Double) -> String {
        let seconds = max(now - state.tableStarted, 0.001)
        let expected = state.expected
        var parts = [prefix(state) + state.table]
        parts.append(
            expected.rows.map { "\(Counting.grouped(rows)) of \(Counting.grouped(max($0, rows))) rows" }
                ?? "\(Counting.grouped(rows)) rows")
        if let bytes {
            parts.append(expected.bytes.map { "\(size(bytes)) of \(size(max($0, bytes)))" } ?? size(bytes))
        }
        var fraction: Double?
        if let bytes, let total = expected.bytes, total > 0 {
            fraction = min(Double(bytes) / Double(total), 1)
        } else if let total = expected.rows, total > 0 {
            fraction = min(Double(rows) / Double(total), 1)
        }
        if let fraction { parts.append("\(Int(fraction * 100))%") }
        // This table's rate: a small table after a big one shows its own speed.
        if rows > 0 { parts.append("\(Counting.grouped(Int(Double(rows) / seconds))) rows/s") }
        if let fraction, fraction > 0, rows > 0 {
            parts.append("ETA " + clock(seconds * (1 - fraction) / fraction))
        }
        return parts.joined(separator: "  ")
    }

    private func draw(_ text: String, _ state: inout State, now: Double) {
        state.lastDraw = now
        StandardError.write("\r\u{1B}[K" + Self.fitted(text))
        state.drawn = true
    }

    /// Clears the line and stops drawing phases.
    public func finish() {
        Self.active.withLock { if $0 === self { $0 = nil } }
        state.withLock { state in
            state.finished = true
            state.phase = nil
            guard enabled, state.drawn else { return }
            StandardError.write("\r\u{1B}[K")
            state.drawn = false
        }
    }

    /// Cut to the terminal's width: a line that wraps cannot be redrawn in place.
    private static func fitted(_ text: String) -> String {
        var size = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 1 else { return text }
        let width = Int(size.ws_col) - 1
        return text.count <= width ? text : String(text.prefix(width))
    }

    /// Bytes in kB, MB or GB, one decimal.
    static func size(_ bytes: Int) -> String {
        let units = [(1e9, "GB"), (1e6, "MB"), (1e3, "kB")]
        for (scale, unit) in units where Double(bytes) >= scale {
            let tenths = Int((Double(bytes) / scale * 10).rounded())
            return "\(tenths / 10).\(tenths % 10) \(unit)"
        }
        return "\(bytes) B"
    }

    /// Seconds as "0:07", "12:34" or "1:02:03".
    static func clock(_ seconds: Double) -> String {
        let total = Int(seconds.isFinite ? max(seconds, 0).rounded() : 0)
        let (h, m, s) = (total / 3600, total / 60 % 60, total % 60)
        let two = { (n: Int) in n < 10 ? "0\(n)" : "\(n)" }
        return h > 0 ? "\(h):\(two(m)):\(two(s))" : "\(m):\(two(s))"
    }
}

/// What a source knows of a table's size before reading it; either may be unknown.
public struct ExpectedSize: Sendable, Equatable {
    /// Rows, exact or estimated (`pg_class.reltuples`).
    public var rows: Int?
    /// Bytes of the file the rows are read from.
    public var bytes: Int?

    public init(rows: Int? = nil, bytes: Int? = nil) {
        self.rows = rows
        self.bytes = bytes
    }
}

/// A source that can say how big a table is and how far into it the reading is, for the
/// progress line's total, percent and ETA.
public protocol MeasuredSource: Source {
    /// The size of `table`, as far as it is known without reading it.
    func expectedSize(of table: Table) -> ExpectedSize
    /// Bytes of the open table's file read so far, when it is a file.
    var bytesRead: Int? { get }
}

/// Unbuffered writes to standard error, safe from any thread.
public enum StandardError {
    /// Writes the text as it is, whole (to standard error, or to `descriptor`).
    public static func write(_ text: String, to descriptor: Int32 = STDERR_FILENO) {
        var text = text
        text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            var offset = 0
            while offset < bytes.count {
                let n = Glibc.write(descriptor, base + offset, bytes.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                offset += n
            }
        }
    }
}
