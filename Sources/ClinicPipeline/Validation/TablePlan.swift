import ClinicSchema

/// One table's constraints turned into column positions once, so checking a row is a few array walks.
struct TablePlan {
    let table: Table
    let idColumn: Int?
    let notNull: [Int]
    let required: [Int]
    let maxLength: [(column: Int, length: Int)]
    let choices: [(column: Int, allowed: Set<String>)]
    let unique: [[Int]]
    let foreignKeys: [(column: Int, table: String)]
    let checks: [(column: Int, check: ColumnCheck)]
    let rules: [TableRule]

    init(_ table: Table) {
        self.table = table
        let columns = Array(table.columns.enumerated())
        idColumn = table.index(of: "id")
        notNull = columns.filter { !$0.element.nullable }.map(\.offset)
        required = columns.filter { $0.element.type.isTextual && !$0.element.blank }.map(\.offset)
        maxLength = columns.compactMap { c in c.element.type.maxLength.map { (c.offset, $0) } }
        choices = columns.compactMap { c in c.element.choices.map { (c.offset, Set($0)) } }
        unique =
            columns.filter { $0.element.unique || $0.element.type.isPrimaryKey }.map { [$0.offset] }
            + table.uniqueTogether.map { names in names.compactMap { table.index(of: $0) } }
        foreignKeys = columns.compactMap { c in c.element.references.map { (c.offset, $0.table) } }
        checks = columns.flatMap { c in c.element.checks.map { (c.offset, $0) } }
        rules = table.rules
    }

    /// The names of the columns at `positions`.
    func names(_ positions: [Int]) -> String {
        positions.map { table.columns[$0].name }.joined(separator: ", ")
    }
}
