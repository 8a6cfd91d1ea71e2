import ClinicSchema

/// What validation knows about one table.
///
/// Its constraints are turned into column positions once, beside the keys seen so far. A reference type, so the per-row path never copies or looks it up by name.
final class TablePlan {
    let table: Table
    let idColumn: Int?
    let notNull: [Int]
    let required: [Int]
    let maxLength: [(column: Int, length: Int)]
    /// The allowed values in a list: a handful each, so comparing beats hashing the value.
    let choices: [(column: Int, allowed: [String])]
    let unique: [[Int]]
    let checks: [(column: Int, check: ColumnCheck)]
    /// The table's rules, resolved by the validator once it knows its sets of referenced rows.
    var rules: [PlannedRule] = []
    /// Foreign keys with the state of the table they point at.
    var foreignKeys: [(column: Int, target: TablePlan)] = []

    /// Ids of rows accepted, or already in the target.
    var valid = IDSet()
    /// Ids of rows rejected.
    var rejected = IDSet()
    /// Whether `valid` holds every id there is (the table is in the data set or was read from the target).
    var complete = false
    /// One store per entry of `unique`.
    var uniqueKeys: [KeyStore]
    /// Owners that already have a flagged row, for `atMostOneFlagged`.
    var flagged = IDSet()

    /// The plan for `table`; when its source `guaranteed` types, NOT NULL, lengths and UNIQUE, those
    /// are not checked again.
    init(_ table: Table, guaranteed: Bool = false) {
        self.table = table
        let columns = Array(table.columns.enumerated())
        idColumn = table.index(of: "id")
        notNull = guaranteed ? [] : columns.filter { !$0.element.nullable }.map(\.offset)
        required = columns.filter { $0.element.type.isTextual && !$0.element.blank }.map(\.offset)
        maxLength =
            guaranteed ? [] : columns.compactMap { c in c.element.type.maxLength.map { (c.offset, $0) } }
        choices = columns.compactMap { c in c.element.choices.map { (c.offset, $0) } }
        unique =
            guaranteed
            ? []
            : columns.filter { $0.element.unique || $0.element.isPrimaryKey }.map { [$0.offset] }
                + table.uniqueTogether.map { names in names.compactMap { table.index(of: $0) } }
        checks = columns.flatMap { c in c.element.checks.map { (c.offset, $0) } }
        uniqueKeys = Array(repeating: KeyStore(), count: unique.count)
    }

    /// The names of the columns at `positions`.
    func names(_ positions: [Int]) -> String {
        positions.map { table.columns[$0].name }.joined(separator: ", ")
    }
}
