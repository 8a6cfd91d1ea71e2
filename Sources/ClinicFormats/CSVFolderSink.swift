import ClinicPipeline
import ClinicSchema

/// Writes one `api_<table>.csv` (or `.csv.gz`) per table into a folder that appears whole at commit.
public final class CSVFolderSink: Sink {
    private let path: String
    private let compress: Bool
    private let modes: FileModes
    private var folder: StagedFolder?

    public var displayName: String { path }

    /// Writes the folder at `path`, gzip-compressing each file when `compress` is set.
    public init(path: String, compress: Bool, modes: FileModes = .ownerOnly) {
        self.path = path
        self.compress = compress
        self.modes = modes
    }

    public var copiesSourceLines: Bool { true }

    public func begin(tables: [Table], mode: LoadMode) throws {
        if mode.keepsRows {
            throw ETLError(
                .usage, "a CSV folder cannot be appended or upserted to",
                hint: "write a new folder, or use --force to replace this one")
        }
        folder = try StagedFolder(path: path, replace: mode == .truncate, modes: modes)
    }

    public func open(_ table: Table) throws -> any RowWriter {
        guard let folder else { throw ETLError(.usage, "the sink was not started") }
        let name = table.name + (compress ? ".csv.gz" : ".csv")
        var bytes: any ByteSink = try folder.create(name)
        if compress { bytes = ParallelGzipSink(bytes) }
        let writer = CSVWriter(bytes)
        try writer.writeHeader(table.columnNames)
        return CSVTableWriter(writer)
    }

    public func commit() throws {
        try folder?.commit()
    }

    public func rollback() {
        folder?.discard()
    }
}

/// A table's rows into a CSV writer.
final class CSVTableWriter: RowWriter {
    private let writer: CSVWriter

    init(_ writer: CSVWriter) {
        self.writer = writer
    }

    func write(_ row: Row) throws { try writer.write(row) }

    func write(_ row: Row, from cursor: any RowCursor) throws { try writer.write(row, from: cursor) }

    func finish() throws { try writer.close() }
}
