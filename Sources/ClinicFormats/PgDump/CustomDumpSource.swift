import CZlib
import ClinicPipeline
import ClinicSchema

/// A custom-format `pg_dump -Fc` file (`.dump`, `.backup`) read with no server: the TOC names
/// each table's data block, and the TABLE DATA of the catalog's tables in `public` streams
/// through as CSV, inflated when the dump is compressed (`-Z0` dumps are read as they are).
public final class CustomDumpSource: Source {
    private let path: String
    private let catalog: Catalog
    private let now: Timestamp
    private let zone: WallClockZone?
    private var toc: CustomDumpTOC?

    public var displayName: String { path }

    /// Reads the dump at `path`.
    public init(path: String, catalog: Catalog = .clinic, now: Timestamp, zone: WallClockZone? = nil) {
        self.path = path
        self.catalog = catalog
        self.now = now
        self.zone = zone
    }

    private func contents() throws -> CustomDumpTOC {
        if let toc { return toc }
        let read = try CustomDumpTOC(DumpBinaryReader(FileSource(path: path)))
        toc = read
        return read
    }

    /// The TABLE DATA entries of catalog tables, by table name.
    private func tableData() throws -> [String: CustomDumpTOC.Entry] {
        var found: [String: CustomDumpTOC.Entry] = [:]
        for entry in try contents().entries where entry.desc == "TABLE DATA" && entry.hasData {
            guard entry.namespace == nil || entry.namespace == "public",
                let table = catalog.table(named: entry.tag), table.name == entry.tag
            else { continue }
            found[table.name] = entry
        }
        return found
    }

    public func availableTables() throws -> Set<String> { Set(try tableData().keys) }

    public func open(_ table: Table) throws -> any RowCursor {
        let toc = try contents()
        guard let entry = try tableData()[table.name] else {
            throw ETLError(.usage, "the dump has no data for \(table.name)").at(location: path)
        }
        guard
            let statement = entry.copyStatement.flatMap({ CopyStatement(Array($0.utf8).prefix { $0 != 10 }) })
        else {
            throw ETLError(.badInput, "the dump's entry for \(table.name) has no COPY statement").at(
                location: path)
        }
        let start = entry.dataOffset ?? toc.dataStart
        let reader = DumpBinaryReader(try FileSource(path: path, offset: start), at: start)
        reader.intSize = toc.intSize
        reader.offSize = toc.offSize
        // Without recorded offsets (a dump written to a pipe), blocks are passed over in order.
        while true {
            let type = try reader.byte()
            let id = try reader.int()
            if id == entry.dumpId {
                guard type == 1 else { throw reader.corrupt("block \(id) is not table data") }
                break
            }
            guard entry.dataOffset == nil else {
                throw reader.corrupt("found block \(id) where the TOC puts \(table.name)'s (\(entry.dumpId))")
            }
            guard type == 1 || type == 3 else { throw reader.corrupt("unknown block type \(type)") }
            try DumpDataBlock.skip(reader, blobs: type == 3)
        }
        let data = try DumpDataBlock(reader, compressed: toc.compressed, name: "\(path) (\(table.name))")
        let csv = CopyTextSource(LineReader(data), columns: statement.columns, name: data.name)
        return try CSVRowCursor(readingHeaderOf: CSVReader(csv), table: table, now: now, zone: zone)
    }

    public func close() {}
}

/// One data block's chunks (a length, then that many bytes, until a length of 0) as a byte
/// stream, inflated when the dump is compressed.
final class DumpDataBlock: ByteSource {
    let name: String
    private let reader: DumpBinaryReader
    private let z: ZStream?
    private var chunkLeft = 0
    private var ended = false
    private let input = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 1)
    private var streamEnded = false

    init(_ reader: DumpBinaryReader, compressed: Bool, name: String) throws {
        self.reader = reader
        self.name = name
        z = compressed ? try ZStream(deflateLevel: nil) : nil
    }

    deinit { input.deallocate() }

    /// Passes over a block's chunks (for large objects, each after its OID, until OID 0).
    static func skip(_ reader: DumpBinaryReader, blobs: Bool) throws {
        repeat {
            if blobs, try reader.int() == 0 { return }
            while true {
                let length = try reader.int()
                guard length >= 0 else { throw reader.corrupt("a chunk of \(length) bytes") }
                if length == 0 { break }
                for _ in 0..<length { _ = try reader.byte() }
            }
        } while blobs
    }

    /// Raw bytes of the chunks; 0 at the block's end.
    private func raw(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while chunkLeft == 0 {
            guard !ended else { return 0 }
            let length = try reader.int()
            guard length >= 0 else { throw reader.corrupt("a chunk of \(length) bytes") }
            if length == 0 {
                ended = true
                return 0
            }
            chunkLeft = length
        }
        let n = try reader.read(into: buffer, max: chunkLeft)
        chunkLeft -= n
        return n
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let z else { return try raw(into: buffer) }
        let s = z.stream
        s.pointee.next_out = buffer.baseAddress?.assumingMemoryBound(to: Bytef.self)
        s.pointee.avail_out = uInt(buffer.count)
        while s.pointee.avail_out == uInt(buffer.count) && !streamEnded {
            if s.pointee.avail_in == 0 {
                let n = try raw(into: input)
                guard n > 0 else {
                    throw ETLError(.badInput, "the dump's compressed data for this table is cut short").at(
                        location: name)
                }
                s.pointee.next_in = input.baseAddress?.assumingMemoryBound(to: Bytef.self)
                s.pointee.avail_in = uInt(n)
            }
            let status = inflate(s, Z_NO_FLUSH)
            switch status {
            case Z_OK, Z_BUF_ERROR: break
            case Z_STREAM_END: streamEnded = true
            default:
                throw ETLError(.badInput, "the dump's compressed data is damaged: \(z.message)").at(
                    location: name)
            }
        }
        return buffer.count - Int(s.pointee.avail_out)
    }
}
