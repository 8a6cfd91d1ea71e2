import ClinicSchema

/// The validation stage.
///
/// It checks every row against the schema's constraints and remembers the keys that UNIQUE,
/// foreign-key and cross-row rules need. Memory grows with keys, not with rows.
public final class Validator {
    private let plans: [String: TablePlan]
    /// The tables the data set holds whole.
    private let loaded: Set<String>
    /// Every table the data set holds rows of.
    private let present: Set<String>
    private var matchSets: [MatchSet] = []
    private var lastPlan: TablePlan?
    /// Whether the app's model rules reject rows, as `full_clean()` would.
    private let strict: Bool

    /// Rows of a referenced table that satisfy a rule's matches.
    struct MatchSet {
        let table: String
        let matches: [Match]
        let positions: [(Int, String)]
        var ids = IDSet()
        var known: Bool
    }

    /// Validates the tables of a data set.
    ///
    /// `tables` are those it holds, in load order; `partial` those of which it holds only some rows,
    /// so references to them are not checked; `guaranteed` those whose types, NOT NULL, lengths and
    /// UNIQUE the source enforces itself. With `strict`, the app's model rules (required text, choices,
    /// formats) are errors instead of warnings.
    public init(
        catalog: Catalog = .clinic, tables: [Table], partial: Set<String> = [], guaranteed: Set<String> = [],
        strict: Bool = false
    ) {
        self.strict = strict
        present = Set(tables.map(\.name))
        loaded = present.subtracting(partial)
        var plans: [String: TablePlan] = [:]
        for table in catalog.tables {
            plans[table.name] = TablePlan(table, guaranteed: guaranteed.contains(table.name))
        }
        for plan in plans.values {
            plan.complete = loaded.contains(plan.table.name)
            plan.foreignKeys = plan.table.columns.enumerated().compactMap { i, column in
                column.references.flatMap { plans[$0.table] }.map { (i, $0) }
            }
        }
        self.plans = plans
        for table in tables {
            for rule in table.rules {
                guard case .referencedRowMatches(let column, let alternatives, _) = rule,
                    let target = table.column(column)?.references?.table,
                    let referenced = catalog.table(named: target)
                else { continue }
                for matches in alternatives
                where !matchSets.contains(where: { $0.table == target && $0.matches == matches }) {
                    let positions = matches.compactMap { m in
                        referenced.index(of: m.column).map { ($0, m.value) }
                    }
                    matchSets.append(
                        MatchSet(
                            table: target, matches: matches, positions: positions,
                            known: loaded.contains(target)))
                }
            }
        }
        for plan in plans.values {
            plan.rules = plan.table.rules.compactMap { rule in
                PlannedRule(rule, in: plan.table) { target, matches in
                    matchSets.firstIndex { $0.table == target && $0.matches == matches }
                }
            }
        }
    }

    private func plan(_ table: Table) -> TablePlan? {
        if let lastPlan, lastPlan.table.name == table.name { return lastPlan }
        lastPlan = plans[table.name]
        return lastPlan
    }

    /// What the checks read of `table` when its source guarantees the rest: the values of the id,
    /// foreign keys, choices, value checks, the table's rules and match keys, and whether required
    /// text is empty.
    public func neededColumns(of table: Table) -> ColumnNeeds {
        guard let plan = plans[table.name] else { return ColumnNeeds(values: Set(table.columns.indices)) }
        var needed = Set(plan.choices.map(\.column) + plan.checks.map(\.column))
        needed.formUnion(plan.foreignKeys.map(\.column))
        if let id = plan.idColumn { needed.insert(id) }
        for rule in table.rules { needed.formUnion(rule.columns.compactMap(table.index(of:))) }
        for set in matchSets where set.table == table.name { needed.formUnion(set.positions.map(\.0)) }
        return ColumnNeeds(values: needed, presence: Set(plan.required))
    }

    // MARK: keys already in the target

    /// A question for the target: the values of `columns` in rows of `table` that have `matches`.
    public struct TargetQuery: Sendable {
        /// The table to read.
        public let table: String
        /// The columns to read.
        public let columns: [String]
        /// Conditions on the rows.
        public let matches: [Match]
        fileprivate let purpose: Purpose
    }

    fileprivate enum Purpose {
        case ids
        case unique(Int)
        case flagged
        case matchSet(Int)
    }

