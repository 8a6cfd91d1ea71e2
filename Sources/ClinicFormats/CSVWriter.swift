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

    /// Writes one record: NULL as nothing, everything else in PostgreSQL's text form, quoted
    /// when empty or when it holds a comma, quote, CR or LF.
    public func write(_ row: Row) throws {
        for (i, value) in row.enumerated() {
            if i > 0 { buffer.append(UInt8(ascii: ",")) }
            scratch.removeAll(keepingCapacity: true)
            guard value.appendPostgresText(to: &scratch) else { continue }
            appendField()
        }
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= 1 << 16 { try flush() }
    }

    private func appendField() {
        let needsQuotes =
            scratch.isEmpty
            || scratch.contains {
                $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n")
                    || $0 == UInt8(ascii: "\r")
            }
        guard needsQuotes else {
            buffer.append(contentsOf: scratch)
            return
        }
        buffer.append(UInt8(ascii: "\""))
        for byte in scratch {
            if byte == UInt8(ascii: "\"") { buffer.append(byte) }
            buffer.append(byte)
        }
        buffer.append(UInt8(ascii: "\""))
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
