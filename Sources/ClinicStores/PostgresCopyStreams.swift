import ClinicFormats
import ClinicPipeline

/// The bytes of a running `COPY … TO STDOUT`, as a byte source for the CSV reader.
final class PostgresCopyOut: ByteSource {
    let name: String
    private let connection: PGConnection
    private var pending: [UInt8] = []
    private var offset = 0
    private var ended = false

    init(_ connection: PGConnection, name: String) {
        self.connection = connection
        self.name = name
    }

    /// Fills `buffer` with as many rows as libpq holds (PostgreSQL sends one message per row, and
    /// a reader called once per row spends more on the calls than on the bytes); waits only while
    /// it has nothing to return.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var filled = 0
        if offset < pending.count {
            filled = min(buffer.count, pending.count - offset)
            pending.withUnsafeBytes {
                base.copyMemory(from: $0.baseAddress.unsafelyUnwrapped + offset, byteCount: filled)
            }
            offset += filled
        }
        while filled < buffer.count, offset == pending.count, !ended {
            let chunk: PGConnection.CopyChunk
            do {
                chunk = try connection.getCopyData(wait: filled == 0) { row in
                    let n = min(row.count, buffer.count - filled)
                    (base + filled).copyMemory(from: row.baseAddress.unsafelyUnwrapped, byteCount: n)
                    filled += n
                    if n < row.count {
                        // The rest of a row that did not fit waits for the next call.
                        pending.removeAll(keepingCapacity: true)
                        pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: row[n...]))
                        offset = 0
                    }
                }
            } catch let error as ETLError {
                // The server went away mid-table: say which server and table.
                throw error.at(location: name)
            }
            switch chunk {
            case .row: continue
            case .none: return filled
            case .ended: ended = true
            }
        }
        return filled
    }
}

/// The sending side of a running `COPY … FROM STDIN`.
final class PostgresCopyIn: ByteSink {
    let name: String
    private let connection: PGConnection

    init(_ connection: PGConnection, name: String) {
        self.connection = connection
        self.name = name
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        try connection.putCopyData(bytes)
    }

    func close() throws {
        try connection.endCopyIn()
    }
}
