import Foundation

/// The report as Markdown, for email or chat: the same numbers as tables.
public enum MarkdownRenderer {
    /// Renders `report`.
    public static func render(_ report: MonthlyReport) -> String {
        var out = "# \(report.clinic) — monthly report \(report.month.name)\n\n"
        out += "Month boundaries in \(report.timezone); amounts in \(report.currency).\n\n"
        for banner in report.banners { out += "> **\(banner)**\n\n" }
        if !report.glance.flags.isEmpty {
            for flag in report.glance.flags {
                out += "- ⚠ **\(flag.name)**: \(flag.message)\n"
                let (shown, more) = flag.shownItems
                for item in shown { out += "  - \(cell(item))\n" }
                if let more { out += "  - *\(more)*\n" }
            }
            out += "\n"
        } else if report.banners.isEmpty {
            out += "**No benchmark flags this month.**\n\n"
        }
        for figure in report.glance.figures {
            if let explanation = figure.explanation { out += "- *\(figure.name)*: \(explanation)\n" }
        }
        out += "\n"
        for table in report.tables {
            out += "## \(table.title)\n\n"
            if let explanation = table.explanation { out += explanation + "\n\n" }
            guard !table.rows.isEmpty else {
                out += table.empty + "\n\n"
                continue
            }
            let people = table.forPeople
            out += "| " + people.head.map(cell).joined(separator: " | ") + " |\n"
            out += "|" + people.numeric.map { $0 ? "---:" : "---" }.joined(separator: "|") + "|\n"
            for (r, row) in people.rows.enumerated() {
                let bold = people.lastIsTotal && r == people.rows.count - 1
                out +=
                    "| " + row.map { bold ? "**\(cell($0))**" : cell($0) }.joined(separator: " | ") + " |\n"
            }
            if people.hidden > 0 {
                out += "\n… and \(Display.count(Int64(people.hidden))) more in \(table.name).csv.\n"
            }
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
