import ClinicPipeline
import ClinicSchema
import Foundation

/// Writes a Django fixture (`.json` array or `.jsonl` lines, optionally gzipped) that `manage.py
/// loaddata` reads, one object at a time; the file appears at its path only when complete.
public final class FixtureSink: Sink {
    private let path: String
    private let format: FixtureFormat
    private let gzip: Bool
    private let modes: FileModes
    private let encryption: AgeEncryption?
    private var staged: StagedFile?
    private var output: (any ByteSink)?
    private var xml: XMLObjectWriter?
    private var buffer: [UInt8] = []
    private var objects = 0
    /// The link tables of the load, whose rows become lists in their owners' objects.
    private var linkTables: [Table] = []
    /// Owners' rows, kept in a file of their own until the lists they carry are known (link tables
    /// load after the tables they link), then written at the end.
    private var spools: [(table: Table, path: String, writer: CSVWriter)] = []
    /// Per link table, each owner's linked ids.
    private var lists: [String: [Int64: [Int64]]] = [:]

    public var displayName: String { path }

    /// Writes the fixture at `path`, age-encrypted when `encryption` is given.
    public init(
        path: String, format: FixtureFormat, gzip: Bool, modes: FileModes = .ownerOnly,
        encryption: AgeEncryption? = nil
    ) {
        self.path = path
        self.encryption = encryption
        self.modes = modes
        self.format = format
        self.gzip = gzip
    }

    public func begin(tables: [Table], mode: LoadMode) throws {
        if mode.keepsRows {
            throw ETLError(
                .usage, "a fixture file cannot be appended or upserted to",
                hint: "write a new file, or use --force")
        }
        linkTables = tables.filter { $0.link != nil }
        let staged = try StagedFile(path: path, replace: mode == .truncate, modes: modes)
        self.staged = staged
        var sink: any ByteSink = try staged.create()
        if let encryption { sink = try encryption.writer(sink) }
        if gzip { sink = ParallelGzipSink(sink) }
        output = sink
        if format == .json { buffer.append(UInt8(ascii: "[")) }
        if format == .xml {
            let writer = XMLObjectWriter(writer: try XMLWriter(sink))
            try writer.begin()
            xml = writer
        }
    }

    /// A fixture holds models, and link tables as their owners' lists; the migration history is
    /// no model.
    public func carries(_ table: Table) -> Bool { table.modelLabel != nil || table.link != nil }

    public func open(_ table: Table) throws -> any RowWriter {
        if table.link != nil { return try LinkListWriter(sink: self, table: table) }
        guard linkTables.contains(where: { $0.link?.owner == table.name }) else {
            return FixtureTableWriter(sink: self, codec: FixtureCodec(table: table))
        }
        let spool = stagingPath(for: path + "." + table.name)
        let writer = CSVWriter(try FileSink(path: spool, modes: .ownerOnly))
        try writer.writeHeader(table.columnNames)
        spools.append((table, spool, writer))
        return CSVTableWriter(writer)
    }

    /// Records one link row: `target` joins `owner`'s list in `table`.
    func link(_ table: Table, owner: Int64, target: Int64) {
        lists[table.name, default: [:]][owner, default: []].append(target)
    }

    /// Writes the spooled owners' objects with their lists, and removes the spools.
    private func writeSpooled() throws {
        for spool in spools {
            let table = spool.table
            let links = linkTables.filter { $0.link?.owner == table.name }
            let key = table.primaryKey.flatMap { table.index(of: $0.name) }
            let codec = FixtureCodec(table: table)
            let cursor = try CSVRowCursor(
                readingHeaderOf: CSVReader(FileSource(path: spool.path)), table: table, now: .now())
            while let row = try cursor.next() {
                guard let key, case .integer(let id) = row.values[key] else {
                    throw ETLError(.io, "a spooled \(table.name) row lost its id").at(location: spool.path)
                }
                let carried = links.compactMap { link in
                    link.link.map { FixtureCodec.List(link: $0, ids: lists[link.name]?[id] ?? []) }
                }
                if isXML {
                    try xml?.write(row.values, table: table, lists: carried)
                } else {
                    try write(row.values, codec: codec, lists: carried)
                }
            }
            try? FileManager.default.removeItem(atPath: spool.path)
        }
        spools = []
    }

    private func removeSpools() {
        for spool in spools { try? FileManager.default.removeItem(atPath: spool.path) }
        spools = []
    }

    /// Appends one row as an XML object.
    func writeXML(_ row: Row, table: Table) throws {
        try xml?.write(row, table: table)
    }

    var isXML: Bool { format == .xml }

    /// Appends one row as a JSON object.
    func write(_ row: Row, codec: FixtureCodec, lists: [FixtureCodec.List] = []) throws {
        if format == .json { buffer.append(contentsOf: Array((objects == 0 ? "\n" : ",\n").utf8)) }
        codec.append(row, lists: lists, to: &buffer)
        if format == .jsonl { buffer.append(UInt8(ascii: "\n")) }
        objects += 1
        if buffer.count >= 1 << 16 { try flush() }
    }

    private func flush() throws {
        try output?.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    public func commit() throws {
        try writeSpooled()
        try xml?.finish()
        xml = nil
        if format == .json { buffer.append(contentsOf: Array((objects == 0 ? "]\n" : "\n]\n").utf8)) }
        try flush()
        try output?.close()
        output = nil
        try staged?.commit()
    }

    public func rollback() {
        removeSpools()
        xml = nil
        output = nil
        staged?.discard()
    }
}

/// A link table's rows, collected into their owners' lists.
final class LinkListWriter: RowWriter {
    private let sink: FixtureSink
    private let table: Table
    private let owner: Int
    private let target: Int

    init(sink: FixtureSink, table: Table) throws {
        guard let positions = table.linkPositions else {
            throw ETLError(.usage, "\(table.name) is not a link table")
        }
        self.sink = sink
        self.table = table
        owner = positions.owner
        target = positions.target
    }

    func write(_ row: Row) throws {
        // Validation has refused NULL keys (NOT NULL) before rows reach the sink.
        guard case .integer(let o) = row[owner], case .integer(let t) = row[target] else { return }
        sink.link(table, owner: o, target: t)
    }

    func finish() throws {}
}

/// One table's rows as fixture objects.
final class FixtureTableWriter: RowWriter {
    private let sink: FixtureSink
    private let codec: FixtureCodec

    init(sink: FixtureSink, codec: FixtureCodec) {
        self.sink = sink
        self.codec = codec
    }

    func write(_ row: Row) throws {
        try FixtureCarry.check(row, table: codec.table)
        if sink.isXML {
            try sink.writeXML(row, table: codec.table)
        } else {
            try sink.write(row, codec: codec)
        }
    }

    func finish() throws {}
}
