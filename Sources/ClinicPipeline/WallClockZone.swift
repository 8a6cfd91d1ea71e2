import Foundation

/// The clinic's time zone, for datetimes written without an offset (a `USE_TZ = False` project, a
/// hand-made file): they are read as wall-clock times there, as Django with `USE_TZ` and
/// `TIME_ZONE` makes them aware, and counted so the summary can say how many were.
public final class WallClockZone: @unchecked Sendable {
    // @unchecked: the count and the cache are guarded by `lock`.
    /// The zone.
    public let timeZone: TimeZone
    private let lock = NSLock()
    private var read = 0

    /// A zone; `.current` is the system's, as `report` takes it.
    public init(_ timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    /// How many values were read as wall-clock times so far.
    public var valuesRead: Int { lock.withLock { read } }

    /// The instant of a wall-clock time, given as a timestamp whose UTC fields are the local ones.
    ///
    /// A time that occurs twice (clocks turned back) is the first occurrence and a time that does
    /// not occur (clocks turned forward) takes the offset before the change, as Python's zoneinfo
    /// does with `fold=0`, which Django's `make_aware` uses.
    public func instant(wallClock t: Timestamp) -> Timestamp {
        guard !t.isInfinite else { return t }
        lock.withLock { read += 1 }
        let micros = t.microsecondsSinceEpoch
        let local = micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000
        func offset(at seconds: Int64) -> Int64 {
            Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds))))
        }
        let before = offset(at: local - 86_400)
        let after = offset(at: local + 86_400)
        let chosen =
            offset(at: local - before) == before
            ? before : offset(at: local - after) == after ? after : before
        return Timestamp(microsecondsSinceEpoch: micros - chosen * 1_000_000, offsetSeconds: Int32(chosen))
    }

    /// Whether the text of a timestamp (`YYYY-MM-DD HH:MM…`) ends with an offset or `Z`.
    public static func hasOffset(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count > 16 else { return false }
        for byte in bytes[16...] {
            switch byte {
            case UInt8(ascii: "Z"), UInt8(ascii: "z"), UInt8(ascii: "+"), UInt8(ascii: "-"): return true
            default: continue
            }
        }
        return false
    }
}
