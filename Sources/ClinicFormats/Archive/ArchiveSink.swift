import ClinicPipeline
import ClinicSchema
import Foundation

/// Writes a backup archive: a `.tar.gz` whose first member is `manifest.json` and then one
/// `data/api_<table>.csv` per table in the COPY CSV dialect, so `tar xzf` opens it without us.
///
/// Tables stream straight into the archive, one gzip member for the whole file. A tar member's
/// header is written first as a stored (uncompressed) placeholder of fixed size and overwritten
/// once the data's size is known, and the manifest likewise, so nothing is held in memory or
/// copied to a temporary file. Members are 0600 and the `data/` folder 0700, so `tar xzf` makes
/// owner-only files whatever the umask.
public final class ArchiveSink: Sink {
    private let path: String
    private let catalog: Catalog
    private let modes: FileModes
    private let encryption: AgeEncryption?
    private var staged: StagedFile?
    private var file: (any PatchableSink)?
    private var gzip: PatchableGzipStream?
    private var manifestSlot: PatchableGzipStream.Placeholder?
    private var entries: [ArchiveManifest.Entry] = []
    /// Rows set aside per table, told before the table's member is finished.
    private var rejected: [String: (rows: Int, reasons: [String])] = [:]
    private var sourceName = ""

    public var displayName: String { path }

    /// Writes the archive at `path`, age-encrypted when `encryption` is given.
    public init(
        path: String, catalog: Catalog = .clinic, modes: FileModes = .ownerOnly,
        encryption: AgeEncryption? = nil
    ) {
        self.path = path
        self.encryption = encryption
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
        let plain = try staged.create()
        let file: any PatchableSink =
            if let encryption {
                try AgeSpooledSink(
                    plain, encryption: encryption, spoolPath: stagingPath(for: path + ".spool"), modes: modes)
            } else {
                plain
            }
        self.file = file
        let gzip = try PatchableGzipStream(file)
        self.gzip = gzip
        manifestSlot = try gzip.placeholder(TarHeader.blockSize + ArchiveManifest.reservedBytes)
        try gzip.stored(
            TarHeader(name: "data/", size: 0, typeFlag: TarHeader.directory, mode: 0o700).encoded(mtime: now))
    }

    private var now: Int { Int(Date().timeIntervalSince1970) }

    public func open(_ table: Table) throws -> any RowWriter {
        guard let gzip else { throw ETLError(.usage, "the sink was not started") }
        let headerSlot = try gzip.placeholder(TarHeader.blockSize)
        let segment = gzip.segment()
        let counter = CountingSink(segment)
        let writer = CSVWriter(counter)
        try writer.writeHeader(table.columnNames)
        let member = "data/\(table.name).csv"
        return ArchiveTableWriter(writer: writer) { [self] rows in
            try writer.flush()
            let size = counter.bytes
            try segment.write([UInt8](repeating: 0, count: TarHeader.padding(after: size)))
            try segment.close()
            gzip.endSegment(segment)
            try gzip.patch(headerSlot, with: TarHeader(name: member, size: size).encoded(mtime: now))
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
        guard let file, let staged, let gzip, let manifestSlot else { return }
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
        let header = TarHeader(name: "manifest.json", size: json.count).encoded(mtime: now)
        try gzip.patch(manifestSlot, with: header + json)
        try gzip.finish(with: [UInt8](repeating: 0, count: 2 * TarHeader.blockSize))
        try file.close()
        self.file = nil
        try staged.commit()
    }

    public func rollback() {
        file = nil
        gzip = nil
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
