/// How numbers read for people.
///
/// Thousands separators, h:mm, percentages with one decimal, and a true minus sign. Files for
/// machines never use these.
enum Display {
    /// `12,345`, `−3`.
    static func count(_ n: Int64) -> String {
        var digits = String(n.magnitude)
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        return (n < 0 ? "−" : "") + digits + grouped
    }

    /// `+12`, `−3`, `0`.
    static func delta(_ n: Int64) -> String { (n > 0 ? "+" : "") + count(n) }

    /// Minutes as `h:mm` (`188:30`, `209:00`).
    static func hours(_ minutes: Int) -> String {
        let sign = minutes < 0 ? "−" : ""
        let m = abs(minutes)
        return sign + count(Int64(m / 60)) + ":" + (m % 60 < 10 ? "0" : "") + String(m % 60)
    }

    /// Ten-thousandths as tenths of a percent, rounded half away from zero: `12.3`.
    private static func tenths(_ permyriad: Int64) -> String {
        let t = (permyriad.magnitude + 5) / 10
        return (permyriad < 0 && t > 0 ? "−" : "") + count(Int64(t / 10)) + "." + String(t % 10)
    }

    /// `97.5%`, or `–` when undefined.
    static func percent(_ permyriad: Int64?) -> String {
        guard let permyriad else { return "–" }
        return tenths(permyriad) + "%"
    }

    /// A relative change, `+240.0%`.
    static func relative(_ permyriad: Int64) -> String {
        (permyriad >= 5 ? "+" : "") + tenths(permyriad) + "%"
    }

    /// A difference of rates in percentage points, `+9.0 pts`.
    static func points(_ permyriad: Int64) -> String {
        (permyriad >= 5 ? "+" : "") + tenths(permyriad) + " pts"
    }
}
