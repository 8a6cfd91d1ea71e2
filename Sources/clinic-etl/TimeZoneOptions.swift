import ArgumentParser
import ClinicPipeline
import Foundation

/// `--timezone` for commands that read files.
///
/// Datetimes written without an offset are wall-clock times of the clinic, as in a Django
/// project with `USE_TZ` and `TIME_ZONE`. The same option, with the same default, as `report`'s.
struct TimeZoneOptions: ParsableArguments {
    @Option(
        name: .customLong("timezone"), parsing: .unconditional,
        help:
            "The clinic's time zone (default: the system's), e.g. Asia/Manila or +08:00: datetimes in files without an offset are read in it."
    )
    var timezone: String?

    /// The zone asked for, or the system's.
    func zone() throws -> WallClockZone {
        guard let timezone else { return WallClockZone(.current) }
        return WallClockZone(try Self.parse(timezone))
    }

    /// An IANA name (`Asia/Manila`, `UTC`) or a fixed offset from UTC (`+08:00`, `-0530`, `+8`,
    /// `UTC+8`), as `--timezone` takes them.
    static func parse(_ text: String) throws -> TimeZone {
        if let offset = offsetSeconds(text), let zone = TimeZone(secondsFromGMT: offset) { return zone }
        if let zone = TimeZone(identifier: text) { return zone }
        let known = TimeZone.knownTimeZoneIdentifiers
        let suggestion = NameSuggestion.closest(to: text, among: known)
        throw ETLError(
            .usage,
            "unknown time zone \"\(text)\"" + (suggestion.map { "; did you mean \"\($0)\"?" } ?? ""),
            hint: "use an IANA name such as Asia/Manila, or an offset such as +08:00")
    }

    /// `±HH:MM`, `±HHMM` or `±H`, optionally after `UTC` or `GMT`; `nil` for anything else.
    private static func offsetSeconds(_ text: String) -> Int? {
        var rest = Substring(text)
        for prefix in ["UTC", "GMT"] where rest.uppercased().hasPrefix(prefix) {
            rest = rest.dropFirst(prefix.count)
        }
        guard let sign = rest.first, sign == "+" || sign == "-" else { return nil }
        rest = rest.dropFirst()
        let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
        let hours: Substring
        let minutes: Substring
        switch (parts.count, rest.count) {
        case (2, _): (hours, minutes) = (parts[0], parts[1])
        case (1, 1...2): (hours, minutes) = (rest, "0")
        case (1, 4): (hours, minutes) = (rest.prefix(2), rest.suffix(2))
        default: return nil
        }
        guard hours.allSatisfy(\.isASCII), minutes.allSatisfy(\.isASCII), (1...2).contains(hours.count),
            (1...2).contains(minutes.count), let h = Int(hours), let m = Int(minutes), h <= 14, m < 60
        else { return nil }
        return (sign == "-" ? -1 : 1) * (h * 3600 + m * 60)
    }

    /// Says how many values were read as wall-clock times, when any were.
    static func printNote(_ zone: WallClockZone) {
        let count = zone.valuesRead
        guard count > 0 else { return }
        Console.diagnostic(
            "read \(Counting.count(count, "datetime")) without an offset as \(zone.timeZone.identifier) time (--timezone)"
        )
    }
}
