import ClinicFormats
import ClinicPipeline
import ClinicSchema
import Foundation

/// A folder of foreign files read through a mapping: each record becomes a row of a clinic table,
/// which then goes through the normal validation.
///
/// Ids the source has are kept; missing ones are generated above every id in the target. Foreign
/// keys found by natural key (a dentist's email, a service's name) and rows merged as duplicates
/// are remapped consistently across tables.
public final class MappedSource: Source {
    private let folder: String
    private let mapping: Mapping
    private let catalog: Catalog
    private let now: Timestamp
    /// How the files are written when their entry does not say (the command line's settings, with
    /// the mapping's encoding).
    private let dialect: CSVDialect
    /// Whether the folder is the rejects folder of a mapped run: it holds only the files that had
    /// rejected rows, their records already turned into UTF-8.
    private let isRejects: Bool
    private let offsetSeconds: Int32
    private let asOf: LocalDate
    private let registry: KeyRegistry
    private let entries: [String: [TableMapping]]
    /// Duplicate keys seen per table, with the row they belong to.
    private var firstByDedupeKey: [String: [String: Merge.Kept]] = [:]

    /// Every merge of duplicates, in the order they happened.
    public private(set) var merges: [Merge] = []

    /// One duplicate merged into an earlier row.
    public struct Merge: Sendable, CustomStringConvertible {
        /// The row that was kept.
        public struct Kept: Sendable {
            /// Its id.
            public var id: Int64
            /// Where it was read.
            public var location: String
            /// Its line.
            public var line: Int
        }
        /// The table.
        public var table: String
        /// Where the duplicate was read.
        public var location: String
        /// Its line.
        public var line: Int
        /// The row it was merged into.
        public var kept: Kept
        /// The dedupe columns that matched.
        public var key: [String]

        public var description: String {
            "\(table): \(location):\(line) merged into id \(kept.id) (\(kept.location):\(kept.line)), same "
                + key.joined(separator: " + ")
        }
    }

    public var displayName: String { folder }

    /// Where rows already in the target are read from, for lookups and fresh ids; set it to the
    /// job's sink before running.
    public var target: (any Sink)? {
        get { registry.target }
        set { registry.target = newValue }
    }

    /// Whether the app's model rules reject rows: foreign data must fit the app unless the mapping
    /// says `strict: false`.
    public var isStrict: Bool { mapping.strict ?? true }

    /// Reads the files of `folder` the way `mapping` says; `dialect` is for files whose entry says
    /// nothing of their delimiter, NULL text or encoding (and the mapping names no encoding).
    public init(
        folder: String, mapping: Mapping, catalog: Catalog = .clinic, now: Timestamp,
        dialect: CSVDialect = CSVDialect()
    ) throws {
        self.folder = folder
        self.mapping = mapping
        self.catalog = catalog
        var entries: [String: [TableMapping]] = [:]
        var indexed: [String: Set<String>] = [:]
        // A rejects folder of a mapped run holds only the files that had rejected rows.
        isRejects = FileManager.default.fileExists(
            atPath: (folder as NSString).appendingPathComponent("_reasons.csv"))
        for entry in mapping.tables {
            if isRejects,
                !FileManager.default.fileExists(
                    atPath: (folder as NSString).appendingPathComponent(entry.file))
            {
                continue
            }
            guard let table = catalog.table(named: entry.table) else {
                throw ETLError(
                    .usage, "the mapping names table \"\(entry.table)\", which the schema does not have",
                    hint: "run `clinic-etl schema` to list the tables")
            }
            entries[table.name, default: []].append(entry)
            for column in entry.columns.keys where table.column(column) == nil {
                throw ETLError(
                    .usage, "the mapping fills \(table.name).\(column), which the table does not have",
                    hint: "the columns are: \(table.columnNames.joined(separator: ", "))")
            }
            for column in (entry.match ?? []) + (entry.dedupe ?? []) {
                indexed[table.name, default: []].insert(column)
            }
            for (name, recipe) in entry.columns {
                guard let lookup = recipe.lookup, let by = lookup.by,
                    let referenced = lookup.table(for: table.column(name), in: catalog)
                else { continue }
                indexed[referenced, default: []].insert(by)
            }
        }
        self.entries = entries
        registry = KeyRegistry(catalog: catalog, indexed: indexed)
        for entry in mapping.tables {
            guard let key = entry.key, let table = catalog.table(named: entry.table) else { continue }
            registry.declareSourceKeys(table.name)
            if let id = entry.columns["id"]?.from, TextRules.matchKey(id) == TextRules.matchKey(key) {
                registry.declareSourceKeysAreIDs(table.name)
            }
        }
        var dialect = dialect
        if let named = mapping.encoding { dialect.encoding = try TextEncoding.named(named) }
        self.dialect = dialect
        for entry in mapping.tables { _ = try Self.dialect(of: entry, default: dialect) }
        offsetSeconds = try MappedSource.parseOffset(mapping.offset ?? "+08:00")
        if let asOf = mapping.asOf {
            guard case .date(let day)? = try? Value.parse(asOf, type: .date) else {
                throw ETLError(.usage, "as_of \"\(asOf)\" is not a date", hint: "write it as YYYY-MM-DD")
            }
            self.asOf = day
            self.now = Timestamp(date: day, time: LocalTime(microseconds: 0), offsetSeconds: offsetSeconds)
        } else {
            // Today at the clinic's offset.
            self.now = now
            asOf =
                Timestamp(
                    microsecondsSinceEpoch: now.microsecondsSinceEpoch + Int64(offsetSeconds) * 1_000_000
                )
                .utc.date
        }
    }

