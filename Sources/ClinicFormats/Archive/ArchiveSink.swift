import ClinicPipeline
import ClinicSchema
import Foundation

/// Writes a backup archive: a `.tar.gz` whose first member is `manifest.json` and then one
/// `data/api_<table>.csv` per table in the COPY CSV dialect, so `tar xzf` opens it without us.
///
/// Tables stream straight into the archive. Every tar member is its own gzip member; a member's
/// header is written first as a stored (uncompressed) placeholder of fixed size and overwritten
/// once the data's size is known, and the manifest likewise, so nothing is held in memory or
/// copied to a temporary file.
public final class ArchiveSink: Sink {
    private let path: String
    private let catalog: Catalog
    private let modes: FileModes
    private var staged: StagedFile?
    private var file: FileSink?
    private var entries: [ArchiveManifest.Entry] = []
    /// Rows set aside per table, told before the table's member is finished.
    private var rejected: [String: (rows: Int, reasons: [String])] = [:]
    private var sourceName = ""

    public var displayName: String { path }

    /// Writes the archive at `path`.
    public init(path: String, catalog: Catalog = .clinic, modes: FileModes = .ownerOnly) {
        self.path = path
        self.modes = modes
        self.catalog = catalog
    }

    public func noteSource(_ displayName: String) {
        sourceName = displayName
    }

    public var copiesSourceLines: Bool { true }

    public func begin(tables: [Table], mode: LoadMode) throws {
        if mode.keepsRows {
            throw ETLError(
                .usage, "an archive cannot be appended or upserted to",
                hint: "write a new archive, or use --force")
        }
        let staged = try StagedFile(path: path, replace: mode == .truncate, modes: modes)
        self.staged = staged
        let file = try staged.create()
        self.file = file
        try file.write(
            GzipMember.stored(
                [UInt8](repeating: 0, count: TarHeader.blockSize + ArchiveManifest.reservedBytes)))
    }

    public func open(_ table: Table) throws -> any RowWriter {
        guard let file else { throw ETLError(.usage, "the sink was not started") }
        let headerAt = file.offset
        try file.write(GzipMember.stored([UInt8](repeating: 0, count: TarHeader.blockSize)))
        let gzip = ParallelGzipSink(file, setting: .archive, closesInner: false)
        let counter = CountingSink(gzip)
        let writer = CSVWriter(counter)
        try writer.writeHeader(table.columnNames)
        let member = "data/\(table.name).csv"
        return ArchiveTableWriter(writer: writer) { [self] rows in
            try writer.flush()
            let size = counter.bytes
            try gzip.write([UInt8](repeating: 0, count: TarHeader.padding(after: size)))
            try gzip.close()
            let header = TarHeader(name: member, size: size).encoded(mtime: Int(Date().timeIntervalSince1970))
            try file.overwrite(GzipMember.stored(header), at: headerAt)
            entries.append(
                ArchiveManifest.Entry(
                    table: table.name, member: member, columns: table.columnNames, rows: rows, bytes: size,
                    sha256: counter.hash.hex(), rejected: rejected[table.name]?.rows,
                    rejectedReasons: rejected[table.name]?.reasons))
        }
    }

    public func noteRejected(_ table: Table, rows: Int, reasons: [String]) {
        rejected[table.name] = (rows, reasons)
    }

    public func commit() throws {
        guard let file, let staged else { return }
        try file.write(GzipMember.stored([UInt8](repeating: 0, count: 2 * TarHeader.blockSize)))
        let manifest = ArchiveManifest(
            schemaFingerprint: catalog.fingerprint,
            createdAt: Value.timestamp(.now()).postgresText ?? "", source: sourceName, tables: entries)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var json = Array(try encoder.encode(manifest))
        guard json.count < ArchiveManifest.reservedBytes else {
            throw ETLError(
                .io, "the manifest is larger than its reserved \(ArchiveManifest.reservedBytes) bytes")
        }
        json +=
            [UInt8](repeating: UInt8(ascii: " "), count: ArchiveManifest.reservedBytes - json.count - 1) + [
                0x0A
            ]
        let header = TarHeader(name: "manifest.json", size: json.count).encoded(
            mtime: Int(Date().timeIntervalSince1970))
        try file.overwrite(GzipMember.stored(header + json), at: 0)
        try file.close()
        self.file = nil
        try staged.commit()
    }

    public func rollback() {
        file = nil
        staged?.discard()
    }
}

/// Counts and hashes what passes through on its way to `inner`.
final class CountingSink: ByteSink {
    private let inner: any ByteSink
    private(set) var bytes = 0
    private(set) var hash = SHA256()

    init(_ inner: any ByteSink) {
        self.inner = inner
    }

    var name: String { inner.name }

    func write(_ data: UnsafeRawBufferPointer) throws {
        hash.update(data)
        bytes += data.count
        try inner.write(data)
    }

    func close() throws {}
}

/// One table's rows into its archive member.
final class ArchiveTableWriter: RowWriter {
    private let writer: CSVWriter
    private let finished: (Int) throws -> Void
    private var rows = 0

    init(writer: CSVWriter, finished: @escaping (Int) throws -> Void) {
        self.writer = writer
        self.finished = finished
    }

    func write(_ row: Row) throws {
        try writer.write(row)
        rows += 1
    }

    func write(_ row: Row, from cursor: any RowCursor) throws {
        try writer.write(row, from: cursor)
        rows += 1
    }

    func finish() throws { try finished(rows) }
}
