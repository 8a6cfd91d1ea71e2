import ClinicPipeline
import ClinicSchema
import Foundation
import TestSupport
import Testing

@testable import ClinicFormats

/// Random rows of every column type, written in every format and read back, come back byte for
/// byte; values a format cannot carry are only generated for the formats that can.
@Suite struct RoundTripPropertyTests {
    /// SplitMix64: the same seed gives the same rows, so a failure can be replayed.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ range: ClosedRange<Int>) -> Int {
            range.lowerBound + Int(next() % UInt64(range.count))
        }
        mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }
    }

    static let tables = ["api_user", "api_service", "api_inventoryitem", "api_toothchart", "api_appointment"]
    static let rowsPerTable = 40

    /// Text that stresses quoting, escaping and encodings; `control` adds characters XML cannot hold.
    static func text(_ r: inout Random, max: Int, nonEmpty: Bool, control: Bool) -> String {
        let pieces = [
            "a", "Z", " ", ",", "\"", "'", "\n", "\r\n", "\t", "\\", "<", ">", "&", "é", "ñ", "₱", "😀", "漢",
            "\\N", ".", "null", "NULL", "\u{200B}",
        ]
        let count = r.int((nonEmpty ? 1 : 0)...Swift.max(1, Swift.min(max, 12)))
        var out = ""
        for _ in 0..<count {
            let piece = control && r.chance(5) ? "\u{1}" : pieces[r.int(0...(pieces.count - 1))]
            if out.unicodeScalars.count + piece.unicodeScalars.count <= max { out += piece }
        }
        return out.isEmpty && nonEmpty ? "x" : out
    }

    static func json(_ r: inout Random, depth: Int = 0) -> String {
        switch r.int(0...(depth > 2 ? 3 : 5)) {
        case 0: return String(r.int(-1_000_000...1_000_000))
        case 1: return ["0.5", "-2.25", "1e-05", "123.0", "3.14"][r.int(0...4)]
        case 2: return "\"" + ["", "x", "é\\n", "\\u00e9", "\\\"q\\\"", "😀"][r.int(0...5)] + "\""
        case 3: return ["true", "false", "null"][r.int(0...2)]
        case 4:
            return "[" + (0..<r.int(0...3)).map { _ in json(&r, depth: depth + 1) }.joined(separator: ", ")
                + "]"
        default:
            return "{"
                + (0..<r.int(0...3)).map { "\"k\($0)\": " + json(&r, depth: depth + 1) }.joined(
                    separator: ", ") + "}"
        }
    }

    /// A value for `column` of row `id`; `edge` allows what only some formats carry.
    static func value(_ column: Column, id: Int, _ r: inout Random, edge: Bool) throws -> Value {
        if column.type.isPrimaryKey { return .integer(Int64(id)) }
        if column.isPrimaryKey { return .text("key\(id)") }
        if let key = column.references {
            if column.nullable && r.chance(20) { return .null }
            _ = key
            return .integer(Int64(column.unique ? id : r.int(1...rowsPerTable)))
        }
        if column.nullable && r.chance(15) { return .null }
        if let choices = column.choices {
            return try Value.parse(choices[r.int(0...(choices.count - 1))], for: column)
        }
        if column.checks.contains(.email) { return .text("u\(id)@example.com") }
        if column.checks.contains(.djangoPassword) { return .text("!" + String(r.next(), radix: 36)) }
        if column.unique { return .text("user\(id)-" + text(&r, max: 10, nonEmpty: false, control: false)) }
        switch column.type {
        case .varchar(let n):
            return .text(text(&r, max: n, nonEmpty: column.isRequired && !column.blank, control: edge))
        case .text:
            return .text(text(&r, max: 40, nonEmpty: column.isRequired && !column.blank, control: edge))
        case .file: return .text("files/" + String(r.next() % 100_000) + ".png")
        case .integer: return .integer(Int64(r.int(-2_147_483_648...2_147_483_647)))
        case .bigint, .primaryKey: return .integer(Int64(bitPattern: r.next()))
        case .autoKey: return .integer(Int64(id))
        case .positiveSmallInt: return .integer(Int64(r.int(0...32767)))
        case .boolean: return .boolean(r.chance(50))
        case .decimal(let precision, let scale):
            if edge && r.chance(20) { return .decimal(.nan) }
            var limit: Int64 = 1
            for _ in 0..<precision { limit *= 10 }
            return .decimal(
                ExactDecimal(units: Int64(r.int(0...Int(limit - 1))) * (r.chance(30) ? -1 : 1), scale: scale))
        case .date:
            if edge && r.chance(30) {
                return try Value.parse(
                    ["infinity", "-infinity", "0044-03-15 BC", "12345-06-07"][r.int(0...3)], for: column)
            }
            return .date(LocalDate(daysSinceEpoch: Int32(r.int(-25_000...50_000))))
        case .time:
            if edge && r.chance(20) { return .time(LocalTime(microseconds: 86_400_000_000)) }
            return .time(LocalTime(microseconds: Int64(r.int(0...86_399_999_999))))
        case .timestamp:
            if edge && r.chance(30) {
                return try Value.parse(
                    ["infinity", "-infinity", "0100-01-01 12:00:00.5+00 BC", "10000-01-01 00:00:00+00"][
                        r.int(0...3)],
                    for: column)
            }
            return .timestamp(
                Timestamp(
                    microsecondsSinceEpoch: Int64(r.int(-2_000_000_000...4_000_000_000)) * 1_000_000
                        + Int64(r.int(0...999_999))))
        case .json:
            return .json(try JSONValueText.canonical(json(&r)))
        }
    }

    /// Writes the random tables as a CSV folder in our canonical form.
    static func writeFolder(_ path: String, seed: UInt64, edge: Bool) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        var r = Random(state: seed)
        for name in tables {
            let table = try #require(Catalog.clinic.table(named: name))
            let writer = CSVWriter(
                try FileSink(path: (path as NSString).appendingPathComponent(name + ".csv")))
            try writer.writeHeader(table.columnNames)
            for id in 1...rowsPerTable {
                try writer.write(try table.columns.map { try value($0, id: id, &r, edge: edge) })
            }
            try writer.close()
        }
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func everyFormatGivesEveryValueBack(seed: UInt64) throws {
        let scratch = try ScratchDirectory()
        for edge in [false, true] {
            let folder = scratch.file("in-\(edge)")
            try Self.writeFolder(folder, seed: seed, edge: edge)
            let expected = try Fixtures.contents(of: folder)
            var formats = ["a.tar.gz", "folder", "s.sqlite3"]
            if !edge { formats += ["f.json", "f.jsonl", "f.xml", "f.json.gz"] }
            for format in formats {
                let target = scratch.file("\(edge)-\(format)")
                let location = format.hasSuffix(".sqlite3") ? "sqlite:///" + target : target
                try Fixtures.copy(folder, location)
                let back = scratch.file("\(edge)-back-" + format.replacingOccurrences(of: ".", with: "-"))
                try Fixtures.copy(location, back)
                let got = try Fixtures.contents(of: back)
                for (name, data) in expected where got[name] != data {
                    Issue.record("seed \(seed), edge \(edge), \(format): \(name) differs")
                }
                #expect(Set(got.keys) == Set(expected.keys), "\(format)")
            }
        }
    }
}

/// jsonb's canonical text of a JSON document, as the fixture and CSV readers store it.
enum JSONValueText {
    static func canonical(_ text: String) throws -> String {
        var text = text
        return try text.withUTF8 { bytes in
            var input = BufferInput(bytes)
            return try JSONParser.value(from: &input).jsonbText
        }
    }
}
