import ClinicPipeline
import ClinicSchema

/// Converts rows to and from Django's serialized objects (`django/core/serializers/python.py`):
/// `{"model": "api.billing", "pk": 5, "fields": {"patient": 3, "amount": "150.00", …}}`.
///
/// Foreign keys go under the field name without `_id`; decimals are strings; datetimes ISO 8601
/// in UTC with `Z` and full microseconds (Django writes milliseconds; it reads both).
public struct FixtureCodec: Sendable {
    /// A many-to-many field of an object and the ids it lists.
    public struct List {
        /// The link table's description of the field.
        let link: Table.Link
        /// The linked ids, in the order the link rows came.
        let ids: [Int64]
    }

    let table: Table
    /// `{"model":"api.x","pk":`, and `"field":` per column, rendered once.
    private let prefix: [UInt8]
    private let keys: [[UInt8]]

    /// A codec for one table.
    public init(table: Table) {
        self.table = table
        prefix = Array("{\"model\":\"\(table.modelLabel ?? table.name)\",\"pk\":".utf8)
        keys = table.columns.map { Array("\"\($0.fieldName)\":".utf8) }
    }

    /// Appends the object for `row` in compact JSON, rendered straight to bytes (the writer's hot path);
    /// `lists` are its many-to-many fields.
    public func append(_ row: Row, lists: [List] = [], to out: inout [UInt8]) {
        out.append(contentsOf: prefix)
        for (i, value) in row.enumerated() {
            if table.columns[i].isPrimaryKey {
                Self.append(value, to: &out)
                out.append(contentsOf: Array(",\"fields\":{".utf8))
                break
            }
        }
        var first = true
        for (i, value) in row.enumerated() where !table.columns[i].isPrimaryKey {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            out.append(contentsOf: keys[i])
            Self.append(value, to: &out)
        }
        for list in lists {
            out.append(contentsOf: Array(",\"\(list.link.field)\":[".utf8))
            out.append(contentsOf: Array(list.ids.map(String.init).joined(separator: ",").utf8))
            out.append(UInt8(ascii: "]"))
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
