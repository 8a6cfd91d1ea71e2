/// A JSON document held in memory: one fixture object, one tooth chart.
///
/// Whole files are never
/// held this way; readers stream them object by object.
public indirect enum JSONValue: Sendable, Equatable {
    /// An object, members in document order.
    case object([(String, JSONValue)])
    /// An array.
    case array([JSONValue])
    /// A string.
    case string(String)
    /// A number, kept as its text so nothing is lost.
    case number(String)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.object(let x), .object(let y)):
            x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case (.array(let x), .array(let y)): x == y
        case (.string(let x), .string(let y)), (.number(let x), .number(let y)): x == y
        case (.bool(let x), .bool(let y)): x == y
        case (.null, .null): true
        default: false
        }
    }

    /// The member `key` of an object.
    public subscript(_ key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    /// The text PostgreSQL's `jsonb` prints for this value.
    ///
    /// Keys are ordered by length then bytes,
    /// later duplicates winning, `", "` and `": "` between items. Stored JSON compares equal
    /// across PostgreSQL, SQLite and files when written this way.
    public var jsonbText: String {
        var out = ""
        render(into: &out, canonical: true)
        return out
    }

    /// Compact text in document order.
    public var text: String {
        var out = ""
        render(into: &out, canonical: false)
        return out
    }

    private func render(into out: inout String, canonical: Bool) {
        switch self {
        case .object(var members):
            if canonical {
                var seen: [String: Int] = [:]
                var unique: [(String, JSONValue)] = []
                for (key, value) in members {
                    if let i = seen[key] {
                        unique[i].1 = value
                    } else {
                        seen[key] = unique.count
                        unique.append((key, value))
                    }
                }
                members = unique.sorted { a, b in
                    let (x, y) = (Array(a.0.utf8), Array(b.0.utf8))
                    return x.count != y.count ? x.count < y.count : x.lexicographicallyPrecedes(y)
                }
            }
            out += "{"
            for (i, (key, value)) in members.enumerated() {
                if i > 0 { out += canonical ? ", " : "," }
                JSONValue.string(key).render(into: &out, canonical: canonical)
                out += canonical ? ": " : ":"
                value.render(into: &out, canonical: canonical)
            }
            out += "}"
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += canonical ? ", " : "," }
                item.render(into: &out, canonical: canonical)
            }
            out += "]"
        case .string(let s): JSONValue.quote(s, into: &out)
        case .number(let n): out += n
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        }
    }

    /// Appends `s` as a JSON string literal, escaping as PostgreSQL does.
    public static func quote(_ s: String, into out: inout String) {
        var bytes: [UInt8] = []
        appendQuoted(s.utf8, to: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }

    /// Appends UTF-8 text as a JSON string literal: `"` and `\` escaped, control characters as
    /// `\n`-style or `\u00XX` escapes, everything else as it is.
    public static func appendQuoted(_ bytes: String.UTF8View, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 15)]])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
