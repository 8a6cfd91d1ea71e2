import ClinicFormats
import ClinicPipeline
import Foundation

/// The output formats.
public enum ReportFormat: String, Sendable, CaseIterable {
    /// `index.html`: one self-contained page with inline SVG charts.
    case html
    /// `report.md`.
    case md
    /// `report.json`.
    case json
    /// One CSV file per report table.
    case csv
}

/// Writes a report's files into `reports/<YYYY-MM>/`, which appears whole when done.
public enum ReportWriter {
    /// Writes `formats` of `report` into the folder `path`, replacing an earlier report there;
    /// returns the files written.
    @discardableResult
    public static func write(
        _ report: MonthlyReport, formats: [ReportFormat], to path: String, modes: FileModes = .ownerOnly
    ) throws
        -> [String]
    {
        let folder = try StagedFolder(path: path, replace: true, modes: modes)
        var written: [String] = []
        func save(_ name: String, _ text: String) throws {
            let sink = try folder.create(name)
            try sink.write(Array(text.utf8))
            try sink.close()
            written.append(name)
        }
        for format in formats {
            switch format {
            case .html: try save("index.html", HTMLRenderer.render(report))
            case .md: try save("report.md", MarkdownRenderer.render(report))
            case .json: try save("report.json", try json(report))
            case .csv:
                for table in report.tables {
                    try save(table.name + ".csv", csv(table.columns, table.rows))
                    if let total = table.total {
                        try save(table.name + "_total.csv", csv(table.columns, [total]))
                    }
                }
            }
        }
        try folder.commit()
        return written
    }

    /// Rows in the COPY CSV dialect: keys as the header, cells in their file form (an empty
    /// cell is none).
    static func csv(_ columns: [ReportTable.Column], _ rows: [[ReportCell]]) -> String {
        var out: [UInt8] = []
        var scratch: [UInt8] = []
        CSVLine.append(columns.map { Value.text($0.key) }, to: &out, scratch: &scratch)
        for row in rows {
            CSVLine.append(row.map { $0.file.map(Value.text) ?? .null }, to: &out, scratch: &scratch)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The report as pretty JSON with sorted keys, so it diffs well.
    public static func json(_ report: MonthlyReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
    }
}
