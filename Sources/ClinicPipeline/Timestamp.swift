#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An instant with microsecond precision, remembering the UTC offset it was written with.
///
/// Equality and hashing consider only the instant: `06:00+00` and `14:00+08` are the same value,
/// as they are to PostgreSQL's `timestamptz`.
public struct Timestamp: Sendable, Hashable, Comparable {
    /// Microseconds since 1970-01-01T00:00:00Z.
    public var microsecondsSinceEpoch: Int64
    /// The offset from UTC, in seconds, that the source used.
    public var offsetSeconds: Int32

    /// Creates a timestamp from an instant and the offset to show it in.
    public init(microsecondsSinceEpoch: Int64, offsetSeconds: Int32 = 0) {
        self.microsecondsSinceEpoch = microsecondsSinceEpoch
        self.offsetSeconds = offsetSeconds
    }

    /// Creates a timestamp from a local date and time at the given offset.
    public init(date: LocalDate, time: LocalTime, offsetSeconds: Int32 = 0) {
        microsecondsSinceEpoch =
            Int64(date.daysSinceEpoch) * 86_400_000_000 + time.microseconds - Int64(offsetSeconds) * 1_000_000
        self.offsetSeconds = offsetSeconds
    }

    /// PostgreSQL's `infinity`, beyond every instant held here, with a thousand days of room so
    /// that adding an offset cannot overflow.
    public static let infinity = Timestamp(microsecondsSinceEpoch: Int64.max - 1000 * 86_400_000_000)
    /// PostgreSQL's `-infinity`.
    public static let negativeInfinity = Timestamp(
        microsecondsSinceEpoch: -(Int64.max - 1000 * 86_400_000_000))

    /// Whether this is `infinity` or `-infinity`.
    public var isInfinite: Bool { self == .infinity || self == .negativeInfinity }

    /// The instant of a date and time at an offset; `nil` beyond what 64-bit microseconds hold
    /// (about the year 292000, short of PostgreSQL's 294276).
    public init?(exactly date: LocalDate, time: LocalTime, offsetSeconds: Int32) {
        let (dayMicros, o1) = Int64(date.daysSinceEpoch).multipliedReportingOverflow(by: 86_400_000_000)
        let (local, o2) = dayMicros.addingReportingOverflow(time.microseconds)
        let (instant, o3) = local.subtractingReportingOverflow(Int64(offsetSeconds) * 1_000_000)
        guard !o1, !o2, !o3, !date.isInfinite,
            (Timestamp.negativeInfinity.microsecondsSinceEpoch + 1..<Timestamp.infinity.microsecondsSinceEpoch)
                .contains(instant)
        else { return nil }
        self.init(microsecondsSinceEpoch: instant, offsetSeconds: offsetSeconds)
    }

    /// The UTC date and time of the instant.
    public var utc: (date: LocalDate, time: LocalTime) {
        let day = Int64(86_400_000_000)
        let days =
            microsecondsSinceEpoch >= 0
            ? microsecondsSinceEpoch / day : (microsecondsSinceEpoch - day + 1) / day
        return (
            LocalDate(daysSinceEpoch: Int32(days)),
            LocalTime(microseconds: microsecondsSinceEpoch - days * day)
        )
    }

    public static func == (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.microsecondsSinceEpoch == rhs.microsecondsSinceEpoch
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(microsecondsSinceEpoch)
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.microsecondsSinceEpoch < rhs.microsecondsSinceEpoch
    }
}

extension Timestamp {
    /// The current instant, in UTC.
    public static func now() -> Timestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Timestamp(microsecondsSinceEpoch: Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000)
    }
}
