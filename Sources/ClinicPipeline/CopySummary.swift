#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a copy did, per table.
public struct CopySummary: Sendable {
    /// One table's figures.
    public struct TableResult: Sendable {
        /// The table name.
        public var table: String
        /// Rows read from the source.
        public var rowsRead = 0
        /// Rows that broke a rule.
        public var rowsRejected = 0
        /// Warnings raised.
        public var warnings = 0
        /// Rows written to the target.
        public var rowsWritten = 0
        /// Wall-clock seconds spent on the table.
        public var seconds = 0.0
        /// What an upsert did with the rows written.
        public var upserted: UpsertCounts?
    }

    /// The upsert figures of every table together, when the copy was an upsert.
    public var upserted: UpsertCounts? {
        let counts = tables.compactMap(\.upserted)
        guard !counts.isEmpty else { return nil }
        return counts.reduce(into: UpsertCounts()) {
            $0.inserted += $1.inserted
            $0.updated += $1.updated
            $0.unchanged += $1.unchanged
        }
    }

    /// The tables in the order they were copied.
    public var tables: [TableResult] = []

    /// A plain-text table for the terminal; `written` is left out when nothing was to be written.
    public func rendered(showWritten: Bool = true) -> String {
        var header =
            pad("table", 28) + lpad("read", 10) + lpad("valid", 10) + lpad("rejected", 10)
            + lpad("warnings", 10)
        if showWritten { header += lpad("written", 10) }
        let upsert = upserted != nil
        if upsert { header += lpad("inserted", 10) + lpad("updated", 10) + lpad("unchanged", 10) }
        var lines = [header + lpad("seconds", 10)]
        var total = TableResult(table: "total")
        for t in tables {
            total.rowsRead += t.rowsRead
            total.rowsRejected += t.rowsRejected
            total.warnings += t.warnings
            total.rowsWritten += t.rowsWritten
            total.seconds += t.seconds
        }
        total.upserted = upserted
        for t in tables + [total] {
            var line =
                pad(t.table, 28) + lpad(String(t.rowsRead), 10)
                + lpad(String(t.rowsRead - t.rowsRejected), 10)
                + lpad(String(t.rowsRejected), 10) + lpad(String(t.warnings), 10)
            if showWritten { line += lpad(String(t.rowsWritten), 10) }
            if upsert {
                let u = t.upserted ?? UpsertCounts()
                line +=
                    lpad(String(u.inserted), 10) + lpad(String(u.updated), 10) + lpad(String(u.unchanged), 10)
            }
            lines.append(line + lpad(format3(t.seconds), 10))
        }
        return lines.joined(separator: "\n")
    }

    private func pad(_ s: String, _ n: Int) -> String {
        s + String(repeating: " ", count: max(1, n - s.count))
    }
    private func lpad(_ s: String, _ n: Int) -> String {
        String(repeating: " ", count: max(1, n - s.count)) + s
    }
    private func format3(_ x: Double) -> String {
        let millis = Int((x * 1000).rounded())
        let fraction = String(millis % 1000)
        return "\(millis / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}

/// Monotonic seconds, for durations.
enum Clock {
    static func seconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
