/// A stream of bytes read in chunks: a file, a gzip stream, a COPY from the server.
public protocol ByteSource: AnyObject {
    /// The name used in messages (a path, or a description for non-files).
    var name: String { get }
    /// Reads up to `buffer.count` bytes; 0 means the end. Never a short read that hides an error.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// A stream of bytes written in chunks.
public protocol ByteSink: AnyObject {
    /// The name used in messages.
    var name: String { get }
    /// Writes all of `bytes`.
    func write(_ bytes: UnsafeRawBufferPointer) throws
    /// Flushes everything to its destination; for files, to disk.
    func close() throws
}

extension ByteSink {
    /// Writes a byte array.
    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }
}
