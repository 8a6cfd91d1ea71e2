import ClinicFormats
import ClinicPipeline
import ClinicSchema
import Foundation

/// A place data can live, named the way users name it: a URL or a path.
public enum Location: Sendable, CustomStringConvertible {
    /// A PostgreSQL database.
    case postgres(PostgresURL)
    /// An SQLite database file.
    case sqlite(path: String)
    /// A folder of `api_<table>.csv[.gz]` files.
    case csvFolder(path: String)
    /// A Django fixture file.
    case fixture(path: String, format: FixtureFormat, gzip: Bool)
    /// A backup archive (`.tar.gz`).
    case archive(path: String)
    /// A `pg_dump` file, plain or custom format, read with no server.
    case pgDump(path: String, kind: PgDumpFile)
    /// An age-encrypted fixture or archive (`clinic.tar.gz.age`, `fixture.json.age`): the inner
    /// location names the same file, and says what the decrypted bytes are.
    indirect case encrypted(Location)

    /// Recognises `postgres[ql]://…` and libpq's `host=… dbname=…` strings, `sqlite:///relative` /
    /// `sqlite:////absolute` (as dj-database-url reads them), `*.sqlite3` / `*.sqlite` / `*.db` files,
    /// fixtures, archives and dumps by name, and otherwise a CSV folder; any other URL scheme, an
    /// unknown extension or an existing file of no known format is refused (see `LocationForms`).
    ///
    /// A location written as `$NAME` (unexpanded, e.g. from a config file or in single quotes) is
    /// read from that environment variable, so `'$DATABASE_URL'` works as the app's settings do.
    public init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        if text.hasPrefix("$"), text.count > 1 {
            let name = String(text.dropFirst())
            guard let value = environment[name], !value.isEmpty else {
                throw ETLError(
                    .usage, "\(text) is not set", hint: "export \(name) or give the location itself")
            }
            try self.init(value, environment: [:])
            return
        }
        let lower = text.lowercased()
        if lower.hasSuffix(".age") {
            self = try Self.encrypted(text, plain: try Location(String(text.dropLast(4)), environment: [:]))
        } else if lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") {
            self = .postgres(try PostgresURL(text))
        } else if lower.hasPrefix("sqlite://") {
            let rest = text.dropFirst("sqlite://".count)
            guard rest.hasPrefix("/"), rest.count > 1 else {
                throw ETLError(.usage, "an SQLite URL is sqlite:///relative/path or sqlite:////absolute/path")
            }
            self = .sqlite(path: String(rest.dropFirst()))
        } else if let scheme = LocationText.scheme(of: text) {
            throw LocationText.unknownScheme(scheme)
        } else if PostgresURL.looksLikeConninfo(text) {
            self = .postgres(try PostgresURL(conninfo: text))
        } else if let kind = FileKind.unsupported(byExtensionOf: text) {
            guard FileManager.default.fileExists(atPath: text) else {
                throw ETLError(
                    .usage,
                    "\((text as NSString).lastPathComponent): clinic-etl does not write \(kind) files",
                    hint: LocationForms.hint)
            }
            throw FileKind.unsupportedError(kind, path: text)
        } else if case .unsupported(let kind) = FileKind.sniff(text) {
            throw FileKind.unsupportedError(kind, path: text)
        } else if let kind = PgDumpFile.detect(text) {
            self = .pgDump(path: text, kind: kind)
        } else if [".sqlite3", ".sqlite", ".db"].contains(where: { lower.hasSuffix($0) }) {
            self = .sqlite(path: text)
        } else if let (format, gzip) = FixtureFormat.of(path: text) {
            self = .fixture(path: text, format: format, gzip: gzip)
        } else if lower.hasSuffix(".tar.gz") || lower.hasSuffix(".tgz") {
            self = .archive(path: text)
        } else {
            self = .csvFolder(path: try LocationText.folder(text))
        }
    }

    /// A file location with its format given (`--format`), whatever its name says.
    public init(_ text: String, format: String?) throws {
        guard let format else {
            try self.init(text)
            return
        }
        if text.lowercased().hasSuffix(".age") {
            self = try Self.encrypted(text, plain: try Location(String(text.dropLast(4)), format: format))
            return
        }
        let gzip = text.lowercased().hasSuffix(".gz")
        switch format {
        case "json": self = .fixture(path: text, format: .json, gzip: gzip)
        case "jsonl": self = .fixture(path: text, format: .jsonl, gzip: gzip)
        case "xml": self = .fixture(path: text, format: .xml, gzip: gzip)
        case "archive": self = .archive(path: text)
        case "csv": self = .csvFolder(path: text)
        default:
            throw ETLError(
                .usage, "unknown format \"\(format)\"", hint: "choose csv, json, jsonl, xml or archive")
        }
    }

    /// `path` (ending in `.age`) holding, encrypted, what `plain` names.
    private static func encrypted(_ path: String, plain: Location) throws -> Location {
        switch plain {
        case .fixture(_, let format, let gzip): .encrypted(.fixture(path: path, format: format, gzip: gzip))
        case .archive: .encrypted(.archive(path: path))
        default:
            throw ETLError(
                .usage, "only fixtures and archives can be age-encrypted",
                hint: "name it like clinic.tar.gz.age or fixture.json.age (or --format archive)"
            ).at(location: path)
        }
    }

    public var description: String {
        switch self {
        case .encrypted(let inner): inner.description
        case .postgres(let url): url.description
        case .sqlite(let path): "sqlite:///\(path)"
        case .csvFolder(let path), .fixture(let path, _, _), .archive(let path), .pgDump(let path, _): path
        }
    }

    /// Opens the location for reading; `now` fills `auto_now` columns the source lacks, and a CSV
    /// folder's files are read in `csv`.
    ///
    /// Files read datetimes without an offset in `zone` (UTC without one); databases hold no such text.
    /// `decryption` opens an encrypted one, which is read through once (every chunk authenticated)
    /// before any of it is used.
    public func openSource(
        catalog: Catalog = .clinic, now: Timestamp, zone: WallClockZone? = nil,
        decryption: AgeDecryption? = nil, csv: CSVDialect = CSVDialect()
    ) throws -> any Source {
        switch self {
        case .encrypted(let inner):
            try Self.openEncrypted(inner, catalog: catalog, now: now, zone: zone, decryption: decryption)
        case .postgres(let url): try PostgresSource(url: url, catalog: catalog, now: now)
        case .sqlite(let path): try SQLiteSource(path: path, catalog: catalog, now: now)
        case .csvFolder(let path):
            try CSVFolderSource(path: path, catalog: catalog, now: now, zone: zone, dialect: csv)
        case .fixture(let path, let format, let gzip):
            FixtureSource(path: path, format: format, gzip: gzip, catalog: catalog, now: now, zone: zone)
        case .archive(let path): ArchiveSource(path: path, catalog: catalog, now: now, zone: zone)
        case .pgDump(let path, let kind): kind.source(path: path, catalog: catalog, now: now, zone: zone)
        }
    }

    /// Prepares the location for writing; `compress` gzips CSV files, files and folders are
    /// created with `modes`, and an encrypted location is encrypted to `encryption`.
    public func openSink(
        catalog: Catalog = .clinic, compress: Bool = false, modes: FileModes = .ownerOnly,
        encryption: AgeEncryption? = nil
    ) throws -> any Sink {
        switch self {
        case .encrypted(let inner):
            try Self.openEncrypted(inner, catalog: catalog, modes: modes, encryption: encryption)
        case .postgres(let url): PostgresSink(url: url, catalog: catalog)
        case .sqlite(let path): SQLiteSink(path: path, catalog: catalog, modes: modes)
        case .csvFolder(let path): CSVFolderSink(path: path, compress: compress, modes: modes)
        case .fixture(let path, let format, let gzip):
            FixtureSink(path: path, format: format, gzip: gzip, modes: modes)
        case .archive(let path): ArchiveSink(path: path, catalog: catalog, modes: modes)
        case .pgDump(let path, _): PgDumpSink(path: path)
        }
    }

    /// The source of an encrypted fixture or archive, checked whole first.
    private static func openEncrypted(
        _ inner: Location, catalog: Catalog, now: Timestamp, zone: WallClockZone?, decryption: AgeDecryption?
    ) throws -> any Source {
        guard let decryption else {
            throw ETLError(
                .usage, "the file is age-encrypted",
                hint: "give --identity KEYFILE (the secret key it was encrypted to) or --passphrase"
            ).at(location: inner.description)
        }
        try decryption.verify(path: inner.description)
        switch inner {
        case .fixture(let path, let format, let gzip):
            return FixtureSource(
                path: path, format: format, gzip: gzip, catalog: catalog, now: now, zone: zone,
                decryption: decryption)
        case .archive(let path):
            return ArchiveSource(path: path, catalog: catalog, now: now, zone: zone, decryption: decryption)
        default:
            throw ETLError(.usage, "only fixtures and archives can be age-encrypted").at(
                location: inner.description)
        }
    }

    /// The sink of an encrypted fixture or archive.
    private static func openEncrypted(
        _ inner: Location, catalog: Catalog, modes: FileModes, encryption: AgeEncryption?
    ) throws -> any Sink {
        guard let encryption else {
            throw ETLError(
                .usage, "a .age target needs someone to encrypt to",
                hint: "give --recipient age1… (or --recipients-file FILE), or --passphrase"
            ).at(location: inner.description)
        }
        switch inner {
        case .fixture(let path, let format, let gzip):
            return FixtureSink(path: path, format: format, gzip: gzip, modes: modes, encryption: encryption)
        case .archive(let path):
            return ArchiveSink(path: path, catalog: catalog, modes: modes, encryption: encryption)
        default:
            throw ETLError(.usage, "only fixtures and archives can be age-encrypted").at(
                location: inner.description)
        }
    }

    /// Whether this is a folder of CSV files.
    public var isCSVFolder: Bool { if case .csvFolder = self { true } else { false } }

    /// Whether this is a file or folder (rather than a database server or file).
    public var isFile: Bool {
        switch self {
        case .postgres, .sqlite: false
        case .csvFolder, .fixture, .archive, .pgDump, .encrypted: true
        }
    }
}
