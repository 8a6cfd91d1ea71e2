import ClinicPipeline
import Foundation

/// Turns instants into the clinic's local dates, so a billing at 2025-10-31T17:30Z is November in Manila.
public final class ClinicClock: @unchecked Sendable {
    // @unchecked: the offset cache is used by the one thread that builds a report.
    /// The time zone.
    public let timeZone: TimeZone
    private var offsets: [Int64: Int64] = [:]

    /// A clock for `identifier` (`Asia/Manila`); `nil` for an unknown zone.
    public init?(identifier: String) {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        timeZone = zone
    }

    /// A clock in the system's time zone.
    public init(zone: TimeZone) {
        timeZone = zone
    }

    /// The local date and time of an instant.
    public func local(_ t: Timestamp) -> (date: LocalDate, time: LocalTime) {
        let micros = t.microsecondsSinceEpoch
        let hour = micros >= 0 ? micros / 3_600_000_000 : (micros - 3_599_999_999) / 3_600_000_000
        let offset: Int64
        if let cached = offsets[hour] {
            offset = cached
        } else {
            offset = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(hour) * 3600)))
            offsets[hour] = offset
        }
        return Timestamp(microsecondsSinceEpoch: micros + offset * 1_000_000).utc
    }

    /// The instant the local day `date` begins.
    public func start(of date: LocalDate) -> Timestamp {
        let local = Int64(date.daysSinceEpoch) * 86_400
        // The offset at the answer, found by trying the offset at the local time read as UTC.
        var offset = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local))))
        offset = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local - offset))))
        return Timestamp(microsecondsSinceEpoch: (local - offset) * 1_000_000)
    }

    /// The local date of an instant.
    public func date(_ t: Timestamp) -> LocalDate { local(t).date }
}
