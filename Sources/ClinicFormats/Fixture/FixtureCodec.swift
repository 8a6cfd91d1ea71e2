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
    /// Where datetimes without an offset are read; `nil` reads them as UTC.
    let zone: WallClockZone?
    /// `{"model":"api.x","pk":`, and `"field":` per column, rendered once.
    private let prefix: [UInt8]
    private let keys: [[UInt8]]

    /// A codec for one table.
    public init(table: Table, zone: WallClockZone? = nil) {
        self.table = table
        self.zone = zone
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
}
