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
        guard b.count == 10 else { return nil }
        return date(b, at: 0)
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
    static func timestamp(_ b: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        guard b.count >= 16, let day = date(b, at: 0),
            b[10] == UInt8(ascii: " ") || b[10] == UInt8(ascii: "T"),
            let (time, end) = time(b, at: 11)
        else { return nil }
        var i = end
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
        guard i == b.count else { return nil }
        return Timestamp(date: day, time: time, offsetSeconds: Int32(offset))
    }
}
