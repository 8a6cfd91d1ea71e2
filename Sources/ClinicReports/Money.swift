import ClinicPipeline
import Foundation

/// An amount in centavos: exact, summed as integers, never floating point.
public struct Money: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The amount in hundredths.
    public var cents: Int64

    /// Creates an amount from hundredths.
    public init(cents: Int64) {
        self.cents = cents
    }

    /// Zero.
    public static let zero = Money(cents: 0)

    /// The amount of a decimal value at any scale, rounded half away from zero to cents.
    public init(_ decimal: ExactDecimal) {
        if let exact = decimal.rescaled(to: 2) {
            cents = exact.units
        } else {
            var units = decimal.units
            var dropped: Int64 = 0
            var divisor: Int64 = 1
            for _ in 2..<decimal.scale {
                dropped += (units % 10) * divisor
                divisor *= 10
                units /= 10
            }
            cents = units + (2 * abs(dropped) >= divisor ? (units < 0 ? -1 : 1) : 0)
        }
    }

    /// Plain text with two decimals (`12345.60`), as CSV and JSON carry it.
    public var description: String { ExactDecimal(units: cents, scale: 2).description }

    /// With thousands separators and the peso sign, for people (`₱12,345.60`).
    public var display: String {
        let plain = ExactDecimal(units: abs(cents), scale: 2).description
        let parts = plain.split(separator: ".")
        var whole = String(parts[0])
        var grouped = ""
        while whole.count > 3 {
            grouped = "," + whole.suffix(3) + grouped
            whole.removeLast(3)
        }
        return (cents < 0 ? "−₱" : "₱") + whole + grouped + "." + parts[1]
    }

    /// Whole pesos with a k/M suffix, for chart axes (`₱12k`).
    public var compact: String {
        let pesos = cents / 100
        if abs(pesos) >= 1_000_000 { return "₱\(pesos / 1_000_000).\(abs(pesos) / 100_000 % 10)M" }
        if abs(pesos) >= 1000 { return "₱\(pesos / 1000)k" }
        return "₱\(pesos)"
    }

    /// `self` × `n`.
    public func times(_ n: Int64) -> Money { Money(cents: cents * n) }

    /// The quotient rounded half up to cents, `nil` when dividing by zero.
    public func divided(by n: Int64) -> Money? {
        guard n != 0 else { return nil }
        let q = (2 * cents + n) / (2 * n)
        return Money(cents: cents >= 0 ? q : -((2 * -cents + n) / (2 * n)))
    }

    public static func + (a: Money, b: Money) -> Money { Money(cents: a.cents + b.cents) }
    public static func - (a: Money, b: Money) -> Money { Money(cents: a.cents - b.cents) }
    public static func += (a: inout Money, b: Money) { a.cents += b.cents }
    public static func < (a: Money, b: Money) -> Bool { a.cents < b.cents }

    /// Read from a JSON number (what `encode` writes) or a decimal string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let number = try? container.decode(Decimal.self)
        let text = try number.map { "\($0)" } ?? container.decode(String.self)
        guard let value = ExactDecimal.parse(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not an amount"))
        }
        self.init(value)
    }

    /// A JSON number with at most two decimals (`117602.75`), exact: no binary floating point.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(JSONNumber.decimal(cents, scale: 2))
    }
}

/// Exact decimal numbers for JSON: Foundation's `Decimal` is written digit for digit.
enum JSONNumber {
    static func decimal(_ units: Int64, scale: Int16) -> Decimal {
        Decimal(
            sign: units < 0 ? .minus : .plus, exponent: -Int(scale), significand: Decimal(units.magnitude))
    }
}

/// An exact ratio shown as a percentage with one decimal (`97.5%`).
public struct Ratio: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The numerator.
    public var part: Int64
    /// The denominator.
    public var whole: Int64

    /// Creates a ratio.
    public init(_ part: Int64, of whole: Int64) {
        self.part = part
        self.whole = whole
    }

    /// Tenths of a percent, rounded half up; `nil` when the denominator is zero.
    public var permille: Int64? {
        guard whole != 0 else { return nil }
        return (part * 2000 + whole) / (2 * whole)
    }

    /// `97.5%`, or `–` when undefined.
    public var description: String {
        guard let p = permille else { return "–" }
        return "\(p / 10).\(abs(p % 10))%"
    }

    /// Whether the ratio is below `percent` %, exactly.
    public func isBelow(percent: Int64) -> Bool { whole != 0 && part * 100 < percent * whole }

    /// Whether the ratio is above `percent` %, exactly.
    public func isAbove(percent: Int64) -> Bool { whole != 0 && part * 100 > percent * whole }

    /// Ten-thousandths, rounded half up; `nil` when the denominator is zero.
    public var permyriad: Int64? {
        guard whole != 0 else { return nil }
        let (p, w) = whole < 0 ? (-part, -whole) : (part, whole)
        return p >= 0 ? (p * 20000 + w) / (2 * w) : -((-p * 20000 + w) / (2 * w))
    }

    /// The fraction to four decimals (`0.9753`), as CSV carries it; empty when undefined.
    public var fraction: String {
        guard let p = permyriad else { return "" }
        return ExactDecimal(units: p, scale: 4).description
    }

    /// A JSON number, the fraction to four decimals (`0.9753`), or `null` when undefined.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let p = permyriad {
            try container.encode(JSONNumber.decimal(p, scale: 4))
        } else {
            try container.encodeNil()
        }
    }

    /// Read back from the fraction, as ten-thousandths.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self.init(0, of: 0)
            return
        }
        let value = ExactDecimal.parse("\(try container.decode(Decimal.self))")
        self.init(value?.rescaled(to: 4)?.units ?? 0, of: 10000)
    }
}
