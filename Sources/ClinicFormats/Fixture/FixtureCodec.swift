import ClinicPipeline
import ClinicSchema

/// Converts rows to and from Django's serialized objects (`django/core/serializers/python.py`):
/// `{"model": "api.billing", "pk": 5, "fields": {"patient": 3, "amount": "150.00", …}}`.
///
/// Foreign keys go under the field name without `_id`; decimals are strings; datetimes ISO 8601
/// in UTC with `Z` and full microseconds (Django writes milliseconds; it reads both).
public struct FixtureCodec: Sendable {
    /// Django's many-to-many fields of the user model, which the tables here do not hold.
    static let manyToMany: [String: [String]] = ["api_user": ["groups", "user_permissions"]]

    let table: Table
    private let fieldIndex: [String: Int]
    /// `{"model":"api.x","pk":`, and `"field":` per column, rendered once.
    private let prefix: [UInt8]
    private let keys: [[UInt8]]

    /// A codec for one table.
    public init(table: Table) {
        self.table = table
        var index: [String: Int] = [:]
        for (i, column) in table.columns.enumerated() where !column.type.isPrimaryKey {
            index[column.fieldName] = i
        }
        fieldIndex = index
        prefix = Array("{\"model\":\"\(table.modelLabel)\",\"pk\":".utf8)
        keys = table.columns.map { Array("\"\($0.fieldName)\":".utf8) }
    }

    /// Appends the object for `row` in compact JSON, rendered straight to bytes (the writer's hot path).
    public func append(_ row: Row, to out: inout [UInt8]) {
        out.append(contentsOf: prefix)
        for (i, value) in row.enumerated() {
            if table.columns[i].type.isPrimaryKey {
                Self.append(value, to: &out)
                out.append(contentsOf: Array(",\"fields\":{".utf8))
                break
            }
        }
        var first = true
        for (i, value) in row.enumerated() where !table.columns[i].type.isPrimaryKey {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            out.append(contentsOf: keys[i])
            Self.append(value, to: &out)
        }
        for name in Self.manyToMany[table.name] ?? [] {
            out.append(contentsOf: Array(",\"\(name)\":[]".utf8))
        }
        out.append(contentsOf: Array("}}".utf8))
    }

    /// Appends one value in its fixture form.
    static func append(_ value: Value, to out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: Array("null".utf8))
        case .integer(let n): out.append(contentsOf: String(n).utf8)
        case .boolean(let b): out.append(contentsOf: Array((b ? "true" : "false").utf8))
        case .text(let s): JSONValue.appendQuoted(s.utf8, to: &out)
        case .decimal(let d): JSONValue.appendQuoted(d.description.utf8, to: &out)
        case .date, .time: JSONValue.appendQuoted((value.djangoSQLiteText ?? "").utf8, to: &out)
        case .timestamp(let t):
            let (date, time) = t.utc
            JSONValue.appendQuoted(
                ((Value.date(date).postgresText ?? "") + "T" + (Value.time(time).djangoSQLiteText ?? "") + "Z")
                    .utf8, to: &out)
        case .json(let text):
            // Stored JSON is valid JSON text already; it nests as it is.
            out.append(contentsOf: text.utf8)
        }
    }

    /// The row of an object already known to be of this table; fields that do not fit their
    /// column become problems of the row, fields the model does not have are errors.
    public func row(_ object: JSONValue, fill: Row, path: String) throws -> SourceRow {
        var row = SourceRow(values: fill)
        if let i = table.index(of: "id") {
            switch object["pk"] {
            case .number(let n)?: row.values[i] = Int64(n).map { .integer($0) } ?? .null
            case .string(let s)?: row.values[i] = Int64(s).map { .integer($0) } ?? .null
            default:
                row.problems.append(
                    FieldProblem(column: "id", rule: .notNull, message: "the object has no pk"))
            }
        }
        guard case .object(let fields)? = object["fields"] else {
            throw ETLError(.badInput, "\(path) has no \"fields\" object")
        }
        var seen: Set<Int> = []
        for (name, value) in fields {
            guard let i = fieldIndex[name] else {
                if Self.manyToMany[table.name]?.contains(name) == true { continue }
                throw ETLError(
                    .badInput, "unknown field \"\(name)\" of \(table.modelLabel) at \(path).fields.\(name)",
                    hint:
                        "the fields of \(table.modelLabel) are: \(fieldIndex.keys.sorted().joined(separator: ", "))"
                )
            }
            let column = table.columns[i]
            seen.insert(i)
            do {
                row.values[i] = try Self.value(value, column.type)
            } catch {
                row.values[i] = .null
                row.problems.append(
                    FieldProblem(
                        column: column.name, rule: error.rule ?? .type, message: error.message,
                        value: value.text))
            }
        }
        for (i, column) in table.columns.enumerated() where column.isRequired && !column.type.isPrimaryKey {
            if !seen.contains(i) {
                row.problems.append(
                    FieldProblem(
                        column: column.name, rule: .notNull,
                        message: "the object has no \"\(column.fieldName)\" field"))
            }
        }
        return row
    }

    /// The row of an object read at `position` (line `line`) of the file `location`.
    func row(_ object: JSONValue, fill: Row, position: String, line: Int, location: String) throws
        -> SourceRow
    {
        do {
            var row = try row(object, fill: fill, path: position)
            row.line = line
            return row
        } catch {
            throw error.at(location: location, line: line, table: table.name)
        }
    }

    /// A fixture value as a value of `type`.
    static func value(_ json: JSONValue, _ type: ColumnType) throws(ETLError) -> Value {
        switch (json, type) {
        case (.null, _): return .null
        case (_, .json): return .json(json.jsonbText)
        case (.bool(let b), .boolean): return .boolean(b)
        case (.string(let s), _): return try Value.parse(s, type: type)
        case (.number(let n), .primaryKey), (.number(let n), .bigint), (.number(let n), .integer),
            (.number(let n), .decimal):
            return try Value.parse(n, type: type)
        default:
            var error = ETLError(.badValue, "a JSON \(kind(json)) cannot be a \(type.djangoField)")
            error.rule = .type
            throw error
        }
    }

    private static func kind(_ json: JSONValue) -> String {
        switch json {
        case .object: "object"
        case .array: "array"
        case .string: "string"
        case .number: "number"
        case .bool: "boolean"
        case .null: "null"
        }
    }
}

/// JSON parser input over bytes in memory.
struct ArrayInput: JSONParser.Input {
    let bytes: [UInt8]
    var position = 0
    var line = 1

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func peek() throws -> UInt8? { position < bytes.count ? bytes[position] : nil }

    mutating func advance() throws {
        if position < bytes.count, bytes[position] == UInt8(ascii: "\n") { line += 1 }
        position += 1
    }
}
