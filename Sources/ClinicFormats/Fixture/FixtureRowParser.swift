import ClinicPipeline
import ClinicSchema

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads one fixture object's bytes straight into a row of its table.
///
/// The hot path of loading a fixture: strings and numbers go from the object's bytes to the
/// column's value without building a JSON tree (a boxed value per field). Only `jsonb` columns,
/// whose value is a JSON document, take the general parser. Syntax is checked as strictly as
/// `JSONParser` does; any error names the object.
struct FixtureRowParser {
    private let codec: FixtureCodec
    /// Each column's field name in bytes, with its position; the primary key has none.
    private let fields: [(name: [UInt8], column: Int)]
    /// Foreign keys by their column name (`"patient_id": 5`), which Django's `get_field` also takes.
    private let columnNames: [(name: [UInt8], column: Int)]
    private let manyToMany: [[UInt8]]
    /// The columns' types, so reading a field copies no `Column`.
    private let types: [ColumnType]
    /// The columns an object must have a field for, and the primary key's position.
    private let required: [Int]
    private let idIndex: Int?
    /// Whether the primary key is text (a session's key, a token), not an integer.
    private let textKey: Bool
    /// The ids natural keys stand for, and the table each foreign key may name that way.
    private let keys: NaturalKeys?
    private let keyed: [String?]

    /// The table the objects are rows of.
    var table: Table { codec.table }

    /// A parser of `codec`'s objects; `keys` resolves natural keys (`dumpdata --natural-foreign`).
    init(codec: FixtureCodec, keys: NaturalKeys? = nil) {
        self.codec = codec
        self.keys = keys
        let table = codec.table
        keyed = table.columns.map { column in
            column.references.map(\.table).flatMap { NaturalKeys.names($0) ? $0 : nil }
        }
        types = table.columns.map(\.type)
        fields = table.columns.enumerated().compactMap { i, column in
            column.isPrimaryKey ? nil : (Array(column.fieldName.utf8), i)
        }
        columnNames = table.columns.enumerated().compactMap { i, column in
            column.references == nil || column.isPrimaryKey ? nil : (Array(column.name.utf8), i)
        }
        manyToMany = Catalog.clinic.links(of: table.name).compactMap { $0.link.map { Array($0.field.utf8) } }
        required = table.columns.indices.filter {
            table.columns[$0].isRequired && !table.columns[$0].isPrimaryKey
        }
        idIndex = table.columns.firstIndex(where: \.isPrimaryKey)
        textKey = table.primaryKey?.type.isTextual ?? false
    }

    /// A malformed object.
    struct Malformed: Error {
        let message: String
    }

    /// The row of the object `raw`, read at `position` (line `line`) of `location`; `index` is its
    /// position among the fixture's objects.
    func row(_ raw: [UInt8], fill: Row, position: String, line: Int, index: Int, location: String) throws
        -> SourceRow
    {
        do {
            var row = try raw.withUnsafeBufferPointer {
                try parse(Cursor(bytes: $0), fill: fill, path: position)
            }
            if let id = idIndex, row.values[id].isNull,
                let generated = try keys?.generatedPK(of: table.name, index: index)
            {
                // An object dumped with --natural-primary: its key names it, the id is the target's.
                row.values[id] = .integer(generated)
                row.problems.removeAll { $0.column == table.columns[id].name && $0.rule == .notNull }
            }
            row.line = line
            return row
        } catch let malformed as Malformed {
            throw ETLError(.badInput, malformed.message).at(
                location: location, line: line, table: codec.table.name)
        } catch var error as ETLError {
            // The general parser counts lines from the object's first.
            error.line = error.line.map { line + $0 - 1 }
            throw error.at(location: location, line: line, table: codec.table.name)
        }
    }

    private func parse(_ start: Cursor, fill: Row, path: String) throws -> SourceRow {
        var c = start
        var row = SourceRow(values: fill)
        let table = codec.table
        var sawPK = false
        var sawFields = false
        var seen = [Bool](repeating: false, count: table.columns.count)
        try c.members { c, key in
            if key.elementsEqual("fields".utf8) {
                sawFields = true
                try c.expectObject()
                var next = 0
                try c.members { c, name in
                    // Fields usually come in the model's order: try the one after the last first.
                    guard let k = field(named: name, from: next) else {
                        if manyToMany.contains(where: { $0.elementsEqual(name) }) {
                            try c.skipValue()
                            return
                        }
                        if let column = columnNames.first(where: { $0.name.elementsEqual(name) })?.column {
                            seen[column] = true
                            try read(&c, into: &row, column: column)
                            return
                        }
                        let text = String(decoding: name, as: UTF8.self)
                        throw ETLError(
                            .badInput,
                            "unknown field \"\(text)\" of \(table.modelLabel ?? table.name) at \(path).fields.\(text)",
                            hint: "the fields of \(table.modelLabel ?? table.name) are: "
                                + fields.map { String(decoding: $0.name, as: UTF8.self) }.sorted().joined(
                                    separator: ", "))
                    }
                    next = k + 1
                    seen[fields[k].column] = true
                    try read(&c, into: &row, column: fields[k].column)
                }
            } else if key.elementsEqual("pk".utf8), let id = idIndex {
                sawPK = true
                if textKey {
                    try read(&c, into: &row, column: id)
                } else {
                    switch try c.primaryKey() {
                    case .integer(let n): row.values[id] = .integer(n)
                    case .null: row.values[id] = .null
                    case .notInteger(let text):
                        row.values[id] = .null
                        row.problems.append(
                            FieldProblem(
                                column: table.columns[id].name, rule: .type,
                                message: "the pk is not an integer (a 64-bit signed integer is expected)",
                                value: String(text.prefix(80))))
                    }
                }
            } else {
                try c.skipValue()
            }
        }
        try c.expectEnd()
        guard sawFields else { throw ETLError(.badInput, "\(path) has no \"fields\" object") }
        if !sawPK, let id = idIndex {
            row.problems.append(
                FieldProblem(column: table.columns[id].name, rule: .notNull, message: "the object has no pk"))
        }
        for i in required where !seen[i] {
            let column = table.columns[i]
            row.problems.append(
                FieldProblem(
                    column: column.name, rule: .notNull,
                    message: "the object has no \"\(column.fieldName)\" field"))
        }
        return row
    }

