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

    /// Recognises `postgres[ql]://…`, `sqlite:///relative` / `sqlite:////absolute` (as dj-database-url
    /// reads them), `*.sqlite3` / `*.sqlite` / `*.db` files, and otherwise a CSV folder.
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
        if lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") {
            self = .postgres(try PostgresURL(text))
        } else if lower.hasPrefix("sqlite://") {
            let rest = text.dropFirst("sqlite://".count)
            guard rest.hasPrefix("/"), rest.count > 1 else {
                throw ETLError(.usage, "an SQLite URL is sqlite:///relative/path or sqlite:////absolute/path")
            }
            self = .sqlite(path: String(rest.dropFirst()))
        } else if let kind = FileKind.unsupported(byExtensionOf: text) {
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
            self = .csvFolder(path: text)
        }
    }

    /// A file location with its format given (`--format`), whatever its name says.
    public init(_ text: String, format: String?) throws {
        guard let format else {
            try self.init(text)
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

    public var description: String {
        switch self {
        case .postgres(let url): url.description
        case .sqlite(let path): "sqlite:///\(path)"
        case .csvFolder(let path), .fixture(let path, _, _), .archive(let path), .pgDump(let path, _): path
        }
    }

    /// Opens the location for reading; `now` fills `auto_now` columns the source lacks.
    ///
    /// Files read datetimes without an offset in `zone` (UTC without one); databases hold no such text.
    public func openSource(catalog: Catalog = .clinic, now: Timestamp, zone: WallClockZone? = nil) throws
        -> any Source
    {
        switch self {
        case .postgres(let url): try PostgresSource(url: url, catalog: catalog, now: now)
        case .sqlite(let path): try SQLiteSource(path: path, catalog: catalog, now: now)
        case .csvFolder(let path): try CSVFolderSource(path: path, catalog: catalog, now: now, zone: zone)
        case .fixture(let path, let format, let gzip):
            FixtureSource(path: path, format: format, gzip: gzip, catalog: catalog, now: now, zone: zone)
        case .archive(let path): ArchiveSource(path: path, catalog: catalog, now: now, zone: zone)
        case .pgDump(let path, let kind): kind.source(path: path, catalog: catalog, now: now, zone: zone)
        }
    }

    /// Prepares the location for writing; `compress` gzips CSV files, and files and folders
    /// are created with `modes`.
    public func openSink(catalog: Catalog = .clinic, compress: Bool = false, modes: FileModes = .ownerOnly)
        -> any Sink
    {
        switch self {
        case .postgres(let url): PostgresSink(url: url, catalog: catalog)
        case .sqlite(let path): SQLiteSink(path: path, catalog: catalog, modes: modes)
        case .csvFolder(let path): CSVFolderSink(path: path, compress: compress, modes: modes)
        case .fixture(let path, let format, let gzip):
            FixtureSink(path: path, format: format, gzip: gzip, modes: modes)
        case .archive(let path): ArchiveSink(path: path, catalog: catalog, modes: modes)
        case .pgDump(let path, _): PgDumpSink(path: path)
        }
    }

    /// Whether this is a file or folder (rather than a database server or file).
    public var isFile: Bool {
        switch self {
        case .postgres, .sqlite: false
        case .csvFolder, .fixture, .archive, .pgDump: true
        }
    }
}
