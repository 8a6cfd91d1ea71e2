import ClinicPipeline
import ClinicSchema

/// Reads Django's XML fixtures object by object.
///
/// It follows `django/core/serializers/xml_serializer.py` and reads through libxml2's streaming reader, turning each `<object>` into the same shape JSON fixtures
/// have, so one codec serves both. Text is kept exactly, surrounding spaces included.
final class XMLObjectReader {
    private let reader: XMLReader
    private let path: String
    private var started = false
    /// The index of the current object, 0-based.
    private(set) var index = -1
    /// The line the current object starts on.
    private(set) var line = 0

    init(path: String, gzip: Bool) throws {
        var bytes: any ByteSource = try FileSource(path: path)
        if gzip { bytes = try GzipSource(bytes) }
        reader = try XMLReader(bytes)
        self.path = path
    }

    var position: String { "object \(index) (line \(line))" }

    /// Moves to the next `<object>` and returns its model label; `nil` at the end.
    func nextObject() throws -> String? {
        while try reader.read() {
            guard reader.isElement else { continue }
            if !started {
                guard reader.localName == "django-objects" else {
                    throw ETLError(.badInput, "not a Django XML fixture: the root is <\(reader.localName)>")
                        .at(location: path, line: reader.line)
                }
                started = true
                continue
            }
            guard reader.localName == "object" else {
                throw ETLError(.badInput, "unexpected <\(reader.localName)> between objects").at(
                    location: path, line: reader.line)
            }
            index += 1
            line = reader.line
            guard let model = reader.attribute("model") else {
                throw ETLError(.badInput, "\(position) has no model attribute").at(location: path, line: line)
            }
            return model
        }
        return nil
    }

    /// Skips the rest of the current object.
    func skipObject() throws { try reader.skip() }

    /// Reads the current object into `{"model", "pk", "fields"}`; JSON fields are parsed as JSON,
    /// and one that is not JSON is left out and reported as a problem of the row.
    func object(model: String, table: Table) throws -> (object: JSONValue, problems: [FieldProblem]) {
        var problems: [FieldProblem] = []
        let pk = reader.attribute("pk").map { JSONValue.string($0) } ?? .null
        var fields: [(String, JSONValue)] = []
        let jsonFields = Set(table.columns.filter { $0.type == .json }.map(\.fieldName))
        if reader.isEmptyElement { return (Self.make(model, pk, fields), problems) }
        while try reader.read() {
            if reader.isEndElement && reader.localName == "object" { break }
            guard reader.isElement, reader.localName == "field" else { continue }
            guard let name = reader.attribute("name") else {
                throw ETLError(.badInput, "a <field> of \(position) has no name").at(
                    location: path, line: reader.line)
            }
            if reader.attribute("rel") == "ManyToManyRel" {
                fields.append((name, try listValue()))
                continue
            }
            let value = try fieldValue()
            if jsonFields.contains(name), case .string(let text) = value {
                do {
                    let json = try Array(text.utf8).withUnsafeBufferPointer { bytes in
                        var input = BufferInput(bytes)
                        return try JSONParser.value(from: &input)
                    }
                    fields.append((name, json))
                } catch {
                    let column = table.columns.first { $0.fieldName == name }?.name
                    problems.append(
                        FieldProblem(
                            column: column, rule: .json, message: "is not valid JSON",
                            value: String(text.prefix(60))))
                }
            } else {
                fields.append((name, value))
            }
        }
        return (Self.make(model, pk, fields), problems)
    }

    private static func make(_ model: String, _ pk: JSONValue, _ fields: [(String, JSONValue)]) -> JSONValue {
        .object([("model", .string(model)), ("pk", pk), ("fields", .object(fields))])
    }

