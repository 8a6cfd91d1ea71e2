import ClinicPipeline
import Foundation

/// An exact decimal that JSON carries as a number (`7.3`, `0.9753`), never as a string.
public struct DecimalNumber: Codable, Sendable, Equatable, CustomStringConvertible {
    /// The value.
    public var value: ExactDecimal

    /// `units` × 10^-`scale`.
    public init(_ units: Int64, scale: Int = 0) {
        value = ExactDecimal(units: units, scale: scale)
    }

    /// The digits, `7.3`.
    public var description: String { value.description }

    /// The value in `scale` digits, when it has no more.
    func units(scale: Int) -> Int64? { value.rescaled(to: scale)?.units }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(JSONNumber.decimal(value.units, scale: Int16(value.scale)))
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let value = ExactDecimal.parse("\(try container.decode(Decimal.self))") else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not a number"))
        }
        self.value = value
    }
}
