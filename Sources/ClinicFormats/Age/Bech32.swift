/// Bech32 (BIP 173), the text form of age keys: `age1…` recipients and `AGE-SECRET-KEY-1…`
/// identities.
///
/// age uses the original Bech32 checksum (not Bech32m) and, unlike Bitcoin, no 90-character limit.
enum Bech32 {
    private static let alphabet = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)
    private static let generator: [UInt32] = [
        0x3b6a_57b2, 0x2650_8e6d, 0x1ea1_19fa, 0x3d42_33dd, 0x2a14_62b3,
    ]

    /// `data` under the human-readable part `hrp`, in lower case.
    static func encode(hrp: String, data: [UInt8]) -> String {
        let hrp = Array(hrp.lowercased().utf8)
        let values = regroup(data, from: 8, to: 5, pad: true) ?? []
        let check = polymod(expand(hrp) + values + [0, 0, 0, 0, 0, 0]) ^ 1
        let checksum = (0..<6).map { UInt8((check >> (5 * (5 - UInt32($0)))) & 31) }
        let text = hrp + [UInt8(ascii: "1")] + (values + checksum).map { alphabet[Int($0)] }
        return String(decoding: text, as: UTF8.self)
    }

    /// The human-readable part (lower case) and the data of a Bech32 string, or `nil` when it is
    /// not one (mixed case, a bad character, a wrong checksum, stray padding bits).
    static func decode(_ text: String) -> (hrp: String, data: [UInt8])? {
        let bytes = Array(text.utf8)
        let hasLower = bytes.contains { (97...122).contains($0) }
        let hasUpper = bytes.contains { (65...90).contains($0) }
        guard !(hasLower && hasUpper), bytes.allSatisfy({ (33...126).contains($0) }) else { return nil }
        let lower = Array(text.lowercased().utf8)
        guard let separator = lower.lastIndex(of: UInt8(ascii: "1")), separator > 0,
            lower.count - separator - 1 >= 6
        else { return nil }
        let hrp = Array(lower[..<separator])
        var values: [UInt8] = []
        for byte in lower[(separator + 1)...] {
            guard let value = alphabet.firstIndex(of: byte) else { return nil }
            values.append(UInt8(value))
        }
        guard polymod(expand(hrp) + values) == 1,
            let data = regroup(Array(values.dropLast(6)), from: 5, to: 8, pad: false)
        else { return nil }
        return (String(decoding: hrp, as: UTF8.self), data)
    }

    private static func polymod(_ values: [UInt8]) -> UInt32 {
        var check: UInt32 = 1
        for value in values {
            let top = check >> 25
            check = (check & 0x1ff_ffff) << 5 ^ UInt32(value)
            for i in 0..<5 where (top >> i) & 1 == 1 { check ^= generator[i] }
        }
        return check
    }

    private static func expand(_ hrp: [UInt8]) -> [UInt8] {
        hrp.map { $0 >> 5 } + [0] + hrp.map { $0 & 31 }
    }

    /// Regroups bits; without `pad`, leftover bits must be fewer than `from` and all zero.
    private static func regroup(_ data: [UInt8], from: Int, to: Int, pad: Bool) -> [UInt8]? {
        var accumulator = 0
        var bits = 0
        var out: [UInt8] = []
        let mask = (1 << to) - 1
        for value in data {
            accumulator = (accumulator << from) | Int(value)
            bits += from
            while bits >= to {
                bits -= to
                out.append(UInt8((accumulator >> bits) & mask))
            }
        }
        if pad {
            if bits > 0 { out.append(UInt8((accumulator << (to - bits)) & mask)) }
        } else if bits >= from || (accumulator << (to - bits)) & mask != 0 {
            return nil
        }
        return out
    }
}
