import ClinicSchema

/// Collects one row's violations, filling in where the row is and how to show its values.
struct ViolationList {
    let plan: TablePlan
    let row: SourceRow
    let location: String
    /// Whether the app's model rules are errors (`--strict`) rather than warnings.
    let strict: Bool
    private(set) var items: [Violation] = []

    init(plan: TablePlan, row: SourceRow, location: String, strict: Bool) {
        self.plan = plan
        self.row = row
        self.location = location
        self.strict = strict
    }

    /// Adds a violation of `rule`; its severity follows from the rule's tier.
    mutating func add(_ rule: Rule, _ message: String, column: Int?, value: String? = nil) {
        let severity = rule.tier.severity(strict: strict)
        let shown = value ?? column.flatMap { row.values[$0].postgresText }
        items.append(
            Violation(
                table: plan.table.name, location: location, line: row.line,
                pk: plan.idColumn.flatMap { row.values[$0].postgresText },
                column: column.map { plan.table.columns[$0].name },
                value: shown.map { display($0, column: column) }, rule: rule, tier: rule.tier,
                severity: severity,
                message: message))
    }

    /// Values are shortened for reports, and passwords are never shown.
    private func display(_ text: String, column: Int?) -> String {
        if let column, plan.table.columns[column].checks.contains(.djangoPassword) { return "(hidden)" }
        return text.count > 60 ? String(text.prefix(57)) + "…" : text
    }
}