    /// The index in `fields` of the field called `name`, looking at `start` first.
    private func field(named name: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        func matches(_ k: Int) -> Bool {
            let candidate = fields[k].name
            guard candidate.count == name.count else { return false }
            return candidate.withUnsafeBufferPointer { mine in
                guard let a = mine.baseAddress, let b = name.baseAddress else { return true }  // both empty
                return memcmp(a, b, name.count) == 0
            }
        }
        if start < fields.count, matches(start) { return start }
        return fields.indices.first(where: matches)
    }

    /// One field's value into the row; a value that does not fit its column is a problem of the row.
    private func read(_ c: inout Cursor, into row: inout SourceRow, column i: Int) throws {
        let type = types[i]
        func problem(_ error: ETLError, _ text: String?) {
            row.values[i] = .null
            row.problems.append(
                FieldProblem(
                    column: codec.table.columns[i].name, rule: error.rule ?? .type, message: error.message,
                    value: text))
        }
        if case .json = type {
            // A JSON document: the general parser, then PostgreSQL's jsonb text form.
            row.values[i] = .json(try c.value().jsonbText)
            return
        }
        switch try c.peek() {
        case UInt8(ascii: "\""):
            let text = try c.string()
            do {
                row.values[i] = try text.withBytes { bytes throws(ETLError) in
                    let value = try Value.parse(bytes, type: type)
                    if let zone = codec.zone, case .timestamp(let t) = value, !WallClockZone.hasOffset(bytes)
                    {
                        return .timestamp(zone.instant(wallClock: t))
                    }
                    return value
                }
            } catch {
                problem(error, text.withBytes { String(decoding: $0.prefix(60), as: UTF8.self) })
            }
        case UInt8(ascii: "n"):
            try c.literal("null")
            row.values[i] = .null
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            let flag = try c.peek() == UInt8(ascii: "t")
            try c.literal(flag ? "true" : "false")
            guard case .boolean = type else {
                return problem(typeError("boolean", type), flag ? "true" : "false")
            }
            row.values[i] = .boolean(flag)
        case UInt8(ascii: "[") where keyed[i] != nil:
            let key = try c.value()
            if let table = keyed[i], let id = try keys?.id(of: table, key: key) {
                row.values[i] = .integer(id)
            } else {
                row.values[i] = .null
                let model = Catalog.clinic.table(named: keyed[i] ?? "")?.modelLabel ?? keyed[i] ?? ""
                row.problems.append(
                    FieldProblem(
                        column: codec.table.columns[i].name, rule: .foreignKey,
                        message: "the natural key \(key.text) names no \(model) in the fixture or the target",
                        value: String(key.text.prefix(80))))
            }
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let kind = try c.peek() == UInt8(ascii: "{") ? "object" : "array"
            try c.skipValue()
            problem(typeError(kind, type), nil)
        default:
            let number = try c.number()
            switch type {
            case .primaryKey, .autoKey, .bigint, .integer, .positiveSmallInt, .decimal:
                do {
                    row.values[i] = try Value.parse(UnsafeBufferPointer(rebasing: number), type: type)
                } catch {
                    problem(error, String(decoding: UnsafeBufferPointer(rebasing: number), as: UTF8.self))
                }
            default:
                problem(
                    typeError("number", type),
                    String(decoding: UnsafeBufferPointer(rebasing: number), as: UTF8.self))
            }
        }
    }

    private func typeError(_ kind: String, _ type: ColumnType) -> ETLError {
        var error = ETLError(.badValue, "a JSON \(kind) cannot be a \(type.djangoField)")
        error.rule = .type
        return error
    }
}

/// A string's bytes: a slice of the object when it had no escapes, else its unescaped copy.
private enum Text {
    case slice(UnsafeBufferPointer<UInt8>)
    case owned([UInt8])

