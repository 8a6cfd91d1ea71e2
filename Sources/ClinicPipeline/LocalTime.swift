/// A time of day with microseconds, without a time zone.
public struct LocalTime: Sendable, Hashable, Comparable {
    /// Microseconds since midnight; 24:00:00 is allowed, as PostgreSQL allows it.
    public var microseconds: Int64

    /// Creates a time from microseconds since midnight.
    public init(microseconds: Int64) {
        self.microseconds = microseconds
    }

    /// Creates a time from its parts; `nil` when out of range.
    public init?(hour: Int, minute: Int, second: Int = 0, microsecond: Int = 0) {
        guard (0...59).contains(minute), (0...59).contains(second), (0...999_999).contains(microsecond),
            (0...23).contains(hour) || (hour == 24 && minute == 0 && second == 0 && microsecond == 0)
        else { return nil }
        microseconds = Int64(((hour * 60 + minute) * 60 + second)) * 1_000_000 + Int64(microsecond)
    }

    /// Hour, minute, second and microsecond.
    public var parts: (hour: Int, minute: Int, second: Int, microsecond: Int) {
        let seconds = Int(microseconds / 1_000_000)
        return (seconds / 3600, seconds / 60 % 60, seconds % 60, Int(microseconds % 1_000_000))
    }

    public static func < (lhs: LocalTime, rhs: LocalTime) -> Bool { lhs.microseconds < rhs.microseconds }
}
