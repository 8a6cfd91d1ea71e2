import ClinicSchema

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Moves every selected table from a source to a sink in foreign-key order, in one transaction.
public struct CopyJob {
    /// Where rows come from.
    public var source: any Source
    /// Where rows go.
    public var sink: any Sink
    /// The schema.
    public var catalog: Catalog
    /// Table names to restrict to; `nil` copies every table the source has.
    public var selection: Set<String>?
    /// What to do with tables that already hold rows.
    public var mode: LoadMode
    /// Where progress goes.
    public var progress: Progress

    /// Creates a job.
    public init(
        source: any Source, sink: any Sink, catalog: Catalog = .clinic, selection: Set<String>? = nil,
        mode: LoadMode = .insert, progress: Progress = .silent
    ) {
        self.source = source
        self.sink = sink
        self.catalog = catalog
        self.selection = selection
        self.mode = mode
        self.progress = progress
    }

    /// Runs the copy; on any error the sink is rolled back and the error rethrown.
    public func run() throws -> CopySummary {
        defer { source.close() }
        let available = try source.availableTables()
        if let selection {
            for name in selection where catalog.table(named: name) == nil {
                throw ETLError(
                    .usage, "unknown table \"\(name)\"", hint: "run `clinic-etl schema` to list the tables")
            }
        }
        let tables = catalog.loadOrder(selecting: selection).filter { available.contains($0.name) }
        guard !tables.isEmpty else {
            throw ETLError(
                .usage, "\(source.displayName) holds none of the selected tables",
                hint: "a CSV folder needs files named api_<table>.csv or api_<table>.csv.gz")
        }
        var summary = CopySummary()
        do {
            try sink.begin(tables: tables, mode: mode)
            for table in tables {
                summary.tables.append(try copy(table))
            }
            try Interrupt.check()
            try sink.commit()
            progress.finish()
        } catch {
            progress.finish()
            sink.rollback()
            throw error
        }
        return summary
    }

    private func copy(_ table: Table) throws -> CopySummary.TableResult {
        let started = Clock.seconds()
        let cursor = try source.open(table)
        let writer = try sink.open(table)
        var count = 0
        while let row = try cursor.next() {
            try writer.write(row)
            count += 1
            if count & 1023 == 0 {
                try Interrupt.check()
                progress.update(table: table.name, rows: count)
            }
        }
        try writer.finish()
        return .init(
            table: table.name, rowsRead: count, rowsWritten: count, seconds: Clock.seconds() - started)
    }
}

/// What a copy did, per table.
public struct CopySummary: Sendable {
    /// One table's figures.
    public struct TableResult: Sendable {
        /// The table name.
        public var table: String
        /// Rows read from the source.
        public var rowsRead: Int
        /// Rows written to the target.
        public var rowsWritten: Int
        /// Wall-clock seconds spent on the table.
        public var seconds: Double
    }

    /// The tables in the order they were copied.
    public var tables: [TableResult] = []

    /// A plain-text table for the terminal.
    public var rendered: String {
        var lines = [pad("table", 28) + lpad("read", 10) + lpad("written", 10) + lpad("seconds", 10)]
        for t in tables {
            lines.append(
                pad(t.table, 28) + lpad(String(t.rowsRead), 10) + lpad(String(t.rowsWritten), 10)
                    + lpad(String(format3(t.seconds)), 10))
        }
        let read = tables.reduce(0) { $0 + $1.rowsRead }
        let written = tables.reduce(0) { $0 + $1.rowsWritten }
        let seconds = tables.reduce(0) { $0 + $1.seconds }
        lines.append(
            pad("total", 28) + lpad(String(read), 10) + lpad(String(written), 10) + lpad(format3(seconds), 10)
        )
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
