/// An exact decimal number: an integer count of units of 10^-scale.
///
/// Money never touches floating point.
public struct ExactDecimal: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The value times 10^scale.
    public var units: Int64
    /// Digits after the decimal point.
    public var scale: Int

    /// Creates a decimal of `units` × 10^-`scale`.
    public init(units: Int64, scale: Int) {
        self.units = units
        self.scale = scale
    }

    /// PostgreSQL's `NaN`, which any `numeric(p, s)` column holds; a negative scale marks it.
    ///
    /// It equals itself and sorts after every number, as in PostgreSQL.
    public static let nan = ExactDecimal(units: 0, scale: -1)

    /// Whether this is `NaN`.
    public var isNaN: Bool { scale < 0 }

    /// The same number at another scale; `nil` when digits would be lost or it overflows.
    ///
    /// `NaN` stays `NaN`.
    public func rescaled(to newScale: Int) -> ExactDecimal? {
        if newScale == scale || isNaN { return self }
        if newScale > scale {
            var result = units
            for _ in scale..<newScale {
                let (product, overflow) = result.multipliedReportingOverflow(by: 10)
                if overflow { return nil }
                result = product
            }
            return ExactDecimal(units: result, scale: newScale)
        }
        var result = units
        for _ in newScale..<scale {
            if result % 10 != 0 { return nil }
            result /= 10
        }
        return ExactDecimal(units: result, scale: newScale)
    }

    /// The number of digits before the decimal point (0 for |x| < 1).
    public var integerDigits: Int {
        if isNaN { return 0 }
        var whole = units.magnitude
        for _ in 0..<scale { whole /= 10 }
        var digits = 0
        while whole > 0 {
            digits += 1
            whole /= 10
        }
        return digits
    }

    /// Plain notation with exactly `scale` digits after the point, as PostgreSQL prints `numeric(p, s)`.
    public var description: String {
        if isNaN { return "NaN" }
        var digits = String(units.magnitude)
        if scale > 0 {
            if digits.count <= scale {
                digits = String(repeating: "0", count: scale - digits.count + 1) + digits
            }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -scale))
        }
        return units < 0 ? "-" + digits : digits
    }

    public static func < (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
        if lhs.isNaN || rhs.isNaN { return !lhs.isNaN }
        let scale = max(lhs.scale, rhs.scale)
        guard let l = lhs.rescaled(to: scale), let r = rhs.rescaled(to: scale) else {
            return Double(lhs.description) ?? 0 < Double(rhs.description) ?? 0
        }
        return l.units < r.units
    }

    /// Parses text in plain or exponent notation.
    public static func parse(_ text: String) -> ExactDecimal? {
        var text = text
        return text.withUTF8 { parse($0) }
    }

    /// Parses plain or exponent notation (`-12.50`, `1.5e-05`); `nil` when malformed or too large.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> ExactDecimal? {
        if bytes.count == 3, bytes[0] | 0x20 == UInt8(ascii: "n"), bytes[1] | 0x20 == UInt8(ascii: "a"),
            bytes[2] | 0x20 == UInt8(ascii: "n")
        {
            return .nan
        }
        var i = 0
        var negative = false
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        var units: Int64 = 0
        var scale = 0
        var digits = 0
        var seenPoint = false
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: ".") && !seenPoint {
                seenPoint = true
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                let (times10, o1) = units.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
                if o1 || o2 { return nil }
                units = sum
                digits += 1
                if seenPoint { scale += 1 }
            } else {
                break
            }
            i += 1
        }
        guard digits > 0 else { return nil }
        var exponent = 0
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            var expNegative = false
            if i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
                expNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            let start = i
            while i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9"),
                exponent < 1000
            {
                exponent = exponent * 10 + Int(bytes[i] - UInt8(ascii: "0"))
                i += 1
            }
            guard i > start else { return nil }
            if expNegative { exponent = -exponent }
        }
        guard i == bytes.count else { return nil }
        var value = ExactDecimal(units: negative ? -units : units, scale: scale)
        if exponent < 0 {
            value.scale -= exponent
            guard value.scale <= 38 else { return nil }
        } else if exponent > 0 {
            let shift = min(exponent, value.scale)
            value.scale -= shift
            guard let grown = ExactDecimal(units: value.units, scale: 0).rescaled(to: exponent - shift) else {
                return nil
            }
            value.units = grown.units
        }
        return value
    }
}