    func withBytes<R, E: Error>(_ body: (UnsafeBufferPointer<UInt8>) throws(E) -> R) throws(E) -> R {
        switch self {
        case .slice(let bytes): return try body(bytes)
        case .owned(let array):
            return try array.withUnsafeBufferPointer { bytes in Result { () throws(E) in try body(bytes) } }
                .get()
        }
    }
}

/// A position in an object's bytes, with the JSON syntax the fixture parser needs.
private struct Cursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    private func fail(_ message: String) -> FixtureRowParser.Malformed {
        FixtureRowParser.Malformed(message: message)
    }

    mutating func skipSpace() {
        while position < bytes.count,
            bytes[position] == 0x20 || bytes[position] == 0x0A || bytes[position] == 0x0D
                || bytes[position] == 0x09
        {
            position += 1
        }
    }

    mutating func peek() throws -> UInt8 {
        skipSpace()
        guard position < bytes.count else { throw fail("unexpected end of JSON") }
        return bytes[position]
    }

    mutating func expect(_ byte: UInt8) throws {
        guard try peek() == byte else { throw fail("expected '\(Character(Unicode.Scalar(byte)))'") }
        position += 1
    }

    /// Checks, without consuming it, that an object starts here.
    mutating func expectObject() throws {
        guard try peek() == UInt8(ascii: "{") else { throw fail("\"fields\" is not a JSON object") }
    }

    mutating func expectEnd() throws {
        skipSpace()
        guard position == bytes.count else { throw fail("unexpected text after the object") }
    }

    /// Calls `body` with each member's key, the cursor on its value; `body` must consume the value.
    mutating func members(_ body: (inout Cursor, UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        try expect(UInt8(ascii: "{"))
        if try peek() == UInt8(ascii: "}") {
            position += 1
            return
        }
        while true {
            guard try peek() == UInt8(ascii: "\"") else { throw fail("expected a quoted key") }
            let key = try string()
            try expect(UInt8(ascii: ":"))
            _ = try peek()
            switch key {
            case .slice(let bytes): try body(&self, bytes)
            case .owned(let array): try array.withUnsafeBufferPointer { try body(&self, $0) }
            }
            let next = try peek()
            position += 1
            if next == UInt8(ascii: "}") { return }
            guard next == UInt8(ascii: ",") else { throw fail("expected ',' or '}'") }
        }
    }

    /// A string's bytes, unescaped; the cursor is on its opening quote.
    mutating func string() throws -> Text {
        position += 1
        let start = position
        let limit = InputLimits.fieldBytes
        while position < bytes.count {
            let b = bytes[position]
            if b == UInt8(ascii: "\"") {
                position += 1
                return .slice(UnsafeBufferPointer(rebasing: bytes[start..<(position - 1)]))
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw fail("control character in a string") }
            guard position - start < limit else {
                throw fail("a string longer than \(limit >> 20) MiB")
            }
            position += 1
        }
        // Escapes: the general parser undoes them, from the opening quote.
        var input = BufferInput(bytes, position: start - 1)
        let unescaped = try JSONParser.unescaped(&input)
        position = input.position
        return .owned(unescaped)
    }

    mutating func literal(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count,
            UnsafeBufferPointer(start: word.utf8Start, count: count).elementsEqual(
                bytes[position..<(position + count)])
        else { throw fail("unexpected character") }
        position += count
    }

    /// A number's bytes, checked for JSON syntax.
    mutating func number() throws -> Slice<UnsafeBufferPointer<UInt8>> {
        _ = try peek()
        let start = position
        while position < bytes.count,
            (0x30...0x39).contains(bytes[position]) || bytes[position] == 0x2D
                || bytes[position] == 0x2B || bytes[position] == 0x2E || bytes[position] == 0x45
                || bytes[position] == 0x65
        {
            position += 1
        }
        let text = bytes[start..<position]
        guard !text.isEmpty, text.count <= JSONSyntax.maxNumberLength,
            JSONSyntax.problem(in: UnsafeBufferPointer(rebasing: text)) == nil
        else { throw fail("unexpected character") }
        return text
    }

    /// What a `pk` holds.
    enum PrimaryKey {
        case integer(Int64)
        case null
        /// Anything else, as written: a word, a fraction, a number beyond 64 bits.
        case notInteger(String)
    }

    /// `pk`: a number or a numeric string, as Django's `to_python` takes it.
    mutating func primaryKey() throws -> PrimaryKey {
        let text: String
        switch try peek() {
        case UInt8(ascii: "\""): text = try string().withBytes { String(decoding: $0, as: UTF8.self) }
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            text = String(decoding: UnsafeBufferPointer(rebasing: try number()), as: UTF8.self)
        default: text = try value().text
        }
        return Int64(text).map { .integer($0) } ?? .notInteger(text)
    }

    /// One value of any kind, read by the general parser.
    mutating func value() throws -> JSONValue {
        _ = try peek()
        var input = BufferInput(bytes, position: position)
        let value = try JSONParser.value(from: &input)
        position = input.position
        return value
    }

    /// Passes over one value of any kind, checking its syntax with the general parser.
    mutating func skipValue() throws { _ = try value() }
}
