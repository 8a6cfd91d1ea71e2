/// Hand-written parsers for the fixed-shape text forms of numbers, booleans, dates and times.
///
/// They run once per field in the hot loop, so they work on bytes and never allocate.
enum TextScanner {
    static func integer(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        var i = 0
        var negative = false
        if i < b.count, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") {
            negative = b[i] == UInt8(ascii: "-")
            i += 1
        }
        guard i < b.count else { return nil }
        var value: Int64 = 0
        while i < b.count {
            let d = b[i] &- UInt8(ascii: "0")
            guard d < 10 else { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) =
                negative ? m.subtractingReportingOverflow(Int64(d)) : m.addingReportingOverflow(Int64(d))
            if o1 || o2 { return nil }
            value = s
            i += 1
        }
        return value
    }

    static func boolean(_ b: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard b.count <= 5 else { return nil }
        var word = ""
        for byte in b { word.unicodeScalars.append(Unicode.Scalar(byte | 0x20)) }
        switch word {
        case "t", "true", "y", "yes", "on", "1": return true
        case "f", "false", "n", "no", "off", "0": return false
        default: return nil
        }
    }

    /// Reads `count` digits at `i`.
    private static func digits(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ count: Int) -> Int? {
        guard i + count <= b.count else { return nil }
        var value = 0
        for k in i..<(i + count) {
            let d = b[k] &- UInt8(ascii: "0")
            guard d < 10 else { return nil }
            value = value * 10 + Int(d)
        }
        return value
    }

    private static func date(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> LocalDate? {
        guard let y = digits(b, i, 4), b.count > i + 4, b[i + 4] == UInt8(ascii: "-"),
            let m = digits(b, i + 5, 2), b.count > i + 7, b[i + 7] == UInt8(ascii: "-"),
            let d = digits(b, i + 8, 2)
        else { return nil }
        return LocalDate(year: y, month: m, day: d)
    }

    static func date(_ b: UnsafeBufferPointer<UInt8>) -> LocalDate? {
        guard b.count == 10, let date = date(b, at: 0) else { return unusualDate(b) }
        return date
    }

    /// Parses `HH:MM[:SS[.ffffff]]` at `i`, returning the time and the index after it.
    private static func time(_ b: UnsafeBufferPointer<UInt8>, at start: Int) -> (LocalTime, Int)? {
        guard let h = digits(b, start, 2), b.count > start + 2, b[start + 2] == UInt8(ascii: ":"),
            let m = digits(b, start + 3, 2)
        else { return nil }
        var i = start + 5
        var s = 0
        var micro = 0
        if i < b.count, b[i] == UInt8(ascii: ":") {
            guard let sec = digits(b, i + 1, 2) else { return nil }
            s = sec
            i += 3
            if i < b.count, b[i] == UInt8(ascii: ".") {
                i += 1
                var count = 0
                while i < b.count, b[i] &- UInt8(ascii: "0") < 10 {
                    guard count < 6 else { return nil }
                    micro = micro * 10 + Int(b[i] - UInt8(ascii: "0"))
                    count += 1
                    i += 1
                }
                guard count > 0 else { return nil }
                for _ in count..<6 { micro *= 10 }
            }
        }
        guard let time = LocalTime(hour: h, minute: m, second: s, microsecond: micro) else { return nil }
        return (time, i)
    }

    static func time(_ b: UnsafeBufferPointer<UInt8>) -> LocalTime? {
        guard let (time, end) = time(b, at: 0), end == b.count else { return nil }
        return time
    }

    /// Parses `YYYY-MM-DD[ T]HH:MM[:SS[.ffffff]][Z|±HH[:MM[:SS]]|±HHMM]`; no offset means UTC,
    /// which is how Django stores datetimes in SQLite.
    ///
    /// `infinity`, `-infinity`, years beyond 9999
    /// and a ` BC` suffix, as PostgreSQL prints them, take a slower path.
    static func timestamp(_ b: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        guard b.count >= 16, let day = date(b, at: 0),
            b[10] == UInt8(ascii: " ") || b[10] == UInt8(ascii: "T"),
            let (time, end) = time(b, at: 11), let (offset, i) = offset(b, from: end), i == b.count
        else { return unusualTimestamp(b) }
        return Timestamp(date: day, time: time, offsetSeconds: Int32(offset))
    }

    /// The offset at `i` (`Z`, `±HH[:MM[:SS]]`, `±HHMM`, or none) in seconds, and the index after it.
    private static func offset(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> (Int, Int)? {
        var i = start
        var offset = 0
        if i < b.count, b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
            i += 1
        } else if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
            guard let hours = digits(b, i + 1, 2), hours <= 15 else { return nil }
            i += 3
            var minutes = 0
            var seconds = 0
            if i < b.count, b[i] == UInt8(ascii: ":") {
                guard let mm = digits(b, i + 1, 2), mm < 60 else { return nil }
                minutes = mm
                i += 3
                if i < b.count, b[i] == UInt8(ascii: ":") {
                    guard let ss = digits(b, i + 1, 2), ss < 60 else { return nil }
                    seconds = ss
                    i += 3
                }
            } else if let mm = digits(b, i, 2), mm < 60 {
                minutes = mm
                i += 2
            }
            offset = sign * (hours * 3600 + minutes * 60 + seconds)
        }
        return (offset, i)
    }

    /// Which of PostgreSQL's infinities `b` spells, if any.
    private static func infinity(_ b: UnsafeBufferPointer<UInt8>) -> Bool? {
        let text = String(decoding: b, as: UTF8.self).lowercased()
        if text == "infinity" || text == "+infinity" { return true }
        if text == "-infinity" { return false }
        return nil
    }

    /// The length of `b` without a ` BC` suffix, and whether it had one.
    private static func era(_ b: UnsafeBufferPointer<UInt8>) -> (count: Int, bc: Bool) {
        let n = b.count
        let bc =
            n > 3 && b[n - 3] == UInt8(ascii: " ") && b[n - 2] | 0x20 == UInt8(ascii: "b")
            && b[n - 1] | 0x20 == UInt8(ascii: "c")
        return (bc ? n - 3 : n, bc)
    }

    /// A date with a year of four or more digits at the start of `b`, in the era given; the index after it.
    private static func longDate(_ b: UnsafeBufferPointer<UInt8>, bc: Bool) -> (LocalDate, Int)? {
        var i = 0
        var year = 0
        while i < b.count, b[i] &- UInt8(ascii: "0") < 10, i < 8 {
            year = year * 10 + Int(b[i] - UInt8(ascii: "0"))
            i += 1
        }
        guard i >= 4, year >= 1, i < b.count, b[i] == UInt8(ascii: "-"), let m = digits(b, i + 1, 2),
            i + 3 < b.count, b[i + 3] == UInt8(ascii: "-"), let d = digits(b, i + 4, 2),
            let date = LocalDate(astronomicalYear: bc ? 1 - year : year, month: m, day: d)
        else { return nil }
        return (date, i + 6)
    }

    /// `infinity`, `-infinity`, `10000-01-01`, `0044-03-15 BC`.
    static func unusualDate(_ b: UnsafeBufferPointer<UInt8>) -> LocalDate? {
        if let positive = infinity(b) { return positive ? .infinity : .negativeInfinity }
        let (count, bc) = era(b)
        let body = UnsafeBufferPointer(rebasing: b[0..<count])
        guard let (date, end) = longDate(body, bc: bc), end == count else { return nil }
        return date
    }

    /// Timestamps with an infinity, a long year or ` BC` (after the offset, as PostgreSQL prints it).
    private static func unusualTimestamp(_ b: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        if let positive = infinity(b) { return positive ? .infinity : .negativeInfinity }
        let (count, bc) = era(b)
        let body = UnsafeBufferPointer(rebasing: b[0..<count])
        guard let (day, end) = longDate(body, bc: bc), end < count,
            body[end] == UInt8(ascii: " ") || body[end] == UInt8(ascii: "T"),
            let (time, after) = time(body, at: end + 1), let (offset, i) = offset(body, from: after),
            i == count
        else { return nil }
        return Timestamp(exactly: day, time: time, offsetSeconds: Int32(offset))
    }
}
