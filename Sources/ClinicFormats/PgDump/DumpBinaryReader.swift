import ClinicPipeline

/// Reads the integers, strings and offsets of a `pg_dump` custom-format file
/// (`pg_backup_archiver.c`'s `ReadInt`, `ReadStr`, `ReadOffset`) through a buffer.
final class DumpBinaryReader {
    private let source: any ByteSource
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)
    private var start = 0
    private var end = 0
    /// The file offset of the next byte.
    private(set) var position: Int
    /// Sizes of the file's integers and offsets, from its header.
    var intSize = 4
    var offSize = 8

    init(_ source: any ByteSource, at position: Int = 0) {
        self.source = source
        self.position = position
    }

    var name: String { source.name }

    func byte() throws -> UInt8 {
        if start == end {
            end = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
            start = 0
            guard end > 0 else {
                throw ETLError(
                    .badInput, "the dump is truncated: it ends at byte \(position)",
                    hint: "the file was cut short; use a complete copy"
                ).at(location: source.name)
            }
        }
        let b = buffer[start]
        start += 1
        position += 1
        return b
    }

    func bytes(_ count: Int) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count)
        for _ in 0..<count { out.append(try byte()) }
        return out
    }

    /// Reads up to `count` bytes into `into` at once; used for data chunks.
    func read(into buffer: UnsafeMutableRawBufferPointer, max count: Int) throws -> Int {
        if start == end {
            _ = try byte()
            start -= 1
            position -= 1
        }
        let n = min(count, buffer.count, end - start)
        self.buffer.withUnsafeBytes {
            UnsafeMutableRawBufferPointer(rebasing: buffer[0..<n]).copyMemory(
                from: UnsafeRawBufferPointer(rebasing: $0[start..<(start + n)]))
        }
        start += n
        position += n
        return n
    }

    /// `ReadInt`: a sign byte, then `intSize` bytes, least significant first.
    func int() throws -> Int {
        let negative = try byte() != 0
        var value = 0
        for i in 0..<intSize {
            let b = Int(try byte())
            if i < 8 { value |= b << (8 * i) }
        }
        return negative ? -value : value
    }

    /// `ReadStr`: a length (−1 for NULL), then the bytes.
    func string() throws -> String? {
        let length = try int()
        guard length >= 0 else { return nil }
        guard length <= InputLimits.recordBytes else { throw corrupt("a string of \(length) bytes") }
        return String(decoding: try bytes(length), as: UTF8.self)
    }

    /// `ReadOffset`: a flag byte (1 not set, 2 set, 3 no data), then `offSize` bytes.
    func offset() throws -> (flag: UInt8, offset: Int) {
        let flag = try byte()
        var value = 0
        for i in 0..<offSize {
            let b = Int(try byte())
            if i < 8 { value |= b << (8 * i) }
        }
        return (flag, value)
    }

    func corrupt(_ what: String) -> ETLError {
        ETLError(
            .badInput, "the dump is damaged near byte \(position): \(what)",
            hint: "check it with pg_restore --list; use a good copy"
        ).at(location: source.name)
    }
}
