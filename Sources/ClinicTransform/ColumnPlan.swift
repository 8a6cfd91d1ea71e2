import ClinicPipeline
import ClinicSchema
import Foundation

/// A column recipe checked against the file's header and the column, ready to run on records.
struct ColumnPlan {
    let column: Column
    let index: Int
    let recipe: ColumnRecipe
    /// The recipe's source column's position in the file's header.
    let field: Int?
    let layout: DateLayout?
    /// The table a lookup reads, and the column it matches (`nil`: the source key or the id).
    let lookup: (table: String, by: String?)?
    /// The value map with match keys, for values that differ only in case or spacing.
    let foldedMap: [String: String?]

    /// Why a value could not be mapped, phrased for the rejects report.
    struct Failure: Error {
        let message: String
    }

    init(column: Column, index: Int, recipe: ColumnRecipe, header: [String], catalog: Catalog)
        throws(ETLError)
    {
        self.column = column
        self.index = index
        self.recipe = recipe
        if let from = recipe.from {
            let wanted = TextRules.matchKey(from)
            guard let field = header.firstIndex(where: { TextRules.matchKey($0) == wanted }) else {
                throw ETLError(
                    .usage,
                    "the mapping reads column \"\(from)\" for \(column.name), but the file has no such column",
                    hint: "the file's columns are: \(header.joined(separator: ", "))")
            }
            self.field = field
        } else {
            field = nil
        }
        layout = recipe.format.map(DateLayout.init)
        if let lookup = recipe.lookup {
            guard let table = lookup.table(for: column, in: catalog) else {
                throw ETLError(
                    .usage, "a lookup for \(column.name) needs `table:`; the column is not a foreign key")
            }
            self.lookup = (table, lookup.by)
        } else {
            lookup = nil
        }
        foldedMap = (recipe.map ?? [:]).reduce(into: [:]) { $0[TextRules.matchKey($1.key)] = $1.value }
    }

    /// The text a record gives this column before type conversion; `nil` for none.
    func text(_ fields: [String?]) throws(Failure) -> String? {
        var text = recipe.value ?? field.flatMap { $0 < fields.count ? fields[$0] : nil }
        if recipe.trim ?? true { text = text?.trimmingSpaces }
        if let map = recipe.map, let source = text {
            guard let mapped = map[source] ?? foldedMap[TextRules.matchKey(source)] else {
                if source.isEmpty { return recipe.default }
                let known = map.keys.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
                throw Failure(message: "\"\(source)\" has no entry in the value map (known: \(known))")
            }
            text = mapped
        }
        guard var text, !text.isEmpty else { return recipe.default }
        if let part = recipe.split { text = TextRules.namePart(text, part) }
        switch recipe.case {
        case .lower: text = text.lowercased()
        case .upper: text = text.uppercased()
        case .title: text = TextRules.titleCased(text)
        case nil: break
        }
        if let remove = recipe.remove, !remove.isEmpty {
            text = text.replacingOccurrences(of: remove, with: "")
        }
        if recipe.number == true { text = TextRules.number(text) }
        if let phone = recipe.phone {
            guard phone.lowercased() == "ph" else {
                throw Failure(message: "unknown phone rule \"\(phone)\"; use ph")
            }
            guard let normalized = TextRules.philippinePhone(text) else {
                throw Failure(message: "\"\(text)\" is not a Philippine phone number")
            }
            text = normalized
        }
        return text.isEmpty ? recipe.default : text
    }

    /// A date, time or timestamp read with the recipe's layout.
    func temporal(_ text: String, offsetSeconds: Int32) throws(Failure) -> Value {
        guard let layout else { throw Failure(message: "no format") }
        guard let (date, time) = layout.parse(text) else {
            throw Failure(message: "\"\(text)\" is not a date or time in the format \(layout.text)")
        }
        switch column.type {
        case .date:
            guard let date else { throw Failure(message: "the format \(layout.text) holds no date") }
            return .date(date)
        case .time:
            guard let time else { throw Failure(message: "the format \(layout.text) holds no time of day") }
            return .time(time)
        case .timestamp:
            guard let date else { throw Failure(message: "the format \(layout.text) holds no date") }
            return .timestamp(
                Timestamp(date: date, time: time ?? LocalTime(microseconds: 0), offsetSeconds: offsetSeconds))
        default:
            throw Failure(message: "format applies to date, time and timestamp columns, not \(column.name)")
        }
    }
}
