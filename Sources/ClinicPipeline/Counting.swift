/// Numbers as people read them in messages and tables: `12,345`, "1 row", "2 rows".
public enum Counting {
    /// `n` with a comma between each group of three digits.
    public static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, digit) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return n < 0 ? "-" + out : out
    }

    /// `n` and the noun in the number it takes: "1 invalid row", "3 invalid rows".
    public static func count(_ n: Int, _ singular: String, plural: String? = nil) -> String {
        "\(grouped(n)) \(n == 1 ? singular : plural ?? singular + "s")"
    }
}
