import ClinicSchema

/// A table rule with its columns resolved to positions once, so checking a row compares no names.
enum PlannedRule {
    case atMostOneFlagged(flag: Int, per: Int)
    case requiredWhen(column: Int, equals: String, required: [Int])
    case flagMatches(flag: Int, column: Int, value: String)
    /// `matchSets` are the validator's sets of referenced rows that have each alternative's matches.
    case referencedRowMatches(column: Int, matchSets: [Int], describedAs: String)
    case notBefore(later: Int, earlier: Int)

    /// `rule` for `table`, or `nil` when the table lacks one of its columns; `matchSet` finds the
    /// index of the set for a rule on referenced rows.
    init?(_ rule: TableRule, in table: Table, matchSet: (String, [Match]) -> Int?) {
        switch rule {
        case .atMostOneFlagged(let flag, let per):
            guard let f = table.index(of: flag), let p = table.index(of: per) else { return nil }
            self = .atMostOneFlagged(flag: f, per: p)
        case .requiredWhen(let column, let equals, let required):
            guard let c = table.index(of: column) else { return nil }
            self = .requiredWhen(column: c, equals: equals, required: required.compactMap(table.index(of:)))
        case .flagMatches(let flag, let column, let value):
            guard let f = table.index(of: flag), let c = table.index(of: column) else { return nil }
            self = .flagMatches(flag: f, column: c, value: value)
        case .referencedRowMatches(let column, let alternatives, let description):
            guard let c = table.index(of: column), let target = table.columns[c].references?.table else {
                return nil
            }
            let sets = alternatives.compactMap { matchSet(target, $0) }
            guard sets.count == alternatives.count else { return nil }
            self = .referencedRowMatches(column: c, matchSets: sets, describedAs: description)
        case .notBefore(let later, let earlier):
            guard let l = table.index(of: later), let e = table.index(of: earlier) else { return nil }
            self = .notBefore(later: l, earlier: e)
        }
    }
}