    /// What must be read from the target before validating a load in `mode`.
    ///
    /// That is the ids of referenced tables outside the data set (or all of them, when appending),
    /// and with `--append` the keys of UNIQUE columns and flags already there.
    public func targetQueries(mode: LoadMode) -> [TargetQuery] {
        var queries: [TargetQuery] = []
        var referenced: Set<String> = []
        for name in present.sorted() {
            guard let plan = plans[name] else { continue }
            for fk in plan.foreignKeys where mode.keepsRows || !loaded.contains(fk.target.table.name) {
                referenced.insert(fk.target.table.name)
            }
            // An upsert's rows replace the target's rows with the same id, so the target's keys are not
            // taken; a clash with another row's key is the database's to refuse (UNIQUE, in the transaction).
            guard mode == .append else { continue }
            for (i, columns) in plan.unique.enumerated() {
                let names = columns.map { plan.table.columns[$0].name }
                queries.append(TargetQuery(table: name, columns: names, matches: [], purpose: .unique(i)))
            }
            for rule in plan.table.rules {
                if case .atMostOneFlagged(let flag, let per) = rule {
                    queries.append(
                        TargetQuery(
                            table: name, columns: [per], matches: [Match(flag, "t")], purpose: .flagged))
                }
            }
        }
        for table in referenced.sorted() {
            queries.append(TargetQuery(table: table, columns: ["id"], matches: [], purpose: .ids))
        }
        for (i, set) in matchSets.enumerated() where mode.keepsRows || !loaded.contains(set.table) {
            queries.append(
                TargetQuery(table: set.table, columns: ["id"], matches: set.matches, purpose: .matchSet(i)))
        }
        return queries
    }

    /// Marks a query's answer as complete, even when it had no rows.
    public func began(_ query: TargetQuery) {
        switch query.purpose {
        case .ids: plans[query.table]?.complete = true
        case .matchSet(let i): matchSets[i].known = true
        default: break
        }
    }

    /// Records one row of a query's answer (its values in the query's column order).
    public func preload(_ query: TargetQuery, _ values: Row) {
        guard let plan = plans[query.table] else { return }
        switch query.purpose {
        case .ids:
            if case .integer(let id) = values.first { plan.valid.insert(id) }
        case .unique(let i):
            if let key = KeyStore.key(values, Array(values.indices)) { plan.uniqueKeys[i].insert(key) }
        case .flagged:
            if case .integer(let id) = values.first { plan.flagged.insert(id) }
        case .matchSet(let i):
            if case .integer(let id) = values.first { matchSets[i].ids.insert(id) }
        }
    }

    // MARK: rows

    /// Every rule `row` breaks, errors and warnings.
    public func check(_ row: SourceRow, table: Table, location: String) -> [Violation] {
        guard let plan = plan(table) else { return [] }
        var found = ViolationList(plan: plan, row: row, location: location, strict: strict)
        var unreadable: Set<Int> = []
        for problem in row.problems {
            let column = problem.column.flatMap(table.index(of:))
            if let column { unreadable.insert(column) }
            found.add(problem.rule, problem.message, column: column, value: problem.value)
        }
        if row.problems.contains(where: { $0.rule == .fieldCount }) { return found.items }
        let values = row.values
        for i in plan.notNull where values[i].isNull && !unreadable.contains(i) {
            found.add(.notNull, "must not be NULL", column: i)
        }
        for i in plan.required {
            if case .text(let s) = values[i], s.isEmpty {
                found.add(.required, "must not be empty", column: i)
            }
        }
        for (i, length) in plan.maxLength {
            if case .text(let s) = values[i], s.utf8.count > length, s.unicodeScalars.count > length {
                found.add(
                    .maxLength, "is \(s.unicodeScalars.count) characters long; the limit is \(length)",
                    column: i)
            }
        }
        for (i, allowed) in plan.choices {
            guard let text = values[i].textForm, !allowed.contains(text) else { continue }
            let list = allowed.sorted().map { $0.isEmpty ? "''" : $0 }.joined(separator: ", ")
            found.add(.choice, "is not one of the choices: \(list)", column: i)
        }
        for (i, check) in plan.checks { checkValue(values[i], check, column: i, into: &found) }
        for (k, columns) in plan.unique.enumerated() {
            guard let key = KeyStore.key(values, columns), plan.uniqueKeys[k].contains(key) else { continue }
            found.add(
                .unique, "\(plan.names(columns)) already used by another row (in the data set or the target)",
                column: columns.count == 1 ? columns[0] : nil)
        }
        for (i, target) in plan.foreignKeys {
            guard case .integer(let id) = values[i], target.complete, !target.valid.contains(id) else {
                continue
            }
            let name = target.table.name
            if target.rejected.contains(id) {
                found.add(.parentRejected, "parent \(name) id \(id) was rejected", column: i)
            } else {
                found.add(
                    .foreignKey, "\(name) id \(id) does not exist in the data set or the target", column: i)
            }
        }
        for rule in plan.rules { checkRule(rule, plan: plan, values: values, into: &found) }
        return found.items
    }

