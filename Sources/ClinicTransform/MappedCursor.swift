import ClinicFormats
import ClinicPipeline
import ClinicSchema

/// The rows of one table, read from each of its mapped files in turn.
final class MappedCursor: RowCursor {
    private let source: MappedSource
    private let table: Table
    private var pending: [TableMapping]
    private var current: (entry: TableMapping, reader: CSVReader, plans: [ColumnPlan], header: [String])?
    private var keyField: Int?
    /// The current file's unquoted text for NULL (`nil`: an empty field).
    private var nullText: [UInt8]?
    private var header: [UInt8] = []
    private let idIndex: Int?
    /// Values for columns the mapping leaves out.
    private let fill: Row

    var location: String { current?.reader.name ?? "" }
    var rawHeader: [UInt8] { header }
    /// Rejects are filed under the mapped file's own name, so the mapping reads them back.
    var rawFileName: String? { current?.entry.file }

    init(source: MappedSource, table: Table, entries: [TableMapping]) {
        self.source = source
        self.table = table
        pending = entries
        idIndex = table.index(of: "id")
        fill = table.columns.map { column in
            if let value = try? ColumnBinding.fill(column, now: source.clock), !value.isNull { return value }
            // Spreadsheets have no NULL: a blank-allowed text column left out is empty.
            return column.blank && column.type.isTextual && !column.nullable ? .text("") : .null
        }
    }

    func rawRecord() -> [UInt8] { current?.reader.rawRecord() ?? [] }

    func next() throws -> SourceRow? {
        while true {
            if current == nil {
                guard !pending.isEmpty else { return nil }
                try start(pending.removeFirst())
            }
            guard let (entry, reader, plans, names) = current else { continue }
            guard try reader.nextRecord() else {
                current = nil
                continue
            }
            if let row = try map(entry: entry, reader: reader, plans: plans, headerCount: names.count) {
                return row
            }
        }
    }

    private func start(_ entry: TableMapping) throws {
        let reader = try source.reader(for: entry)
        guard try reader.nextRecord() else {
            throw ETLError(.badInput, "the file is empty; expected a header line").at(
                location: reader.name, line: 1)
        }
        let names = try reader.strings().map(\.trimmingSpaces)
        header = reader.rawRecord()
        let dialect = source.dialect(of: entry)
        nullText = dialect.null
        var plans: [ColumnPlan] = []
        do {
            for (i, column) in table.columns.enumerated() {
                guard let recipe = entry.columns[column.name] else { continue }
                plans.append(
                    try ColumnPlan(
                        column: column, index: i, recipe: recipe, header: names, catalog: source.schema))
            }
            for column in table.columns where column.isRequired && entry.columns[column.name] == nil {
                throw ETLError(
                    .usage, "the mapping gives no value for \(column.name), which the table requires",
                    hint: "add `\(column.name): {from: <column>}` or `{value: …}` under the file's columns")
            }
        } catch var error as ETLError {
            if let hint = dialect.misreadHeader(names, option: "the file's entry delimiter:") {
                error.hint = hint
            }
            throw error.at(location: reader.name, table: table.name)
        } catch {
            throw error.at(location: reader.name, table: table.name)
        }
        keyField = nil
        if let key = entry.key {
            keyField = names.firstIndex { TextRules.matchKey($0) == TextRules.matchKey(key) }
            guard keyField != nil else {
                throw ETLError(
                    .usage, "the mapping's key \"\(key)\" is not a column of the file",
                    hint: "the file's columns are: \(names.joined(separator: ", "))"
                )
                .at(location: reader.name, table: table.name)
            }
        }
        current = (entry, reader, plans, names)
    }

