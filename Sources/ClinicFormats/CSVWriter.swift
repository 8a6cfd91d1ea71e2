import ClinicPipeline

/// Writes rows in PostgreSQL's COPY CSV form, byte for byte as `\copy … csv header` prints them.
public final class CSVWriter {
    private let sink: any ByteSink
    private var buffer: [UInt8] = []
    private var scratch: [UInt8] = []

    /// Writes into `sink`.
    public init(_ sink: any ByteSink) {
        self.sink = sink
        buffer.reserveCapacity(1 << 17)
    }

    /// Writes a header line.
    public func writeHeader(_ names: [String]) throws {
        try write(names.map { Value.text($0) })
    }

    /// Writes one record (see `CSVLine`).
    public func write(_ row: Row) throws {
        CSVLine.append(row, to: &buffer, scratch: &scratch)
        if buffer.count >= 1 << 16 { try flush() }
    }

    /// Writes one record that `append` renders itself; `false` (and nothing written) when it cannot.
    public func writeRecord(_ append: (inout [UInt8]) -> Bool) throws -> Bool {
        guard append(&buffer) else { return false }
        if buffer.count >= 1 << 16 { try flush() }
        return true
    }

    /// Writes one row: the cursor's own line when it is canonical, else the rendered values.
    public func write(_ row: Row, from cursor: any RowCursor) throws {
        if cursor.copyLinesAreCanonical, try writeRecord({ cursor.appendCopyLine(to: &$0) }) { return }
        try write(row)
    }

    /// Hands buffered bytes to the sink.
    public func flush() throws {
        guard !buffer.isEmpty else { return }
        try sink.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes the sink.
    public func close() throws {
        try flush()
        try sink.close()
    }
}
