import ClinicPipeline
import ClinicSchema
import Foundation

/// Reads a backup archive.
///
/// Before any table is handed out, the whole archive is checked against
/// its manifest (every member present once, sizes, SHA-256, row counts, the schema fingerprint),
/// so a damaged backup is refused before anything reaches the target.
public final class ArchiveSource: Source {
    private let path: String
    private let catalog: Catalog
    private let now: Timestamp
    private let zone: WallClockZone?
    private let decryption: AgeDecryption?
    private var manifest: ArchiveManifest?
    private var stream: TarStream?
    /// The file verified and loaded, opened once for the whole run.
    private var file: PinnedFile?
    private var position = -1

    public var displayName: String { path }

    /// Reads the archive at `path`, decrypting it with `decryption` when it is age-encrypted.
    ///
    /// Datetimes without an offset are read in `zone` (UTC without one); clinic-etl writes none.
    public init(
        path: String, catalog: Catalog = .clinic, now: Timestamp, zone: WallClockZone? = nil,
        decryption: AgeDecryption? = nil
    ) {
        self.zone = zone
        self.path = path
        self.decryption = decryption
        self.catalog = catalog
        self.now = now
    }

    public func availableTables() throws -> Set<String> {
        Set(try verified().tables.map(\.table))
    }

    /// The manifest, once every member has been checked against it.
    public func verified() throws -> ArchiveManifest {
        if let manifest { return manifest }
        let (stream, manifest) = try openStream()
        try checkSchema(manifest)
        var expected = Dictionary(uniqueKeysWithValues: manifest.tables.map { ($0.member, $0) })
        var seen: Set<String> = []
        let order = Dictionary(uniqueKeysWithValues: manifest.tables.enumerated().map { ($1.member, $0) })
        var last: (index: Int, member: String)?
        while let header = try stream.next() {
            guard let entry = expected[header.name] else {
                let problem = seen.contains(header.name) ? "appears twice" : "is not in the manifest"
                throw ETLError(.badInput, "the member \(header.name) \(problem)").at(location: path)
            }
            if let index = order[header.name], let last, index < last.index {
                throw ETLError(
                    .badInput,
                    "the member \(header.name) is out of order: it comes after \(last.member) in the archive, but before it in the manifest",
                    hint: "the archive was rearranged; restore from the file clinic-etl wrote"
                )
                .at(location: path)
            }
            last = (order[header.name] ?? 0, header.name)
            guard header.size == entry.bytes else {
                throw ETLError(
                    .badInput, "\(header.name) is \(header.size) bytes; the manifest says \(entry.bytes)"
                )
                .at(location: path)
            }
            let hashing = HashingSource(TarMemberSource(stream, name: "\(path):\(header.name)"))
            let records = try countRecords(hashing, entry: entry)
            guard hashing.hash.hex() == entry.sha256 else { throw damaged(entry) }
            guard records - 1 == entry.rows else {
                throw ETLError(
                    .badInput, "\(header.name) has \(records - 1) rows; the manifest says \(entry.rows)"
                )
                .at(location: path)
            }
            expected[header.name] = nil
            seen.insert(header.name)
        }
        if let missing = expected.keys.sorted().first {
            throw ETLError(.badInput, "the member \(missing) listed in the manifest is missing").at(
                location: path)
        }
        self.manifest = manifest
        return manifest
    }

    /// The CSV records of a member.
    ///
    /// Damage can break the CSV before the hash is known, so a
    /// CSV error reads the member to its end: if the hash differs, the archive is damaged, and
    /// saying so names the real problem.
    private func countRecords(_ hashing: HashingSource, entry: ArchiveManifest.Entry) throws -> Int {
        let reader = CSVReader(hashing)
        var records = 0
        do {
            while try reader.nextRecord() { records += 1 }
        } catch let csvError {
            var scratch = [UInt8](repeating: 0, count: 1 << 16)
            while try scratch.withUnsafeMutableBytes({ try hashing.read(into: $0) }) > 0 {}
            if hashing.hash.hex() != entry.sha256 { throw damaged(entry) }
            throw csvError
        }
        return records
    }

