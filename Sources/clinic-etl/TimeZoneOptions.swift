import ArgumentParser
import ClinicPipeline
import Foundation

/// `--timezone` for commands that read files.
///
/// Datetimes written without an offset are wall-clock times of the clinic, as in a Django
/// project with `USE_TZ` and `TIME_ZONE`. The same option, with the same default, as `report`'s.
struct TimeZoneOptions: ParsableArguments {
    @Option(
        name: .customLong("timezone"),
        help:
            "The clinic's time zone (default: the system's), e.g. Asia/Manila: datetimes in files without an offset are read in it."
    )
    var timezone: String?

    /// The zone asked for, or the system's.
    func zone() throws -> WallClockZone {
        guard let timezone else { return WallClockZone(.current) }
        guard let zone = TimeZone(identifier: timezone) else {
            throw ETLError(
                .usage, "unknown time zone \"\(timezone)\"", hint: "use an IANA name such as Asia/Manila")
        }
        return WallClockZone(zone)
    }

    /// Says how many values were read as wall-clock times, when any were.
    static func printNote(_ zone: WallClockZone) {
        let count = zone.valuesRead
        guard count > 0 else { return }
        print(
            "read \(count) datetime\(count == 1 ? "" : "s") without an offset as \(zone.timeZone.identifier) time (--timezone)"
        )
    }
}
