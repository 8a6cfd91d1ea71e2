import ClinicPipeline

/// The header and table of contents of a `pg_dump -Fc` file, as `pg_backup_archiver.c`'s
/// `ReadHead` and `ReadToc` read them (archive versions 1.12 to 1.16: PostgreSQL 11 to 17).
struct CustomDumpTOC {
    /// One TOC entry, with what reading its data needs.
    struct Entry {
        var dumpId: Int
        var tag: String
        var desc: String
        var namespace: String?
        var copyStatement: String?
        /// Where the data block starts, when pg_dump could seek back to record it.
        var dataOffset: Int?
        var hasData: Bool
    }

    var version: (major: UInt8, minor: UInt8, revision: UInt8)
    /// Whether data blocks are zlib streams (`-Z0` writes them plain).
    var compressed: Bool
    var entries: [Entry]
    /// The offset after the TOC, where data blocks start.
    var dataStart: Int
    var intSize: Int
    var offSize: Int

    static let magic = Array("PGDMP".utf8)

    /// Reads the header and TOC from the start of `reader`.
    init(_ reader: DumpBinaryReader) throws {
        guard try reader.bytes(5) == Self.magic else { throw reader.corrupt("no PGDMP magic") }
        let major = try reader.byte()
        let minor = try reader.byte()
        let revision = try reader.byte()
        version = (major, minor, revision)
        let v = (Int(major), Int(minor))
        guard v.0 == 1, (12...16).contains(v.1) else {
            throw ETLError(
                .badInput,
                "pg_dump archive version \(major).\(minor) is not supported (1.12 to 1.16 are: PostgreSQL 11 to 17)",
                hint: "write a plain dump instead: pg_restore -f dump.sql \(reader.name)"
            ).at(location: reader.name)
        }
        reader.intSize = Int(try reader.byte())
        reader.offSize = Int(try reader.byte())
        guard (1...8).contains(reader.intSize), (1...8).contains(reader.offSize) else {
            throw reader.corrupt("integer size \(reader.intSize), offset size \(reader.offSize)")
        }
        intSize = reader.intSize
        offSize = reader.offSize
        let format = try reader.byte()
        guard format == 1 else {
            throw ETLError(
                .badInput, "this pg_dump archive is not in the custom format (-Fc), format \(format)",
                hint: "write it with pg_dump -Fc, or as a plain dump"
            ).at(location: reader.name)
        }
        if v.1 >= 15 {
            let algorithm = try reader.byte()
            guard algorithm <= 1 else {
                let name = algorithm == 2 ? "lz4" : algorithm == 3 ? "zstd" : "method \(algorithm)"
                throw ETLError(
                    .badInput, "the dump's data is compressed with \(name), which is not supported",
                    hint: "dump again with pg_dump -Fc -Z gzip (or -Z0)"
                ).at(location: reader.name)
            }
            compressed = algorithm == 1
        } else {
            compressed = try reader.int() != 0
        }
        for _ in 0..<7 { _ = try reader.int() }  // creation time
        _ = try reader.string()  // database name
        _ = try reader.string()  // server version
        _ = try reader.string()  // pg_dump version
        let count = try reader.int()
        guard count >= 0 && count < 10_000_000 else { throw reader.corrupt("\(count) TOC entries") }
        entries = []
        for _ in 0..<count {
            let dumpId = try reader.int()
            guard dumpId > 0 else { throw reader.corrupt("TOC entry id \(dumpId)") }
            let hadDumper = try reader.int() != 0
            _ = try reader.string()  // table oid
            _ = try reader.string()  // oid
            let tag = try reader.string() ?? ""
            let desc = try reader.string() ?? ""
            _ = try reader.int()  // section
            _ = try reader.string()  // definition
            _ = try reader.string()  // drop statement
            let copy = try reader.string()
            let namespace = try reader.string()
            _ = try reader.string()  // tablespace
            _ = try reader.string()  // table access method
            if v.1 >= 16 { _ = try reader.int() }  // relkind
            _ = try reader.string()  // owner
            _ = try reader.string()  // "false": WITH OIDS
            while try reader.string() != nil {}  // dependencies
            let (flag, offset) = try reader.offset()
            entries.append(
                Entry(
                    dumpId: dumpId, tag: tag, desc: desc, namespace: namespace, copyStatement: copy,
                    dataOffset: flag == 2 ? offset : nil, hasData: hadDumper && flag != 3))
        }
        dataStart = reader.position
    }
}
