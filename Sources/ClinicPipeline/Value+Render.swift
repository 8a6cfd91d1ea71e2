/// Writing values in the text forms PostgreSQL's COPY prints, and in the forms Django keeps in SQLite.
extension Value {
    /// Appends PostgreSQL's text form (`t`, `2025-01-01 06:08:00.203535+00` in UTC, `150.00`)
    /// and returns whether anything was written (false for NULL).
    @discardableResult
    public func appendPostgresText(to out: inout [UInt8]) -> Bool {
        switch self {
        case .null: return false
        case .integer(let n): out.append(contentsOf: String(n).utf8)
        case .text(let s), .json(let s): out.append(contentsOf: s.utf8)
        case .decimal(let d): out.append(contentsOf: d.description.utf8)
        case .boolean(let b): out.append(b ? UInt8(ascii: "t") : UInt8(ascii: "f"))
        case .date(let d): TextWriter.date(d, to: &out)
        case .time(let t): TextWriter.time(t, trimmed: true, to: &out)
        case .timestamp(let t):
            if TextWriter.infinity(t, to: &out) { return true }
            let (date, time) = t.utc
            TextWriter.date(date, era: false, to: &out)
            out.append(UInt8(ascii: " "))
            TextWriter.time(time, trimmed: true, to: &out)
            out.append(contentsOf: "+00".utf8)
            TextWriter.era(date, to: &out)
        }
        return true
    }

    /// The value as text without rendering when it already is text (for comparisons with
    /// choices and rule values); NULL gives `nil`.
    public var textForm: String? {
        switch self {
        case .text(let s): s
        case .boolean(let b): b ? "t" : "f"
        case .integer(let n): String(n)
        default: postgresText
        }
    }

    /// PostgreSQL's text form as a string; NULL gives `nil`.
    public var postgresText: String? {
        var bytes: [UInt8] = []
        guard appendPostgresText(to: &bytes) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The text Django's SQLite backend stores for dates, times and datetimes: Python's `str()` of
    /// the value, datetimes in UTC without an offset (`2025-10-30 11:15:39.123456`).
    public var djangoSQLiteText: String? {
        var out: [UInt8] = []
        switch self {
        case .date(let d): TextWriter.date(d, to: &out)
        case .time(let t): TextWriter.time(t, trimmed: false, to: &out)
        case .timestamp(let t):
            if TextWriter.infinity(t, to: &out) { break }
            let (date, time) = t.utc
            TextWriter.date(date, era: false, to: &out)
            out.append(UInt8(ascii: " "))
            TextWriter.time(time, trimmed: false, to: &out)
            TextWriter.era(date, to: &out)
        default: return postgresText
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Fixed-shape writers for dates and times.
enum TextWriter {
    static func digits(_ value: Int, _ count: Int, to out: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<count { divisor *= 10 }
        var v = value
        while divisor > 0 {
            out.append(UInt8(ascii: "0") + UInt8(v / divisor % 10))
            v %= divisor
            divisor /= 10
        }
    }

    /// PostgreSQL's forms: `infinity`, years beyond 9999 in full, ` BC` for years before 1 (unless
    /// `era` is off: timestamps put it after the time).
    static func date(_ d: LocalDate, era: Bool = true, to out: inout [UInt8]) {
        if d == .infinity || d == .negativeInfinity {
            out.append(contentsOf: (d == .infinity ? "infinity" : "-infinity").utf8)
            return
        }
        let (y, m, day) = d.parts
        let year = y >= 1 ? y : 1 - y
        if year > 9999 { out.append(contentsOf: String(year).utf8) } else { digits(year, 4, to: &out) }
        out.append(UInt8(ascii: "-"))
        digits(m, 2, to: &out)
        out.append(UInt8(ascii: "-"))
        digits(day, 2, to: &out)
        if era { Self.era(d, to: &out) }
    }

    /// ` BC` after a date (or a timestamp) before year 1.
    static func era(_ d: LocalDate, to out: inout [UInt8]) {
        if !d.isInfinite && d.parts.year < 1 { out.append(contentsOf: " BC".utf8) }
    }

    /// Writes `infinity` or `-infinity` for those timestamps; whether it did.
    static func infinity(_ t: Timestamp, to out: inout [UInt8]) -> Bool {
        guard t.isInfinite else { return false }
        out.append(contentsOf: (t == .infinity ? "infinity" : "-infinity").utf8)
        return true
    }

    /// `HH:MM:SS`, then the microseconds: with trailing zeros dropped (PostgreSQL) or all six
    /// digits (Python); nothing when they are zero.
    static func time(_ t: LocalTime, trimmed: Bool, to out: inout [UInt8]) {
        let (h, m, s, micro) = t.parts
        digits(h, 2, to: &out)
        out.append(UInt8(ascii: ":"))
        digits(m, 2, to: &out)
        out.append(UInt8(ascii: ":"))
        digits(s, 2, to: &out)
        guard micro > 0 else { return }
        out.append(UInt8(ascii: "."))
        var fraction = micro
        var count = 6
        while trimmed && fraction % 10 == 0 {
            fraction /= 10
            count -= 1
        }
        digits(fraction, count, to: &out)
    }
}
