import CZlib

/// Stored (uncompressed) deflate blocks: their length depends only on the data's length, so a
/// placeholder can be overwritten in place once the data is known.
enum StoredDeflate {
    /// The length of the stored blocks holding `count` bytes.
    static func length(_ count: Int) -> Int {
        max(1, (count + 65_534) / 65_535) * 5 + count
    }

    /// `data` as stored blocks starting on a byte boundary; `final` marks the last block of the
    /// deflate stream.
    static func blocks(_ data: [UInt8], final: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(length(data.count))
        var offset = 0
        repeat {
            let count = min(65_535, data.count - offset)
            let last = final && offset + count == data.count
            // BFINAL, then BTYPE 00; the rest of the byte is padding.
            out.append(last ? 1 : 0)
            out.append(contentsOf: [
                UInt8(count & 0xFF), UInt8(count >> 8), UInt8(~count & 0xFF), UInt8((~count >> 8) & 0xFF),
            ])
            out.append(contentsOf: data[offset..<(offset + count)])
            offset += count
        } while offset < data.count
        return out
    }

    /// CRC-32 of `data`.
    static func crc(_ data: [UInt8]) -> uLong {
        data.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
    }
}
