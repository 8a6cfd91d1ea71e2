import ClinicPipeline
import ClinicSchema

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

    public func open(_ table: Table) throws -> any RowWriter {
        FixtureTableWriter(sink: self, codec: FixtureCodec(table: table))
    }

    /// Appends one row as an XML object.
    func writeXML(_ row: Row, table: Table) throws {
        try xml?.write(row, table: table)
    }

    var isXML: Bool { format == .xml }

    /// Appends one row as a JSON object.
    func write(_ row: Row, codec: FixtureCodec) throws {
        if format == .json { buffer.append(contentsOf: Array((objects == 0 ? "\n" : ",\n").utf8)) }
        codec.append(row, to: &buffer)
        if format == .jsonl { buffer.append(UInt8(ascii: "\n")) }
        objects += 1
        if buffer.count >= 1 << 16 { try flush() }
    }

    private func flush() throws {
        try output?.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    public func commit() throws {
        try xml?.finish()
        xml = nil
        if format == .json { buffer.append(contentsOf: Array((objects == 0 ? "]\n" : "\n]\n").utf8)) }
        try flush()
        try output?.close()
        output = nil
        try staged?.commit()
    }

    public func rollback() {
        xml = nil
        output = nil
        staged?.discard()
    }
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
        if sink.isXML {
            try sink.writeXML(row, table: codec.table)
        } else {
            try sink.write(row, codec: codec)
        }
    }

    func finish() throws {}
}
