import ClinicPipeline
import ClinicSchema

/// Passes rows through to another sink and keeps, per table, the row count and a SHA-256 of the
/// rows as CSV in COPY's dialect, in the order written: what the audit log records, so two runs
/// that wrote the same rows show the same checksum whatever the target was.
public final class ChecksummingSink: Sink {
    private let inner: any Sink
    private var writers: [(table: String, writer: ChecksummingWriter)] = []

    public init(_ inner: any Sink) {
        self.inner = inner
    }

    public var displayName: String { inner.displayName }

    /// Per table written: rows and the SHA-256 in hex.
    public var checksums: [(table: String, rows: Int, sha256: String)] {
        writers.map { ($0.table, $0.writer.rows, $0.writer.hash.hex()) }
    }

    public func begin(tables: [Table], mode: LoadMode) throws { try inner.begin(tables: tables, mode: mode) }

    public var holdsRows: Bool { inner.holdsRows }

    public func open(_ table: Table) throws -> any RowWriter {
        let writer = ChecksummingWriter(try inner.open(table))
        writers.append((table.name, writer))
        return writer
    }

    public func commit() throws { try inner.commit() }

    public func rollback() { inner.rollback() }

    public func existingRows(
        of table: Table, columns: [String], matching: [Match], _ body: (Row) throws -> Void
    ) throws {
        try inner.existingRows(of: table, columns: columns, matching: matching, body)
    }

    public func noteSource(_ displayName: String) { inner.noteSource(displayName) }
}

/// Hashes each row on its way to the real writer.
final class ChecksummingWriter: RowWriter {
    private let inner: any RowWriter
    private(set) var hash = SHA256()
    private(set) var rows = 0
    private var line: [UInt8] = []
    private var scratch: [UInt8] = []

    init(_ inner: any RowWriter) {
        self.inner = inner
    }

    var upserted: UpsertCounts? { inner.upserted }

    func write(_ row: Row) throws {
        try inner.write(row)
        add(row)
    }

    func write(_ row: Row, from cursor: any RowCursor) throws {
        try inner.write(row, from: cursor)
        add(row)
    }

    func finish() throws { try inner.finish() }

    private func add(_ row: Row) {
        line.removeAll(keepingCapacity: true)
        CSVLine.append(row, to: &line, scratch: &scratch)
        hash.update(line)
        rows += 1
    }
}
