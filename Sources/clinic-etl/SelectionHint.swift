import ClinicPipeline
import ClinicSchema

/// The hint for rows that fail only because `--tables` left out the tables they reference:
/// rejecting them would reject every row, so the hint names the tables to add.
enum SelectionHint {
    /// The hint, when some foreign-key violations point at tables outside `selection`.
    static func forMissingReferences(
        _ result: JobResult, selection: Set<String>?, catalog: Catalog = .clinic
    ) -> String? {
        guard let selection, !result.outcome.wroteRows else { return nil }
        var missing: Set<String> = []
        for violation in result.report.examples where violation.rule == .foreignKey {
            guard let column = violation.column,
                let referenced = catalog.table(named: violation.table)?.column(column)?.references?.table,
                !selection.contains(referenced)
            else { continue }
            missing.insert(referenced)
        }
        guard !missing.isEmpty else { return nil }
        // The added tables must load too, so their own references come along.
        var needed = missing
        var queue = Array(missing)
        while let name = queue.popLast() {
            for (_, key) in catalog.table(named: name)?.foreignKeys ?? []
            where !selection.contains(key.table) && !needed.contains(key.table) {
                needed.insert(key.table)
                queue.append(key.table)
            }
        }
        let order = catalog.loadOrder.map(\.name)
        let together = order.filter { selection.contains($0) || needed.contains($0) }
        return "the rows reference \(order.filter(missing.contains).joined(separator: ", ")), which --tables "
            + "leaves out, so --on-error reject would reject every such row: add them, --tables "
            + "\(together.joined(separator: ",")), or load into a database that holds them with --append"
    }
}
