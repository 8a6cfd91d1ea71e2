import ClinicSchema

/// How the columns a source provides map onto a table's columns, and what fills the others.
public struct ColumnBinding: Sendable {
    /// For each table column, the index of the source field, or `nil` when it is filled.
    public let sourceIndex: [Int?]
    /// The values for table columns the source does not have.
    public let fill: [Value]
    /// The number of fields each source record has.
    public let fieldCount: Int

    /// Whether the source has the table's column `index` (rather than its default filling in).
    public func binds(_ index: Int) -> Bool { sourceIndex[index] != nil }

    /// Matches `names` (a CSV header, a database's columns) to `table` by name, in any order.
    ///
    /// Unknown or repeated names and missing required columns are errors; other missing columns
    /// take their model default, NULL, or for `auto_now` columns the time of the run.
    public init(table: Table, names: [String], now: Timestamp) throws(ETLError) {
        var positions: [String: Int] = [:]
        for (index, name) in names.enumerated() {
            guard table.column(name) != nil else {
                throw ETLError(
                    .badInput, "unknown column \"\(name)\"",
                    hint: "the columns of \(table.name) are: \(table.columnNames.joined(separator: ", "))"
                ).at(table: table.name)
            }
            guard positions[name] == nil else {
                throw ETLError(.badInput, "column \"\(name)\" appears twice").at(table: table.name)
            }
            positions[name] = index
        }
        var fill: [Value] = []
        var sourceIndex: [Int?] = []
        for column in table.columns {
            if let position = positions[column.name] {
                sourceIndex.append(position)
                fill.append(.null)
                continue
            }
            guard !column.isRequired else {
                throw ETLError(
                    .badInput, "required column \"\(column.name)\" is missing",
                    hint: "add a \(column.name) column; it is NOT NULL and has no default"
                ).at(table: table.name)
            }
            sourceIndex.append(nil)
            fill.append(try Self.fill(column, now: now))
        }
        self.sourceIndex = sourceIndex
        self.fill = fill
        self.fieldCount = names.count
    }

    /// What fills `column` when a source does not have it: the model default, the time of the run
    /// for `auto_now` columns, else NULL.
    public static func fill(_ column: Column, now: Timestamp) throws(ETLError) -> Value {
        if let text = column.defaultText { return try Value.parse(text, for: column) }
        return column.autoNow != nil ? .timestamp(now) : .null
    }

    /// The binding for a database table that has the columns `present`.
    ///
    /// It returns the catalog's columns the table has, in catalog order, and the binding over them.
    /// Errors name `location`.
    public static func database(table: Table, present: Set<String>, now: Timestamp, location: String) throws
        -> (names: [String], binding: ColumnBinding)
    {
        let names = table.columnNames.filter { present.contains($0) }
        do {
            return (names, try ColumnBinding(table: table, names: names, now: now))
        } catch {
            throw error.at(location: location)
        }
    }
}
