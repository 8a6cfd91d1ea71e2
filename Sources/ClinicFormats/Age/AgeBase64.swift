/// The base64 of age headers: the standard alphabet without padding, and only its canonical form
/// (no padding, no stray bits, no line breaks), so a header cannot be altered without changing bytes.
enum AgeBase64 {
    private static let alphabet = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let values: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (i, c) in alphabet.enumerated() { table[Int(c)] = Int8(i) }
        return table
    }()

    /// `bytes` encoded, unpadded.
    static func encode<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        var accumulator = 0
        var bits = 0
        for byte in bytes {
            accumulator = (accumulator << 8) | Int(byte)
            bits += 8
            while bits >= 6 {
                bits -= 6
                out.append(alphabet[(accumulator >> bits) & 63])
            }
            accumulator &= (1 << bits) - 1
        }
        if bits > 0 { out.append(alphabet[(accumulator << (6 - bits)) & 63]) }
        return out
    }

    /// The bytes of canonical unpadded base64, or `nil`.
    static func decode<Text: Collection<UInt8>>(_ text: Text) -> [UInt8]? {
        guard text.count % 4 != 1 else { return nil }
        var out: [UInt8] = []
        var accumulator = 0
        var bits = 0
        for c in text {
            let value = values[Int(c)]
            guard value >= 0 else { return nil }
            accumulator = (accumulator << 6) | Int(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((accumulator >> bits) & 0xFF))
            }
            accumulator &= (1 << bits) - 1
        }
        // Leftover bits must be zero: otherwise two texts would decode to the same bytes.
        guard accumulator == 0 else { return nil }
        return out
    }
}
