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

/// Writes a report's files into `reports/<YYYY-MM>/`.
///
/// A new month's folder appears whole when done. In an existing one only the report's own files
/// are replaced (each whole), and only its own old files removed: what the owner saved there
/// (notes, the printed PDF) stays. A non-empty folder holding none of the report's files is
/// someone else's, and is written into only with `force`.
public enum ReportWriter {
    /// Writes `formats` of `report` into the folder `path`, replacing an earlier report there;
    /// returns the files written.
    @discardableResult
    public static func write(
        _ report: MonthlyReport, formats: [ReportFormat], to path: String, modes: FileModes = .ownerOnly,
        force: Bool = false
    ) throws
        -> [String]
    {
        let files = try render(report, formats: formats)
        let target = TargetPath.resolvingLinks(path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory) else {
            let folder = try StagedFolder(path: path, replace: false, modes: modes)
            for (name, text) in files {
                let sink = try folder.create(name)
                try sink.write(Array(text.utf8))
                try sink.close()
            }
            try folder.commit()
            return files.map(\.name)
        }
        guard isDirectory.boolValue else {
            throw ETLError(.usage, "exists and is not a folder", hint: "choose another --out").at(
                location: path)
        }
        let present = try FileManager.default.contentsOfDirectory(atPath: target).filter {
            !$0.hasPrefix(".")
        }
        let ours = present.filter(isOwnFile)
        if ours.isEmpty && !present.isEmpty && !force {
            throw ETLError(
                .targetNotEmpty,
                "the folder holds files the report did not write: \(present.sorted().prefix(5).joined(separator: ", "))",
                hint: "choose another --out, or pass --force to write the report into it (its files are kept)"
            ).at(location: path)
        }
        // Every file is written before any is renamed into place, so a failure leaves the old report.
        var staged: [StagedFile] = []
        for (name, text) in files {
            let file = try StagedFile(
                path: (target as NSString).appendingPathComponent(name), replace: true, modes: modes)
            let sink = try file.create()
            try sink.write(Array(text.utf8))
            try sink.close()
            staged.append(file)
        }
        for file in staged { try file.commit() }
        let written = Set(files.map(\.name))
        for name in ours where !written.contains(name) {
            try? FileManager.default.removeItem(atPath: (target as NSString).appendingPathComponent(name))
        }
        return files.map(\.name)
    }

    /// The report's tables that have a CSV file: a file of one of these names is the report's own.
    /// (`ReportFolderTests` checks that every table of a full report is here.)
    static let csvTables: Set<String> = [
        "at_a_glance", "trend", "billing_summary", "billing_reconciliation", "billing_daily",
        "billing_by_service", "billing_by_dentist", "outstanding_patients", "ar_aging",
        "appointments_by_status", "appointment_rates", "appointment_figures", "appointments_by_dentist",
        "appointments_by_service", "appointments_heatmap", "open_requests", "inventory_categories",
        "low_stock", "low_stock_by_supplier", "out_of_stock", "stale_items",
    ]

    /// Whether the report writes files of this name (so an earlier run's file may be replaced or removed).
    static func isOwnFile(_ name: String) -> Bool {
        if ["index.html", "report.md", "report.json"].contains(name) { return true }
        guard name.hasSuffix(".csv") else { return false }
        let base = String(name.dropLast(4))
        return csvTables.contains(base)
            || (base.hasSuffix("_total") && csvTables.contains(String(base.dropLast(6))))
    }

    /// The files of `formats`, named, in writing order.
    private static func render(_ report: MonthlyReport, formats: [ReportFormat]) throws -> [(
        name: String, text: String
    )] {
        var files: [(name: String, text: String)] = []
        for format in formats {
            switch format {
            case .html: files.append(("index.html", HTMLRenderer.render(report)))
            case .md: files.append(("report.md", MarkdownRenderer.render(report)))
            case .json: files.append(("report.json", try json(report)))
            case .csv:
                for table in report.tables {
                    files.append((table.name + ".csv", csv(table.columns, table.rows)))
                    if let total = table.total {
                        files.append((table.name + "_total.csv", csv(table.columns, [total])))
                    }
                }
            }
        }
        return files
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
