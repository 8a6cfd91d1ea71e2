import ClinicPipeline
import ClinicSchema
import ClinicStores

/// Hints for rows of spreadsheet exports that fail for the way spreadsheets write, not for what
/// they hold: Excel's empty cells, US dates.
enum CSVHints {
    /// The hints for `result` read from a plain CSV folder (no mapping); `nullGiven` when `--null`
    /// was already given.
    static func hints(for result: JobResult, nullGiven: Bool, catalog: Catalog = .clinic) -> [String] {
        var hints: [String] = []
        let violations = result.report.examples.filter { $0.severity == .error }
        func column(_ v: Violation) -> Column? {
            v.column.flatMap { catalog.table(named: v.table)?.column($0) }
        }
        if !nullGiven,
            violations.contains(where: { $0.rule == .notNull && column($0)?.type.isTextual == true })
        {
            hints.append(
                "spreadsheets write empty cells unquoted, which CSV reads as NULL: --null '\\N' reads "
                    + "them as empty strings (and only \\N as NULL)")
        }
        if let us = violations.first(where: { v in
            v.rule == .type && [.date, .timestamp].contains(column(v)?.type)
                && v.value?.firstMatch(of: /^\d{1,2}\/\d{1,2}\/\d{4}/) != nil
        }), let name = us.column {
            let time = column(us)?.type == .timestamp ? " HH:mm" : ""
            hints.append(
                "dates like \(us.value ?? "") are read through a mapping that says their layout: --mapping "
                    + "FILE with `\(name): {from: \(name), format: MM/dd/yyyy\(time)}` (see samples/legacy/legacy.yml)"
            )
        }
        return hints
    }
}

extension CSVHints {
    /// Every hint for the invalid rows of a run, one per line, or `nil` for the usual one.
    static func invalidRows(
        _ result: JobResult, source: TransformedSource, location: String, csv: CSVOptions, tables: String?
    ) throws -> String? {
        var hints: [String] = []
        if let selection = SelectionHint.forMissingReferences(
            result, selection: try TableSelection.parse(tables))
        {
            hints.append(selection)
        }
        if source.mapped == nil, try Location(location).isCSVFolder {
            hints += CSVHints.hints(for: result, nullGiven: csv.null != nil)
        }
        return hints.isEmpty ? nil : hints.joined(separator: "\n  hint: ")
    }
}