    /// The `<object pk="…">` children of a many-to-many `<field>`, as a list of ids (a natural key,
    /// `<object><natural>…</natural></object>`, as a list of its parts).
    private func listValue() throws -> JSONValue {
        if reader.isEmptyElement { return .array([]) }
        var items: [JSONValue] = []
        var natural: [JSONValue]?
        while try reader.read() {
            if reader.isEndElement && reader.localName == "field" { break }
            if reader.isElement && reader.localName == "object" {
                if let pk = reader.attribute("pk") {
                    items.append(.string(pk))
                } else if !reader.isEmptyElement {
                    natural = []
                }
            } else if reader.isElement && reader.localName == "natural", natural != nil {
                natural?.append(.string(try reader.isEmptyElement ? "" : naturalText()))
            } else if reader.isEndElement && reader.localName == "object", let parts = natural {
                items.append(.array(parts))
                natural = nil
            }
        }
        return .array(items)
    }

    /// The text of the current `<natural>` element, which ends it.
    private func naturalText() throws -> String {
        var text = ""
        while try reader.read() {
            if reader.isEndElement { break }
            text += reader.value
        }
        return text
    }

    /// The content of the current `<field>`: its text, or null for `<None/>`.
    private func fieldValue() throws -> JSONValue {
        if reader.isEmptyElement { return .string("") }
        var text = ""
        var isNull = false
        var depth = 0
        while try reader.read() {
            if reader.isEndElement {
                if depth == 0 { break }
                depth -= 1
            } else if reader.isElement {
                if reader.localName == "None" { isNull = true }
                if !reader.isEmptyElement { depth += 1 }
            } else if depth == 0 {
                text += reader.value
            }
        }
        return isNull ? .null : .string(text)
    }
}

/// Writes rows as Django XML objects.
struct XMLObjectWriter {
    let writer: XMLWriter

    func begin() throws {
        try writer.startDocument()
        try writer.start("django-objects")
        try writer.attribute("version", "1.0")
    }

    /// Writes one object; `lists` are its many-to-many fields with the ids they hold.
    func write(_ row: Row, table: Table, lists: [FixtureCodec.List] = []) throws {
        try writer.start("object")
        try writer.attribute("model", table.modelLabel ?? table.name)
        for (column, value) in zip(table.columns, row) where column.isPrimaryKey {
            try writer.attribute("pk", value.postgresText ?? "")
        }
        for (column, value) in zip(table.columns, row) where !column.isPrimaryKey {
            try writer.start("field")
            try writer.attribute("name", column.fieldName)
            if let key = column.references {
                try writer.attribute("rel", column.unique ? "OneToOneRel" : "ManyToOneRel")
                try writer.attribute("to", Catalog.clinic.table(named: key.table)?.modelLabel ?? key.table)
            } else {
                try writer.attribute("type", column.type.djangoField)
            }
            if value.isNull {
                try writer.start("None")
                try writer.fullEnd()
            } else {
                try writer.text(Self.text(value))
            }
            try writer.fullEnd()
        }
        for list in lists {
            try writer.start("field")
            try writer.attribute("name", list.link.field)
            try writer.attribute("rel", "ManyToManyRel")
            try writer.attribute("to", list.link.target)
            for id in list.ids {
                try writer.start("object")
                try writer.attribute("pk", String(id))
                try writer.fullEnd()
            }
            try writer.fullEnd()
        }
        try writer.end()
    }

    func finish() throws {
        try writer.end()
        try writer.endDocument()
        try writer.flush()
    }

    /// Django's `value_to_string` forms: `True`, ISO datetimes with `+00:00`, JSON as text.
    static func text(_ value: Value) -> String {
        switch value {
        case .boolean(let b): return b ? "True" : "False"
        case .date, .time: return value.djangoSQLiteText ?? ""
        case .timestamp(let t):
            let (date, time) = t.utc
            return (Value.date(date).postgresText ?? "") + "T" + (Value.time(time).djangoSQLiteText ?? "")
                + "+00:00"
        default: return value.postgresText ?? ""
        }
    }
}
