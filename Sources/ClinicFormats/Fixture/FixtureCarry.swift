import ClinicPipeline
import ClinicSchema

/// What a Django fixture can carry.
///
/// `loaddata` reads values through Python's `datetime`, `time` and `json`, which hold less than
/// PostgreSQL. A row with a value they would refuse or change
/// stops the writer, naming it, so no fixture is written that `loaddata` cannot read back.
enum FixtureCarry {
    /// Python refuses to convert integers longer than this (`sys.int_info.str_digits_check_threshold`).
    static let pythonIntegerDigits = 4300

    /// Throws for the first value of `row` a fixture cannot carry.
    static func check(_ row: Row, table: Table) throws {
        for (column, value) in zip(table.columns, row) {
            guard let problem = problem(value) else { continue }
            let id = table.columns.firstIndex { $0.type.isPrimaryKey }.flatMap { row[$0].postgresText } ?? "?"
            let shown = value.postgresText.map { String($0.prefix(80)) } ?? ""
            throw ETLError(
                .badInput,
                "\(table.name) id \(id), column \(column.name): \(problem), so Django's loaddata could not read it back: \(shown)",
                hint: "back this data up as an archive, a CSV folder or a database, which carry it")
        }
    }

    private static func problem(_ value: Value) -> String? {
        switch value {
        case .time(let t) where t.microseconds >= 86_400_000_000:
            return "24:00:00 is not a time Python can hold"
        case .json(let text):
            return unreadableNumber(in: text).map {
                "the JSON number \(String($0.prefix(40)))\($0.count > 40 ? "…" : "") would not survive Python's json"
            }
        default:
            return nil
        }
    }

    /// The first number in the JSON text `text` that Python's `json` would refuse or change.
    static func unreadableNumber(in text: String) -> String? {
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                // Skip the string.
                i += 1
                while i < bytes.count && bytes[i] != UInt8(ascii: "\"") {
                    i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1
                }
                i += 1
                continue
            }
            if b == UInt8(ascii: "-") || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) {
                var end = i
                while end < bytes.count, Self.isNumberByte(bytes[end]) { end += 1 }
                let number = String(decoding: bytes[i..<end], as: UTF8.self)
                if !survivesPython(number) { return number }
                i = end
                continue
            }
            i += 1
        }
        return nil
    }

    private static func isNumberByte(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "-") || b == UInt8(ascii: "+")
            || b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
    }

    /// Whether `json.loads`, then `json.dumps` and PostgreSQL's `jsonb` give the number back as
    /// PostgreSQL prints it: integers are exact up to Python's digit limit; other numbers become
    /// floats, printed as `repr` does (shortest digits), then normalised by PostgreSQL.
    static func survivesPython(_ number: String) -> Bool {
        if !number.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) {
            return number.filter(\.isNumber).count <= pythonIntegerDigits
        }
        guard let double = Double(number), double.isFinite else { return false }
        return postgresText(ofPythonRepr: double) == number
    }

    /// What PostgreSQL prints for the jsonb number Python writes for `value`.
    static func postgresText(ofPythonRepr value: Double) -> String {
        // Swift's description has the same shortest digits as Python's repr; only the layout differs.
        var text = value.magnitude.description
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = String(text[..<e])
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        var digits = String(parts[0]) + (parts.count > 1 ? String(parts[1]) : "")
        // The decimal point sits after `point` digits of `digits`.
        var point = parts[0].count + exponent
        while digits.count > 1, digits.first == "0" {
            digits.removeFirst()
            point -= 1
        }
        while digits.count > 1, digits.last == "0" { digits.removeLast() }
        let sign = value.sign == .minus ? "-" : ""
        // Python's repr: plain when -4 <= exponent < 16, always with a fractional part.
        let pythonExponent = point - 1
        if pythonExponent >= -4 && pythonExponent < 16 {
            return sign + plain(digits, point: point, minimumFraction: 1)
        }
        // Scientific: PostgreSQL keeps the mantissa's fractional digits minus the exponent.
        let fraction = max(0, digits.count - 1 - pythonExponent)
        return sign + plain(digits, point: point, minimumFraction: fraction)
    }

    private static func plain(_ digits: String, point: Int, minimumFraction: Int) -> String {
        var whole: String
        var fraction: String
        if point <= 0 {
            whole = "0"
            fraction = String(repeating: "0", count: -point) + digits
        } else if point >= digits.count {
            whole = digits + String(repeating: "0", count: point - digits.count)
            fraction = ""
        } else {
            whole = String(digits.prefix(point))
            fraction = String(digits.dropFirst(point))
        }
        if fraction.count < minimumFraction {
            fraction += String(repeating: "0", count: minimumFraction - fraction.count)
        }
        return fraction.isEmpty ? whole : whole + "." + fraction
    }
}
