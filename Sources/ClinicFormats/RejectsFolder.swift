import ClinicPipeline
import ClinicSchema
import Foundation

/// Rejected rows as a CSV folder.
///
/// It holds one `api_<table>.csv` per table, or one file per source file named as it (a mapping's
/// `patients.csv`), holding the source's header and each rejected record exactly as it was, so it
/// can be fixed by hand and loaded with `copy --append` (with the same `--mapping`); and
/// `_reasons.csv` saying which file, line, column, value and rule each row broke. The folder
/// appears only when the run ends, and only when something was rejected.
public final class RejectsFolder: RejectSink {
    private let path: String
    private let modes: FileModes
    private var folder: StagedFolder?
    /// One file per table and source header: a table mapped from several files gets one each.
    private var files: [[UInt8]: (sink: FileSink, name: String)] = [:]
    private var names: Set<String> = []
    private var reasons: CSVWriter?

    public var displayName: String { path }

    /// Writes rejects to the folder at `path`, replacing an earlier rejects folder there.
    public init(path: String, modes: FileModes = .ownerOnly) {
        self.path = path
        self.modes = modes
    }

    /// The default place: next to a source folder or file (`dump.rejects`), else in the current folder.
    public static func defaultPath(forSource source: String) -> String {
        var base = source
        while base.hasSuffix("/") { base.removeLast() }
        if base.contains("://") || base.isEmpty { return "clinic-etl.rejects" }
        return base + ".rejects"
    }

    public func reject(
        table: Table, file source: String?, header: [UInt8], record: [UInt8], extension: String,
        violations: [Violation]
    ) throws {
        let folder = try folder ?? StagedFolder(path: path, replace: true, modes: modes)
        self.folder = folder
        let stem = source.map { ($0 as NSString).lastPathComponent } ?? table.name + "." + `extension`
        let key = Array(table.name.utf8) + [0] + Array(stem.utf8) + [0] + header
        if files[key] == nil {
            var name = stem
            var n = 1
            while names.contains(name) || name == "_reasons.csv" {
                n += 1
                let dot = stem.firstIndex(of: ".") ?? stem.endIndex
                name = "\(stem[..<dot])-\(n)\(stem[dot...])"
            }
            names.insert(name)
            let file = try folder.create(name)
            try file.write(header)
            files[key] = (file, name)
        }
        guard let (file, name) = files[key] else { return }
        try file.write(record)
        if reasons == nil {
            let writer = CSVWriter(try folder.create("_reasons.csv"))
            try writer.writeHeader([
                "file", "table", "line", "pk", "column", "value", "rule", "severity", "message",
            ])
            reasons = writer
        }
        for v in violations {
            try reasons?.write([
                .text(name), .text(v.table), v.line.map { .integer(Int64($0)) } ?? .null,
                v.pk.map { .text($0) } ?? .null,
                v.column.map { .text($0) } ?? .null, v.value.map { .text($0) } ?? .null,
                .text(v.rule.rawValue),
                .text(v.severity.rawValue), .text(v.message),
            ])
        }
    }

    public func commit() throws -> Bool {
        guard let folder else { return false }
        for file in files.values { try file.sink.close() }
        try reasons?.close()
        try folder.commit()
        return true
    }

    public func discard() {
        folder?.discard()
        folder = nil
    }
}