    /// The row a record maps to, or `nil` when it was merged into an earlier duplicate.
    private func map(entry: TableMapping, reader: CSVReader, plans: [ColumnPlan], headerCount: Int) throws
        -> SourceRow?
    {
        var row = SourceRow(values: fill, line: reader.recordLine)
        guard reader.fieldCount == headerCount else {
            row.problems.append(
                FieldProblem(
                    column: nil, rule: .fieldCount,
                    message: "row has \(reader.fieldCount) fields but the header has \(headerCount)"))
            return row
        }
        let fields: [String?] = (0..<reader.fieldCount).map { i in
            let bytes = reader.field(i)
            if let nullText, !reader.isQuoted(i), bytes.elementsEqual(nullText) { return nil }
            return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
        }
        var derived: [ColumnPlan] = []
        for plan in plans {
            if plan.recipe.ageFrom != nil {
                derived.append(plan)
                continue
            }
            do {
                row.values[plan.index] = try value(plan, fields)
            } catch let failure as ColumnPlan.Failure {
                row.values[plan.index] = .null
                row.problems.append(
                    FieldProblem(
                        column: plan.column.name, rule: .mapping, message: failure.message,
                        value: sourceText(plan, fields)))
            } catch let error as ETLError {
                row.values[plan.index] = .null
                row.problems.append(
                    FieldProblem(
                        column: plan.column.name, rule: error.rule ?? .type, message: error.message,
                        value: sourceText(plan, fields)))
            }
        }
        for plan in derived { row.values[plan.index] = age(plan, row.values) }
        let sourceKey = keyField.flatMap { fields[$0] }?.trimmingSpaces
        try assignID(&row, entry: entry, sourceKey: sourceKey)
        if let dedupe = entry.dedupe, let key = dedupeKey(row.values, dedupe),
            let id = idIndex.flatMap({ row.values[$0].integerValue })
        {
            let here = MappedSource.Merge.Kept(id: id, location: reader.name, line: reader.recordLine)
            if let kept = source.duplicate(of: key, table: table.name, kept: here) {
                source.keys.merge(id, sourceKey: sourceKey, into: kept.id, table: table.name)
                source.noteMerge(
                    MappedSource.Merge(
                        table: table.name, location: reader.name, line: reader.recordLine, kept: kept,
                        key: dedupe))
                return nil
            }
        }
        source.keys.register(row.values, of: table, sourceKey: sourceKey)
        return row
    }

    /// The text the source holds for `plan`'s column (or its constant), shortened, for reports.
    private func sourceText(_ plan: ColumnPlan, _ fields: [String?]) -> String? {
        let text = plan.recipe.value ?? plan.field.flatMap { $0 < fields.count ? fields[$0] : nil }
        return text.map { String($0.prefix(60)) }
    }

    /// One column's value from the record.
    private func value(_ plan: ColumnPlan, _ fields: [String?]) throws -> Value {
        guard let text = try plan.text(fields) else {
            return plan.column.nullable ? .null : fill[plan.index]
        }
        if let lookup = plan.lookup {
            let id: Int64?
            if let by = lookup.by {
                let name = by == "full_name" ? TextRules.withoutTitle(text) : text
                id = try source.keys.id(in: lookup.table, by: by, matching: name)
            } else if source.keys.hasSourceKeys(lookup.table) {
                id = source.keys.id(in: lookup.table, sourceKey: text)
            } else {
                id = Int64(text).map { source.keys.resolved($0, in: lookup.table) }
            }
            guard let id else {
                throw ColumnPlan.Failure(
                    message:
                        "no \(lookup.table) row has \(lookup.by ?? "key") \"\(text)\" (lookup in the mapping)"
                )
            }
            return .integer(id)
        }
        if plan.layout != nil { return try plan.temporal(text, offsetSeconds: source.timestampOffset) }
        let value = try Value.parse(text, for: plan.column)
        // An id copied from the source follows merges of the table it points at.
        if let parent = plan.column.references?.table, case .integer(let id) = value {
            return .integer(source.keys.resolved(id, in: parent))
        }
        return value
    }

    /// Whole years from the date column `age_from` names to the mapping's `as_of` day.
    private func age(_ plan: ColumnPlan, _ values: Row) -> Value {
        guard let column = plan.recipe.ageFrom, let i = table.index(of: column),
            case .date(let birthday) = values[i]
        else { return .null }
        let born = birthday.parts
        let today = source.ageDay.parts
        var years = today.year - born.year
        if (today.month, today.day) < (born.month, born.day) { years -= 1 }
        return years >= 0 ? .integer(Int64(years)) : .null
    }

    /// Keeps the source's id, takes the id of the target row the `match` columns find, or makes one.
    private func assignID(_ row: inout SourceRow, entry: TableMapping, sourceKey: String?) throws {
        guard let idIndex, entry.columns["id"] == nil else { return }
        for column in entry.match ?? [] {
            if let key = KeyRegistry.naturalKey(row.values, of: table, column: column),
                let id = try source.keys.id(in: table.name, by: column, matching: key)
            {
                row.values[idIndex] = .integer(id)
                return
            }
        }
        row.values[idIndex] = .integer(try source.keys.newID(for: table.name))
    }

    private func dedupeKey(_ values: Row, _ columns: [String]) -> String? {
        var parts: [String] = []
        for column in columns {
            guard let part = KeyRegistry.naturalKey(values, of: table, column: column) else { return nil }
            parts.append(part)
        }
        return parts.joined(separator: "\u{1F}")
    }
}
