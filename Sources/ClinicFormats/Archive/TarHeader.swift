import ClinicPipeline
import Foundation

/// A ustar header block: what the archive writer emits and the reader checks.
struct TarHeader {
    static let blockSize = 512

    var name: String
    var size: Int
    var typeFlag: UInt8 = UInt8(ascii: "0")
    /// Permission bits: owner-only, as patient data must be.
    var mode = 0o600

    /// The type flag of a directory.
    static let directory = UInt8(ascii: "5")

    /// The 512-byte block for a regular file.
    func encoded(mtime: Int) -> [UInt8] {
        var block = [UInt8](repeating: 0, count: Self.blockSize)
        func put(_ text: String, at offset: Int, width: Int) {
            for (i, byte) in text.utf8.prefix(width).enumerated() { block[offset + i] = byte }
        }
        func octal(_ value: Int, at offset: Int, width: Int) {
            let digits = String(value, radix: 8)
            put(
                String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits, at: offset,
                width: width - 1)
        }
        put(name, at: 0, width: 100)
        octal(mode, at: 100, width: 8)
        octal(0, at: 108, width: 8)
        octal(0, at: 116, width: 8)
        if size < 1 << 33 {
            octal(size, at: 124, width: 12)
        } else {
            // Eleven octal digits end at 8 GiB; beyond that GNU tar's base-256 form, as tar reads it.
            block[124] = 0x80
            for i in 0..<8 { block[135 - i] = UInt8(truncatingIfNeeded: size >> (8 * i)) }
        }
        octal(mtime, at: 136, width: 12)
        block[156] = typeFlag
        put("ustar", at: 257, width: 6)
        put("00", at: 263, width: 2)
        put("clinic-etl", at: 265, width: 32)
        put("clinic-etl", at: 297, width: 32)
        for i in 148..<156 { block[i] = UInt8(ascii: " ") }
        let sum = block.reduce(0) { $0 + Int($1) }
        octal(sum, at: 148, width: 7)
        block[155] = UInt8(ascii: " ")
        return block
    }

    /// Parses and checks a header block; `nil` for an all-zero block (the end of the archive).
    ///
    /// `offset` is where the block starts in the tar stream, for messages.
    static func decode(_ block: [UInt8], archive: String, at offset: Int = 0) throws -> TarHeader? {
        guard block.contains(where: { $0 != 0 }) else { return nil }
        func field(_ offset: Int, _ width: Int) -> String {
            let bytes = block[offset..<(offset + width)].prefix { $0 != 0 }
            return String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespaces)
        }
        func number(_ offset: Int, _ width: Int) throws -> Int {
            guard let n = Int(field(offset, width), radix: 8), n >= 0 else {
                throw ETLError(
                    .badInput,
                    "the archive is damaged: corrupt tar header at byte \(offset) of the tar stream (bad number)"
                ).at(location: archive)
            }
            return n
        }
        var expected = 0
        for (i, byte) in block.enumerated() { expected += (148..<156).contains(i) ? 32 : Int(byte) }
        guard try number(148, 8) == expected else {
            throw ETLError(
                .badInput,
                "the archive is damaged: corrupt tar header at byte \(offset) of the tar stream (checksum mismatch)",
                hint: "use a good copy of the backup"
            )
            .at(location: archive)
        }
        var name = field(0, 100)
        let prefix = field(345, 155)
        if !prefix.isEmpty { name = prefix + "/" + name }
        return TarHeader(
            name: name, size: try size(block, archive: archive, at: offset) ?? number(124, 12),
            typeFlag: block[156])
    }

    /// A size in GNU tar's base-256 form (first byte 0x80, then big-endian), or `nil` for octal.
    private static func size(_ block: [UInt8], archive: String, at offset: Int) throws -> Int? {
        guard block[124] & 0x80 != 0 else { return nil }
        guard block[124] == 0x80, block[125..<128].allSatisfy({ $0 == 0 }), block[128] < 0x80 else {
            throw ETLError(
                .badInput,
                "the archive is damaged: corrupt tar header at byte \(offset) of the tar stream (size out of range)"
            ).at(location: archive)
        }
        return block[128..<136].reduce(0) { $0 << 8 | Int($1) }
    }

    /// The zero padding after `size` bytes of data.
    static func padding(after size: Int) -> Int { (blockSize - size % blockSize) % blockSize }
}