    private static func parseOffset(_ text: String) throws -> Int32 {
        let parts = text.dropFirst().split(separator: ":")
        guard let sign = text.first, sign == "+" || sign == "-", parts.count == 2, let h = Int32(parts[0]),
            let m = Int32(parts[1]), h <= 14, m < 60
        else {
            throw ETLError(.usage, "offset \"\(text)\" is not a UTC offset", hint: "write it as +08:00")
        }
        return (sign == "-" ? -1 : 1) * (h * 3600 + m * 60)
    }

    public func availableTables() throws -> Set<String> { Set(entries.keys) }

    public func open(_ table: Table) throws -> any RowCursor {
        // Read everything this table needs from the target now: once its rows stream into the
        // target, the connection is busy.
        for entry in entries[table.name] ?? [] {
            for (name, recipe) in entry.columns {
                guard let referenced = recipe.lookup?.table(for: table.column(name), in: catalog) else {
                    continue
                }
                try registry.prepare(referenced)
            }
        }
        try registry.prepare(table.name)
        return MappedCursor(source: self, table: table, entries: entries[table.name] ?? [])
    }

    public func close() {}

    /// The dialect of one entry's file: its own settings over `default`.
    static func dialect(of entry: TableMapping, default dialect: CSVDialect) throws -> CSVDialect {
        do {
            let base = dialect
            var own = try CSVDialect(
                delimiter: entry.delimiter, null: entry.null,
                encoding: try entry.encoding.map(TextEncoding.named))
            if entry.delimiter == nil { own.delimiter = base.delimiter }
            if entry.null == nil { own.null = base.null }
            if entry.encoding == nil { own.encoding = base.encoding }
            return own
        } catch {
            throw ETLError(
                .usage, "the mapping's entry for \(entry.file): \(error.message)", hint: error.hint)
        }
    }

    /// The dialect `entry`'s file is read in.
    func dialect(of entry: TableMapping) -> CSVDialect {
        var own = (try? Self.dialect(of: entry, default: dialect)) ?? dialect
        if isRejects { own.encoding = .utf8 }
        return own
    }

    /// Opens one entry's file as CSV in its dialect.
    func reader(for entry: TableMapping) throws -> CSVReader {
        let path = (folder as NSString).appendingPathComponent(entry.file)
        guard FileManager.default.fileExists(atPath: path) else {
            throw ETLError(
                .usage, "the mapping names \(entry.file), which is not in \(folder)", hint: Mapping.hint
            )
            .at(location: path)
        }
        var bytes: any ByteSource = try FileSource(path: path)
        if path.hasSuffix(".gz") { bytes = try GzipSource(bytes) }
        let dialect = dialect(of: entry)
        return CSVReader(TranscodingSource(bytes, encoding: dialect.encoding), delimiter: dialect.delimiter)
    }

    // MARK: what the cursor asks of the migration as a whole

    var keys: KeyRegistry { registry }
    var timestampOffset: Int32 { offsetSeconds }
    var ageDay: LocalDate { asOf }
    var clock: Timestamp { now }
    var schema: Catalog { catalog }

    /// The row kept earlier with the same dedupe key, or `nil` (and the row is remembered as the first).
    func duplicate(of key: String, table: String, kept: Merge.Kept) -> Merge.Kept? {
        if let first = firstByDedupeKey[table]?[key] { return first }
        firstByDedupeKey[table, default: [:]][key] = kept
        return nil
    }

    func noteMerge(_ merge: Merge) { merges.append(merge) }
}
