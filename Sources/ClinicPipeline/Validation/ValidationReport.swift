import Foundation

/// Counts and examples of every violation of a run.
///
/// They are grouped per rule for people, and as JSON in
/// the shape of a Frictionless validation report for programs. Memory is bounded: only the first
/// violations of each group are kept.
public final class ValidationReport: @unchecked Sendable {
    // @unchecked: filled by the one thread that runs the job, read after it.

    /// Examples kept per (table, rule, column) group.
    public static let examplesPerGroup = 1000

    /// One table's figures.
    public struct TableStats: Codable, Sendable {
        /// The table.
        public var name: String
        /// Rows read.
        public var rows = 0
        /// Rows that broke at least one rule.
        public var invalidRows = 0
        /// Error violations.
        public var errors = 0
        /// Warning violations.
        public var warnings = 0
    }

    private struct GroupKey: Hashable {
        let table: String
        let rule: Rule
        let column: String?
        let severity: Severity
    }

    private var groups: [GroupKey: (count: Int, examples: [Violation])] = [:]
    private var groupOrder: [GroupKey] = []
    private var tableIndex: [String: Int] = [:]
    /// Per-table figures, in the order tables were read.
    public private(set) var tables: [TableStats] = []

    /// Creates an empty report.
    public init() {}

    /// Counts a row and its violations.
    public func record(table: String, violations: [Violation]) {
        // Rows come table by table: the last table's index saves hashing its name per row.
        let index =
            (tables.indices.last.flatMap { tables[$0].name == table ? $0 : nil })
            ?? tableIndex[table]
            ?? {
                tables.append(TableStats(name: table))
                tableIndex[table] = tables.count - 1
                return tables.count - 1
            }()
        tables[index].rows += 1
        guard !violations.isEmpty else { return }
        if violations.contains(where: { $0.severity == .error }) { tables[index].invalidRows += 1 }
        for violation in violations {
            if violation.severity == .error { tables[index].errors += 1 } else { tables[index].warnings += 1 }
            let key = GroupKey(
                table: table, rule: violation.rule, column: violation.column, severity: violation.severity)
            if groups[key] == nil {
                groups[key] = (0, [])
                groupOrder.append(key)
            }
            groups[key]?.count += 1
            if let count = groups[key]?.examples.count, count < Self.examplesPerGroup {
                groups[key]?.examples.append(violation)
            }
        }
    }

    /// Makes sure a table appears even when it had no rows.
    public func touch(table: String) {
        guard tableIndex[table] == nil else { return }
        tables.append(TableStats(name: table))
        tableIndex[table] = tables.count - 1
    }

    /// One line per (rule, column) group of `table`'s errors: `required on description: 3 rows`.
    public func reasons(table: String) -> [String] {
        groupOrder.filter { $0.table == table && $0.severity == .error }.map { key in
            let count = groups[key]?.count ?? 0
            return
                "\(key.rule.rawValue)\(key.column.map { " on \($0)" } ?? ""): \(count) \(count == 1 ? "row" : "rows")"
        }
    }

    /// The violations kept as examples, grouped per table, rule and column in order of appearance.
    public var examples: [Violation] { groupOrder.flatMap { groups[$0]?.examples ?? [] } }

    /// Total error violations.
    public var errorCount: Int { tables.reduce(0) { $0 + $1.errors } }
    /// Total warning violations.
    public var warningCount: Int { tables.reduce(0) { $0 + $1.warnings } }
    /// Total rows that broke a rule.
    public var invalidRowCount: Int { tables.reduce(0) { $0 + $1.invalidRows } }

    /// Violations grouped per table, rule and column, the first `examples` of each shown in full.
    public func rendered(examples: Int = 5) -> String {
        var lines: [String] = []
        for key in groupOrder {
            guard let group = groups[key] else { continue }
            let place = key.column.map { "\(key.table).\($0)" } ?? key.table
            let noun = group.count == 1 ? "row" : "rows"
            lines.append(
                "\(key.severity.rawValue): \(place): \(key.rule.rawValue), \(key.rule.tier.label) (\(group.count) \(noun))"
            )
            for v in group.examples.prefix(examples) {
                var place = v.location ?? key.table
                if let line = v.line { place += ":\(line)" }
                if let pk = v.pk { place += " id \(pk)" }
                let value = v.value.map { " \"\($0)\"" } ?? ""
                lines.append("  \(place):\(value) \(v.message)")
            }
            if group.count > examples { lines.append("  … and \(group.count - examples) more") }
        }
        if groupOrder.contains(where: { $0.rule.tier == .model && $0.severity == .warning }) {
            lines.append(
                "note: app rules are warnings, as Django's loaddata stores such rows; --strict refuses them, "
                    + "as full_clean() would")
        }
        return lines.joined(separator: "\n")
    }

    /// The report as JSON: `{valid, stats, tables, errors}` (errors and warnings, with `severity`).
    public func json(seconds: Double) throws -> Data {
        struct Stats: Codable {
            let tables: Int
            let rows: Int
            let errors: Int
            let warnings: Int
            let seconds: Double
        }
        struct TableEntry: Codable {
            let name: String
            let rows: Int
            let errors: Int
            let warnings: Int
            let invalidRows: Int
        }
        struct Document: Codable {
            let valid: Bool
            let stats: Stats
            let tables: [TableEntry]
            let errors: [Violation]
            let truncated: Bool
        }
        let kept = examples
        let total = groupOrder.reduce(0) { $0 + (groups[$1]?.count ?? 0) }
        let document = Document(
            valid: errorCount == 0,
            stats: Stats(
                tables: tables.count, rows: tables.reduce(0) { $0 + $1.rows }, errors: errorCount,
                warnings: warningCount, seconds: (seconds * 1000).rounded() / 1000),
            tables: tables.map {
                TableEntry(
                    name: $0.name, rows: $0.rows, errors: $0.errors, warnings: $0.warnings,
                    invalidRows: $0.invalidRows)
            },
            errors: kept, truncated: kept.count < total)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(document)
    }
}
