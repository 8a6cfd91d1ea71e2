import ClinicFormats
import ClinicPipeline
import Foundation

/// Gzip files that inflate to far more than they weigh.
public enum GzipBomb {
    /// A multi-member gzip stream: `prefix`, then `megabytes` MiB of zero bytes, one member per MiB
    /// (about 1 KiB each), so a gigabyte weighs about a megabyte.
    public static func make(prefix: String, megabytes: Int) throws -> [UInt8] {
        let zeros = try member([UInt8](repeating: 0, count: 1 << 20))
        var out = try member(Array(prefix.utf8))
        out.reserveCapacity(out.count + zeros.count * megabytes)
        for _ in 0..<megabytes { out += zeros }
        return out
    }

    /// Writes `make`'s bytes to `path`.
    public static func write(to path: String, prefix: String, megabytes: Int) throws {
        try Data(make(prefix: prefix, megabytes: megabytes)).write(to: URL(fileURLWithPath: path))
    }

    private static func member(_ bytes: [UInt8]) throws -> [UInt8] {
        let sink = MemorySink()
        let gzip = ParallelGzipSink(sink, setting: DeflateSetting(level: 9))
        try gzip.write(bytes)
        try gzip.close()
        return sink.bytes
    }
}

/// Collects what is written in memory.
public final class MemorySink: ByteSink {
    public let name = "memory"
    public private(set) var bytes: [UInt8] = []
    public private(set) var closed = false

    public init() {}

    public func write(_ data: UnsafeRawBufferPointer) throws { bytes.append(contentsOf: data) }

    public func close() throws { closed = true }

    /// The bytes as UTF-8 text.
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}