    private func damaged(_ entry: ArchiveManifest.Entry) -> ETLError {
        ETLError(
            .badInput, "the archive is damaged: \(entry.member) does not match its SHA-256 in the manifest",
            hint: "use a good copy of the backup"
        )
        .at(location: path)
    }

    /// A stream positioned after the manifest, and the manifest.
    private func openStream() throws -> (TarStream, ArchiveManifest) {
        let file = try self.file ?? PinnedFile(path: path)
        self.file = file
        var input = file.reader()
        if let decryption { input = try decryption.reader(input) }
        let stream = TarStream(try GzipSource(input), archive: path)
        guard let first = try stream.next(), first.name == "manifest.json", first.size <= 1 << 20 else {
            throw ETLError(.badInput, "not a clinic-etl archive: the first member is not manifest.json").at(
                location: path)
        }
        var bytes = [UInt8](repeating: 0, count: first.size)
        var filled = 0
        while filled < bytes.count {
            let n = try bytes.withUnsafeMutableBytes {
                try stream.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[filled...]))
            }
            filled += n
        }
        do {
            let manifest = try JSONDecoder().decode(ArchiveManifest.self, from: Data(bytes))
            guard manifest.format == "clinic-etl-archive", manifest.version == 1 else {
                throw ETLError(
                    .badInput, "unsupported archive format \(manifest.format) version \(manifest.version)")
            }
            return (stream, manifest)
        } catch let error as ETLError {
            throw error.at(location: path)
        } catch {
            throw ETLError(.badInput, "the manifest is not valid: \(error)").at(location: path)
        }
    }

    /// Reports how the archive's tables differ from ours when the fingerprints differ.
    private func checkSchema(_ manifest: ArchiveManifest) throws {
        guard manifest.schemaFingerprint != catalog.fingerprint else { return }
        var differences: [String] = []
        for entry in manifest.tables {
            guard let table = catalog.table(named: entry.table) else {
                differences.append("\(entry.table) is not a table of this schema")
                continue
            }
            let extra = entry.columns.filter { table.column($0) == nil }
            let missing = table.columnNames.filter {
                !entry.columns.contains($0) && ($0 == "id" || table.column($0)?.isRequired == true)
            }
            if !extra.isEmpty {
                differences.append("\(entry.table) has unknown columns \(extra.joined(separator: ", "))")
            }
            if !missing.isEmpty {
                differences.append("\(entry.table) lacks \(missing.joined(separator: ", "))")
            }
        }
        guard differences.isEmpty else {
            throw ETLError(
                .badInput,
                "the archive was written with another schema: " + differences.joined(separator: "; "),
                hint: "restore it with the clinic-etl version that wrote it"
            ).at(location: path)
        }
    }

    public var incompleteness: [String] { (try? verified())?.incompleteness ?? [] }

    /// The archive keeps the columns of the database it was taken from in that database's order.
    public func columnOrder(of table: Table) -> [String]? {
        (try? verified())?.tables.first { $0.table == table.name }?.columns
    }

    public func open(_ table: Table) throws -> any RowCursor {
        let manifest = try verified()
        guard let index = manifest.tables.firstIndex(where: { $0.table == table.name }) else {
            throw ETLError(.usage, "the archive has no \(table.name)").at(location: path)
        }
        // Tables are read in archive order; asking for an earlier one starts over.
        if stream == nil || index <= position {
            stream = try openStream().0
            position = -1
        }
        guard let stream else { throw ETLError(.io, "cannot read the archive").at(location: path) }
        let member = manifest.tables[index].member
        while let header = try stream.next() {
            position += 1
            if header.name == member {
                position = index
                guard let file else { throw ETLError(.io, "cannot read the archive").at(location: path) }
                try file.checkUnchanged()
                let reader = CSVReader(
                    TarMemberSource(stream, name: "\(path):\(member)", atEnd: file.checkUnchanged))
                return try CSVRowCursor(readingHeaderOf: reader, table: table, now: now, zone: zone)
            }
        }
        throw ETLError(.badInput, "the member \(member) listed in the manifest is missing").at(location: path)
    }

    /// The file stays open: a later `open` must read the one that was verified.
    public func close() {
        stream = nil
    }
}
