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

        /// Figures for `table`, all zero.
        public init(table: String) {
            self.table = table
        }
    }

    /// An empty summary.
    public init() {}

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

    /// Whether the load was rolled back (invalid rows with `--on-error abort`, `--max-errors`):
    /// then nothing stands in the target and every table shows 0 written.
    public var rolledBack = false

    /// Sets every table's written rows to 0, for a load that was rolled back.
    public mutating func markRolledBack() {
        rolledBack = true
        for i in tables.indices { tables[i].rowsWritten = 0 }
    }

    /// The figures of every table together.
    public var total: TableResult {
        var total = TableResult(table: "total")
        for t in tables {
            total.rowsRead += t.rowsRead
            total.rowsRejected += t.rowsRejected
            total.warnings += t.warnings
            total.rowsWritten += t.rowsWritten
            total.seconds += t.seconds
        }
        total.upserted = upserted
        return total
    }

    /// The summary for an 80-column terminal; `written` is left out when nothing was to be
    /// written (`check`), and `valid` when it is (it is `read` less `rejected`).
    ///
    /// An upsert's counts follow in a narrow table of their own.
    public func rendered(showWritten: Bool = true) -> String {
        typealias Column = (header: String, cell: (TableResult) -> String)
        var columns: [Column] = [("read", { Counting.grouped($0.rowsRead) })]
        if !showWritten { columns.append(("valid", { Counting.grouped($0.rowsRead - $0.rowsRejected) })) }
        columns.append(("rejected", { Counting.grouped($0.rowsRejected) }))
        columns.append(("warnings", { Counting.grouped($0.warnings) }))
        if showWritten { columns.append(("written", { Counting.grouped($0.rowsWritten) })) }
        columns.append(("seconds", { Self.seconds($0.seconds) }))
        var text = Self.grid(title: "table", rows: tables + [total], columns: columns)
        if showWritten && rolledBack { text += "\n0 written (rolled back)" }
        if showWritten, !rolledBack, let upserted {
            let counted = tables.filter { $0.upserted != nil }
            text +=
                "\n\n"
                + Self.grid(
                    title: "upsert", rows: counted,
                    columns: [
                        ("inserted", { Counting.grouped($0.upserted?.inserted ?? 0) }),
                        ("updated", { Counting.grouped($0.upserted?.updated ?? 0) }),
                        ("unchanged", { Counting.grouped($0.upserted?.unchanged ?? 0) }),
                    ])
                + "\nupsert: \(Counting.grouped(upserted.inserted)) inserted, "
                + "\(Counting.grouped(upserted.updated)) updated, \(Counting.grouped(upserted.unchanged)) unchanged"
        }
        return text
    }

    /// The widest line a summary may have: a terminal's usual width.
    public static let width = 80

    /// Rows under a header: names left-aligned, figures right-aligned, each column as wide as
    /// its widest cell, two spaces apart (one when two would pass `width`).
    private static func grid(
        title: String, rows: [TableResult], columns: [(header: String, cell: (TableResult) -> String)]
    ) -> String {
        let cells = rows.map { row in columns.map { $0.cell(row) } }
        let nameWidth = ([title] + rows.map(\.table)).map(\.count).max() ?? 0
        let widths = columns.indices.map { i in
            ([columns[i].header] + cells.map { $0[i] }).map(\.count).max() ?? 0
        }
        let gap = nameWidth + widths.reduce(0) { $0 + $1 + 2 } <= width ? 2 : 1
        func line(_ name: String, _ values: [String]) -> String {
            var out = name + String(repeating: " ", count: nameWidth - name.count)
            for (value, w) in zip(values, widths) {
                out += String(repeating: " ", count: gap + w - value.count) + value
            }
            return out
        }
        return ([line(title, columns.map(\.header))] + zip(rows, cells).map { line($0.table, $1) })
            .joined(separator: "\n")
    }

    /// Seconds with three decimals: `0.042`, `12.500`.
    private static func seconds(_ x: Double) -> String {
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
