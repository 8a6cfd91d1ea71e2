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
    /// Whether the reader already stands on the next node: skipping an object moves to its next
    /// sibling, which is the next `<object>` itself when nothing separates them (dumpdata without
    /// `--indent`).
    private var standsOnNext = false

    init(path: String, gzip: Bool, decryption: AgeDecryption? = nil) throws {
        var bytes: any ByteSource = try FileSource(path: path)
        if let decryption { bytes = try decryption.reader(bytes) }
        if gzip { bytes = try GzipSource(bytes) }
        reader = try XMLReader(bytes)
        self.path = path
    }

    var position: String { "object \(index) (line \(line))" }

    /// Moves to the next `<object>` and returns its model label; `nil` at the end.
    func nextObject() throws -> String? {
        while try advance() {
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
    func skipObject() throws { standsOnNext = try reader.skip() }

    private func advance() throws -> Bool {
        if standsOnNext {
            standsOnNext = false
            return true
        }
        return try reader.read()
    }

    /// Reads the current object into `{"model", "pk", "fields"}`; JSON fields are parsed as JSON,
    /// and one that is not JSON is left out and reported as a problem of the row.
    func object(model: String, table: Table) throws -> (object: JSONValue, problems: [FieldProblem]) {
        var problems: [FieldProblem] = []
        // No pk: an object dumped with --natural-primary, named by its natural key.
        let pk = reader.attribute("pk").map { JSONValue.string($0) }
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

    private static func make(_ model: String, _ pk: JSONValue?, _ fields: [(String, JSONValue)]) -> JSONValue
    {
        .object([("model", .string(model))] + (pk.map { [("pk", $0)] } ?? []) + [("fields", .object(fields))])
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

    /// The content of the current `<field>` as Django's deserializer takes it: null when a `<None>`
    /// is inside, a natural key's parts when `<natural>` elements are (a foreign key dumped with
    /// --natural-foreign), else the text of every text and CDATA node at any depth (`getInnerText`);
    /// comments and processing instructions are not part of the value.
    private func fieldValue() throws -> JSONValue {
        if reader.isEmptyElement { return .string("") }
        var text = ""
        var isNull = false
        var natural: [JSONValue] = []
        var depth = 0
        while try reader.read() {
            if reader.isEndElement {
                if depth == 0 { break }
                depth -= 1
            } else if reader.isElement {
                if reader.localName == "None" { isNull = true }
                if depth == 0 && reader.localName == "natural" {
                    natural.append(.string(try reader.isEmptyElement ? "" : naturalText()))
                    continue
                }
                if !reader.isEmptyElement { depth += 1 }
            } else if reader.isText {
                text += reader.value
            }
        }
        if isNull { return .null }
        return natural.isEmpty ? .string(text) : .array(natural)
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
        try Self.checkXMLCharacters(row, table: table)
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

    /// Stops before writing a row whose text XML 1.0 cannot hold (control characters other than
    /// tab, line feed and carriage return; U+FFFE, U+FFFF), as Django's serializer does: no XML
    /// parser, Django's included, would read the file back.
    static func checkXMLCharacters(_ row: Row, table: Table) throws {
        for (column, value) in zip(table.columns, row) {
            guard case .text(let text) = value,
                let bad = text.unicodeScalars.first(where: { !Self.isXMLCharacter($0) })
            else { continue }
            let id = table.columns.firstIndex { $0.type.isPrimaryKey }.flatMap { row[$0].postgresText } ?? "?"
            let shown = String(text.unicodeScalars.prefix(60).map { $0.escaped(asASCII: true) }.joined())
            throw ETLError(
                .badInput,
                "\(table.name) id \(id), column \(column.name): the value holds U+\(String(bad.value, radix: 16, uppercase: true).leftPadded(4)), which XML 1.0 cannot hold: \"\(shown)\"",
                hint:
                    "write this data as JSON or JSONL (--format json), or remove the character from the value"
            )
        }
    }

    static func isXMLCharacter(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
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

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
