import ClinicPipeline
import Foundation

/// A calendar month, `2025-10`.
public struct YearMonth: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The year.
    public var year: Int
    /// The month, 1–12.
    public var month: Int

    /// Parses `YYYY-MM`.
    public init?(_ text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let y = Int(parts[0]),
            let m = Int(parts[1]),
            (1...12).contains(m), (1...9999).contains(y)
        else { return nil }
        year = y
        month = m
    }

    /// Creates a month.
    public init(year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    /// The month a date falls in.
    public init(_ date: LocalDate) {
        let p = date.parts
        self.init(year: p.year, month: p.month)
    }

    /// The month before.
    public var previous: YearMonth {
        month == 1 ? YearMonth(year: year - 1, month: 12) : YearMonth(year: year, month: month - 1)
    }

    /// The same month a year earlier.
    public var lastYear: YearMonth { YearMonth(year: year - 1, month: month) }

    /// Months since January of year 0, so differences count months.
    var ordinal: Int { year * 12 + month - 1 }

    /// The month `n` months later (earlier when negative).
    public func adding(months n: Int) -> YearMonth {
        let o = ordinal + n
        return YearMonth(year: o / 12, month: o % 12 + 1)
    }

    /// The twelve months ending with this one, oldest first.
    public var twelveMonths: [YearMonth] { (0..<12).map { adding(months: $0 - 11) } }

    /// Where `other` falls among `twelveMonths`, if it does.
    func trendIndex(of other: YearMonth) -> Int? {
        let i = other.ordinal - ordinal + 11
        return (0..<12).contains(i) ? i : nil
    }

    /// `October 2025`.
    public var name: String {
        let names = [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December",
        ]
        return "\(names[month - 1]) \(year)"
    }

    /// `Oct 2025`, for chart axes.
    var short: String { String(name.prefix(3)) + " " + String(year) }

    /// The first day.
    public var first: LocalDate {
        LocalDate(year: year, month: month, day: 1) ?? LocalDate(daysSinceEpoch: 0)
    }

    /// The last day.
    public var last: LocalDate { first.adding(days: days - 1) }

    /// The number of days.
    public var days: Int { LocalDate.daysIn(month: month, year: year) }

    /// Whether `date` is in this month.
    public func contains(_ date: LocalDate) -> Bool { first <= date && date <= last }

    public var description: String { String(format: "%04d-%02d", year, month) }

    public static func < (a: YearMonth, b: YearMonth) -> Bool { (a.year, a.month) < (b.year, b.month) }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public init(from decoder: any Decoder) throws {
        guard let month = YearMonth(try decoder.singleValueContainer().decode(String.self)) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not YYYY-MM"))
        }
        self = month
    }
}

extension LocalDate {
    /// `2025-10-31`.
    public var iso: String { Value.date(self).postgresText ?? "" }
}
