import ClinicPipeline
import ClinicSchema
import Foundation

/// A plain-format `pg_dump` or `pg_dumpall` file (`.sql`, or gzipped `.sql.gz`; Supabase's
/// backups are these) read with no server: the `COPY public.api_… FROM stdin;` blocks of the
/// catalog's tables stream through as CSV; every other statement is skipped.
public final class PlainDumpSource: Source {
    private let path: String
    private let gzip: Bool
    private let catalog: Catalog
    private let now: Timestamp
    private let zone: WallClockZone?
    /// Each table's COPY statement and the line it is on.
    private var statements: [String: (copy: CopyStatement, line: Int)]?

    public var displayName: String { path }

    /// Reads the dump at `path`, gunzipping it as it is read when `gzip`.
    public init(
        path: String, gzip: Bool, catalog: Catalog = .clinic, now: Timestamp, zone: WallClockZone? = nil
    ) {
        self.path = path
        self.gzip = gzip
        self.catalog = catalog
        self.now = now
        self.zone = zone
    }

    private func lines() throws -> LineReader {
        var bytes: any ByteSource = try FileSource(path: path)
        if gzip { bytes = try GzipSource(bytes) }
        return LineReader(bytes)
    }

    /// One pass over the dump that finds each table's COPY block, skipping the data.
    private func copyStatements() throws -> [String: (copy: CopyStatement, line: Int)] {
        if let statements { return statements }
        var found: [String: (copy: CopyStatement, line: Int)] = [:]
        let reader = try lines()
        while let line = try reader.next() {
            guard line.starts(with: Array("COPY ".utf8)), let copy = CopyStatement(line) else { continue }
            let at = reader.lineNumber
            // Skip the data up to its `\.`.
            while let data = try reader.next(), !(data.count == 2 && data.first == UInt8(ascii: "\\")) {}
            guard copy.schema == nil || copy.schema == "public", let table = catalog.table(named: copy.table),
                table.name == copy.table
            else { continue }
            if let earlier = found[table.name] {
                throw ETLError(
                    .badInput,
                    "\(table.name) has data twice, on lines \(earlier.line) and \(at) (a pg_dumpall of several databases?)",
                    hint: "dump the clinic's database alone with pg_dump"
                ).at(location: path)
            }
            found[table.name] = (copy, at)
        }
        statements = found
        return found
    }

    public func availableTables() throws -> Set<String> { Set(try copyStatements().keys) }

    public func open(_ table: Table) throws -> any RowCursor {
        guard let (copy, line) = try copyStatements()[table.name] else {
            throw ETLError(.usage, "the dump has no data for \(table.name)").at(location: path)
        }
        let reader = try lines()
        while reader.lineNumber < line {
            guard try reader.next() != nil else {
                throw ETLError(.badInput, "the dump changed while it was read").at(location: path)
            }
        }
        let csv = CopyTextSource(
            reader, columns: copy.columns, name: "\(path) (COPY \(table.name), line \(line))")
        return try CSVRowCursor(readingHeaderOf: CSVReader(csv), table: table, now: now, zone: zone)
    }

    public func close() {}
}
