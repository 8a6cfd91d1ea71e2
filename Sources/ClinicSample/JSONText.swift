/// A small JSON value written the way PostgreSQL prints `jsonb` (keys ordered by length then
/// bytes, `", "` and `": "` separators), so sample JSON survives a trip through PostgreSQL unchanged.
indirect enum JSONText {
    case object([(String, JSONText)])
    case array([JSONText])
    case string(String)
    case number(Int)
    case bool(Bool)
    case null

    var rendered: String {
        var out = ""
        render(into: &out)
        return out
    }

    private func render(into out: inout String) {
        switch self {
        case .object(let members):
            let sorted = members.sorted { a, b in
                let (x, y) = (Array(a.0.utf8), Array(b.0.utf8))
                return x.count != y.count ? x.count < y.count : x.lexicographicallyPrecedes(y)
            }
            out += "{"
            for (i, (key, value)) in sorted.enumerated() {
                if i > 0 { out += ", " }
                JSONText.string(key).render(into: &out)
                out += ": "
                value.render(into: &out)
            }
            out += "}"
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += ", " }
                item.render(into: &out)
            }
            out += "]"
        case .string(let s):
            out += "\""
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case "\u{08}": out += "\\b"
                case "\u{0C}": out += "\\f"
                default:
                    if scalar.value < 0x20 {
                        let hex = String(scalar.value, radix: 16)
                        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            }
            out += "\""
        case .number(let n): out += String(n)
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        }
    }
}
