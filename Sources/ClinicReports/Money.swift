import ClinicPipeline

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

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = ExactDecimal.parse(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not an amount"))
        }
        self.init(value)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
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

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(part, forKey: .part)
        try container.encode(whole, forKey: .whole)
        try container.encode(permille.map { "\($0 / 10).\(abs($0 % 10))" }, forKey: .percent)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        part = try container.decode(Int64.self, forKey: .part)
        whole = try container.decode(Int64.self, forKey: .whole)
    }

    private enum CodingKeys: String, CodingKey { case part, whole, percent }
}
