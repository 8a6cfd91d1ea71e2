import ClinicPipeline
import ClinicSchema
import Foundation

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
        case .decimal(let d) where d.isNaN:
            return "Django's DecimalField refuses NaN"
        case .time(let t) where t.microseconds >= 86_400_000_000:
            return "24:00:00 is not a time Python can hold"
        case .date(let d) where d.isInfinite || !(1...9999).contains(d.parts.year):
            return "Python's dates run from year 1 to 9999"
        case .timestamp(let t) where t.isInfinite || !(1...9999).contains(t.utc.date.parts.year):
            return "Python's datetimes run from year 1 to 9999"
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
    /// floats, printed as `repr` does (shortest digits).
    static func survivesPython(_ number: String) -> Bool {
        if !number.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) {
            return number.filter(\.isNumber).count <= pythonIntegerDigits
        }
        guard let double = Double(number), double.isFinite,
            let original = postgresNumeric(number), let python = postgresNumeric(pythonRepr(double))
        else { return false }
        return original == python
    }

    /// Python's `repr` of a float: the shortest digits that read back as it (Swift's description
    /// has the same digits), plain when the exponent is from -4 to 15, with `.0` when integral.
    static func pythonRepr(_ value: Double) -> String {
        guard let (negative, digits, point) = decompose(value.description) else { return value.description }
        let sign = negative ? "-" : ""
        let exponent = point - 1
        if exponent >= -4 && exponent < 16 {
            let text = plain(digits, point: point, fraction: max(1, digits.count - point))
            return sign + text
        }
        let mantissa = digits.count > 1 ? String(digits.prefix(1)) + "." + digits.dropFirst() : digits
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (abs(exponent) < 10 ? "0" : "")
            + String(abs(exponent))
    }

    /// How PostgreSQL's `numeric` prints a JSON number: plain notation, keeping the digits after
    /// the point that were written (`1.50e3` is `1500`, `1e-05` is `0.00001`).
    static func postgresNumeric(_ text: String) -> String? {
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let x = Int(text[text.index(after: e)...].replacingOccurrences(of: "+", with: "")) else {
                return nil
            }
            exponent = x
            mantissa = text[..<e]
        }
        let negative = mantissa.hasPrefix("-")
        if negative { mantissa = mantissa.dropFirst() }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first else { return nil }
        let fractionDigits = parts.count == 2 ? parts[1].count : 0
        var digits = String(whole) + (parts.count == 2 ? String(parts[1]) : "")
        var point = whole.count + exponent
        while digits.count > 1, digits.first == "0" {
            digits.removeFirst()
            point -= 1
        }
        let scale = max(0, fractionDigits - exponent)
        let body = plain(digits, point: point, fraction: scale)
        let isZero = !body.contains(where: { $0 != "0" && $0 != "." })
        return (negative && !isZero ? "-" : "") + body
    }

    /// Sign, significant digits and the position of the point after them, from a Swift description.
    private static func decompose(_ text: String) -> (Bool, String, Int)? {
        guard let normal = postgresNumeric(text) else { return nil }
        let negative = normal.hasPrefix("-")
        let body = negative ? String(normal.dropFirst()) : normal
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        var digits = String(parts[0]) + (parts.count > 1 ? String(parts[1]) : "")
        var point = parts[0].count
        while digits.count > 1, digits.first == "0" {
            digits.removeFirst()
            point -= 1
        }
        while digits.count > 1, digits.last == "0" { digits.removeLast() }
        return (negative, digits, point)
    }

    /// `digits` with the point after `point` of them, and exactly `fraction` digits after it.
    private static func plain(_ digits: String, point: Int, fraction: Int) -> String {
        var whole: String
        var after: String
        if point <= 0 {
            whole = "0"
            after = String(repeating: "0", count: -point) + digits
        } else if point >= digits.count {
            whole = digits + String(repeating: "0", count: point - digits.count)
            after = ""
        } else {
            whole = String(digits.prefix(point))
            after = String(digits.dropFirst(point))
        }
        if after.count < fraction {
            after += String(repeating: "0", count: fraction - after.count)
        } else if after.count > fraction {
            after = String(after.prefix(fraction))
        }
        return after.isEmpty ? whole : whole + "." + after
    }
}
