import ClinicPipeline
import ClinicSchema
import Foundation

/// A folder with one `<table>.csv` or `<table>.csv.gz` per table (`api_user.csv`, `auth_group.csv`);
/// CSV files of no known table are named as not copied, other files are ignored.
public final class CSVFolderSource: MeasuredSource {
    private let path: String
    private let catalog: Catalog
    private let now: Timestamp
    private let zone: WallClockZone?
    private let dialect: CSVDialect
    private var files: [String: String] = [:]
    /// CSV files that hold no table of the catalog.
    private var unknown: [String] = []
    /// The file of the table being read.
    private weak var reading: FileSource?

    public var displayName: String { path }

    /// Reads the folder at `path`; `now` fills `auto_now` columns a file does not have.
    ///
    /// Datetimes without an offset are read in `zone` (UTC without one); the files are written in
    /// `dialect` (PostgreSQL's COPY CSV unless told otherwise).
    public init(
        path: String, catalog: Catalog = .clinic, now: Timestamp, zone: WallClockZone? = nil,
        dialect: CSVDialect = CSVDialect()
    ) throws {
        self.zone = zone
        self.dialect = dialect
        self.path = path
        self.catalog = catalog
        self.now = now
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw ETLError(.usage, "no such folder", hint: LocationForms.hint).at(location: path)
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: path)
        for name in names.sorted() {
            guard let table = CSVFolderSource.tableName(ofFile: name) else { continue }
            guard catalog.tables.contains(where: { $0.name == table }) else {
                unknown.append(name)
                continue
            }
            if let other = files[table] {
                throw ETLError(
                    .usage, "both \(URL(fileURLWithPath: other).lastPathComponent) and \(name) hold \(table)",
                    hint: "keep only one of them"
                ).at(location: path)
            }
            files[table] = (path as NSString).appendingPathComponent(name)
        }
    }

    /// The table a file name holds (`api_user.csv.gz` → `api_user`), if it is a CSV file.
    public static func tableName(ofFile name: String) -> String? {
        for suffix in [".csv", ".csv.gz"] where name.hasSuffix(suffix) && !name.hasPrefix(".") {
            return String(name.dropLast(suffix.count))
        }
        return nil
    }

    public func availableTables() throws -> Set<String> { Set(files.keys) }

    public func unknownTables() throws -> [String] { unknown }

    public func open(_ table: Table) throws -> any RowCursor {
        guard let file = files[table.name] else {
            throw ETLError(.usage, "no file for \(table.name)").at(location: path)
        }
        let opened = try FileSource(path: file)
        reading = opened
        var bytes: any ByteSource = opened
        if file.hasSuffix(".gz") { bytes = try GzipSource(bytes) }
        if dialect.encoding != .utf8 { bytes = TranscodingSource(bytes, encoding: dialect.encoding) }
        return try CSVRowCursor(
            readingHeaderOf: CSVReader(bytes, delimiter: dialect.delimiter), table: table, now: now,
            zone: zone,
            dialect: dialect)
    }

    public func close() {}

    public func expectedSize(of table: Table) -> ExpectedSize {
        guard let file = files[table.name],
            let size = try? FileManager.default.attributesOfItem(atPath: file)[.size]
        else { return ExpectedSize() }
        return ExpectedSize(bytes: (size as? NSNumber)?.intValue)
    }

    public var bytesRead: Int? { reading?.bytesRead }
}
