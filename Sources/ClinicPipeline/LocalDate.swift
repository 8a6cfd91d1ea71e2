/// A calendar date, stored as days since 1970-01-01 so it sorts and subtracts cheaply.
public struct LocalDate: Sendable, Hashable, Comparable {
    /// Days since 1970-01-01 (negative before).
    public var daysSinceEpoch: Int32

    /// Creates a date from days since 1970-01-01.
    public init(daysSinceEpoch: Int32) {
        self.daysSinceEpoch = daysSinceEpoch
    }

    /// PostgreSQL's `infinity` and `-infinity`: beyond every date it holds (4713 BC to 5874897 AD),
    /// with room left so that subtracting a few centuries of days cannot overflow.
    public static let infinity = LocalDate(daysSinceEpoch: 2_147_000_000)
    /// PostgreSQL's `-infinity`.
    public static let negativeInfinity = LocalDate(daysSinceEpoch: -2_147_000_000)

    /// Whether this is `infinity` or `-infinity`.
    public var isInfinite: Bool { self == .infinity || self == .negativeInfinity }

    /// Creates a date from its parts; `nil` when the day does not exist.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year) else { return nil }
        self.init(astronomicalYear: year, month: month, day: day)
    }

    /// Any date PostgreSQL holds: year 0 is 1 BC, -4712 is 4713 BC, up to 5874897.
    public init?(astronomicalYear year: Int, month: Int, day: Int) {
        guard (-4712...5_874_897).contains(year), (1...12).contains(month),
            (1...LocalDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        daysSinceEpoch = Int32(era * 146_097 + doe - 719_468)
    }

    /// The year, month and day.
    public var parts: (year: Int, month: Int, day: Int) {
        let z = Int(daysSinceEpoch) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The day of the week, 0 = Sunday … 6 = Saturday (the app's `day_of_week`).
    public var weekday: Int { Int((Int64(daysSinceEpoch) % 7 + 11) % 7) }

    /// The date `days` later.
    public func adding(days: Int) -> LocalDate {
        LocalDate(daysSinceEpoch: daysSinceEpoch + Int32(days))
    }

    /// The number of days in a month.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }
}
