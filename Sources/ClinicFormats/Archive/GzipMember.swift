import CZlib

/// Gzip members built by hand with stored (uncompressed) deflate blocks: their length depends only
/// on the data's length, so a placeholder can be overwritten in place once the data is known.
enum GzipMember {
    /// The length of a stored member holding `count` bytes.
    static func storedLength(_ count: Int) -> Int {
        10 + max(1, (count + 65_534) / 65_535) * 5 + count + 8
    }

    /// A gzip member holding `data` uncompressed.
    static func stored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF]
        var offset = 0
        repeat {
            let count = min(65_535, data.count - offset)
            let last = offset + count == data.count
            out.append(last ? 1 : 0)
            out.append(contentsOf: [
                UInt8(count & 0xFF), UInt8(count >> 8), UInt8(~count & 0xFF), UInt8((~count >> 8) & 0xFF),
            ])
            out.append(contentsOf: data[offset..<(offset + count)])
            offset += count
        } while offset < data.count
        let crc = data.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
        for shift in [0, 8, 16, 24] { out.append(UInt8(truncatingIfNeeded: crc >> UInt(shift))) }
        for shift in [0, 8, 16, 24] {
            out.append(UInt8(truncatingIfNeeded: UInt32(data.count) >> UInt32(shift)))
        }
        return out
    }
}
