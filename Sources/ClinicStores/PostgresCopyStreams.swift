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

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while offset == pending.count {
            guard !ended else { return 0 }
            pending.removeAll(keepingCapacity: true)
            offset = 0
            do {
                ended = try !connection.getCopyData { pending.append(contentsOf: $0) }
            } catch let error as ETLError {
                // The server went away mid-table: say which server and table.
                throw error.at(location: name)
            }
        }
        let n = min(buffer.count, pending.count - offset)
        pending.withUnsafeBytes { bytes in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + n)]))
        }
        offset += n
        return n
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
