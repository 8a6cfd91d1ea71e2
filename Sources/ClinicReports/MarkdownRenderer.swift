import Foundation

/// The report as Markdown, for email or chat: the same numbers as tables.
public enum MarkdownRenderer {
    /// Renders `report`.
    public static func render(_ report: MonthlyReport) -> String {
        var out = "# Dorotheo Dental Clinic — monthly report \(report.month)\n\n"
        out += "Month boundaries in \(report.timezone); amounts in \(report.currency).\n\n"
        if report.glance.flags.isEmpty {
            out += "**No benchmark flags this month.**\n\n"
        } else {
            for flag in report.glance.flags { out += "- ⚠ **\(flag.name)**: \(flag.message)\n" }
            out += "\n"
        }
        for table in report.tables(money: \.display) {
            out += "## \(table.title)\n\n"
            guard !table.rows.isEmpty else {
                out += table.empty + "\n\n"
                continue
            }
            out += "| " + table.columns.map(cell).joined(separator: " | ") + " |\n"
            let numeric = table.numericColumns
            out += "|" + numeric.map { $0 ? "---:" : "---" }.joined(separator: "|") + "|\n"
            let (rows, hidden) = table.shown
            for row in rows { out += "| " + row.map(cell).joined(separator: " | ") + " |\n" }
            if hidden > 0 { out += "\n… and \(hidden) more in \(table.name).csv.\n" }
            out += "\n"
        }
        for note in report.notes { out += "> Note: \(note)\n" }
        return out
    }

    /// A cell with pipes and line breaks escaped.
    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