    /// Remembers an accepted row's keys.
    public func accept(_ row: SourceRow, table: Table) {
        guard let plan = plan(table) else { return }
        let values = row.values
        if let i = plan.idColumn, case .integer(let id) = values[i] {
            plan.valid.insert(id)
            for k in matchSets.indices where matchSets[k].table == table.name {
                if matchSets[k].positions.allSatisfy({ values[$0.0].textForm == $0.1 }) {
                    matchSets[k].ids.insert(id)
                }
            }
        }
        for (k, columns) in plan.unique.enumerated() {
            if let key = KeyStore.key(values, columns) { plan.uniqueKeys[k].insert(key) }
        }
        for rule in plan.rules {
            guard case .atMostOneFlagged(let f, let p) = rule, values[f] == .boolean(true),
                case .integer(let owner) = values[p]
            else { continue }
            plan.flagged.insert(owner)
        }
    }

    /// Remembers a rejected row's id, so rows that reference it say why.
    public func reject(_ row: SourceRow, table: Table) {
        guard let plan = plan(table), let i = plan.idColumn, case .integer(let id) = row.values[i] else {
            return
        }
        plan.rejected.insert(id)
    }

    private func checkValue(
        _ value: Value, _ check: ColumnCheck, column: Int, into found: inout ViolationList
    ) {
        switch (check, value) {
        case (.email, .text(let s)) where !s.isEmpty && !ValueChecks.isEmail(s):
            found.add(.email, "is not a valid email address", column: column)
        case (.djangoPassword, .text(let s)) where !ValueChecks.isDjangoPassword(s):
            found.add(
                .passwordHash, "is not a Django password hash (algorithm$…) or an unusable password (!…)",
                column: column)
        case (.range(let min, let max), .decimal(let d)):
            let type = found.plan.table.columns[column].type
            guard case .decimal(let low) = try? Value.parse(min, type: type),
                case .decimal(let high) = try? Value.parse(max, type: type)
            else { return }
            if d < low || high < d { found.add(.range, "is outside \(min)…\(max)", column: column) }
        default:
            break
        }
    }

    private func checkRule(_ rule: PlannedRule, plan: TablePlan, values: Row, into found: inout ViolationList)
    {
        let names = plan.table.columns
        switch rule {
        case .atMostOneFlagged(let f, let p):
            guard values[f] == .boolean(true), case .integer(let owner) = values[p],
                plan.flagged.contains(owner)
            else { return }
            found.add(
                .atMostOneFlagged, "\(names[p].name) \(owner) already has a row with \(names[f].name) set",
                column: f)
        case .requiredWhen(let c, let equals, let required):
            guard values[c].textForm == equals else { return }
            for r in required where values[r].isNull {
                found.add(
                    .requiredWhen, "is NULL although \(names[c].name) is \(equals)", column: r)
            }
        case .flagMatches(let f, let c, let value):
            guard case .boolean(let set) = values[f], let text = values[c].textForm, set != (text == value)
            else {
                return
            }
            found.add(
                .flagMismatch, "is \(set ? "true" : "false") but \(names[c].name) is \(text)", column: f)
        case .referencedRowMatches(let c, let sets, let description):
            guard case .integer(let id) = values[c],
                let target = plan.foreignKeys.first(where: { $0.column == c })?.target,
                target.valid.contains(id), sets.allSatisfy({ matchSets[$0].known }),
                !sets.contains(where: { matchSets[$0].ids.contains(id) })
            else { return }
            found.add(
                .referencedRow, "\(target.table.name) id \(id) is not \(description)", column: c)
        case .notBefore(let l, let e):
            let before: Bool =
                switch (values[l], values[e]) {
                case (.date(let a), .date(let b)): a < b
                case (.timestamp(let a), .timestamp(let b)): a < b
                default: false
                }
            if before { found.add(.dateOrder, "is before \(names[e].name)", column: l) }
        }
    }
}
