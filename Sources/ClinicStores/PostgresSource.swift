import CLibPQ
import ClinicFormats
import ClinicPipeline
import ClinicSchema

/// Reads tables from PostgreSQL with `COPY … TO STDOUT`, all in one read-only snapshot.
public final class PostgresSource: SQLQuerySource, IncrementalSource, MeasuredSource {
    private let url: PostgresURL
    private let connection: PGConnection
    private let catalog: Catalog
    private let now: Timestamp
    private var columns: [String: Set<String>] = [:]
    /// Each table's columns in its own order.
    private var order: [String: [String]] = [:]
    private var window: ChangeWindow?
    /// Tables whose schema in the database enforces the catalog's types, NOT NULL, lengths and UNIQUE.
    private var guaranteed: Set<String> = []
    private var valueColumns: [String: ColumnNeeds] = [:]

    public var displayName: String { url.description }

    /// Connects and opens a repeatable-read snapshot with the session pinned to UTC.
    public init(url: PostgresURL, catalog: Catalog = .clinic, now: Timestamp) throws {
        self.url = url
        self.catalog = catalog
        self.now = now
        connection = try PGConnection(url)
        try connection.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try connection.exec(PostgresSession.pinned)
        order = try PostgresSession.columnLists(connection, tables: catalog.tables.map(\.name))
        columns = order.mapValues(Set.init)
        guaranteed = try PostgresSession.tablesEnforcingCatalog(connection, catalog: catalog)
    }

    public func guaranteesConstraints(of table: Table) -> Bool { guaranteed.contains(table.name) }

    public func readValues(of table: Table, only needs: ColumnNeeds) { valueColumns[table.name] = needs }

    public func availableTables() throws -> Set<String> { Set(columns.keys) }

    public func columnOrder(of table: Table) -> [String]? { order[table.name] }

    public func unknownTables() throws -> [String] {
        let result = try connection.query(
            """
            SELECT c.relname FROM pg_class AS c
            WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
              AND NOT (c.relname = ANY($1::text[]))
            ORDER BY 1
            """, ["{" + catalog.tables.map(\.name).joined(separator: ",") + "}"])
        return (0..<result.rowCount).compactMap { result.value($0, 0) }
    }

    public func open(_ table: Table) throws -> any RowCursor {
        let (names, binding) = try ColumnBinding.database(
            table: table, present: columns[table.name] ?? [], now: now, location: url.description)
        let q = SQLDialect.postgres.quote
        let list = names.map(q).joined(separator: ", ")
        var filter = ""
        if let start = window?.start(for: table), let text = Value.timestamp(start).textForm {
            let bound = try connection.literal(text)
            let changed = ChangeWindow.changeColumns(of: table).map { "\(q($0)) >= \(bound)::timestamptz" }
            filter = " WHERE " + changed.joined(separator: " OR ")
        }
        do {
            try connection.beginCopyOut(
                "COPY (SELECT \(list) FROM \(q(table.name))\(filter) ORDER BY \(q(table.primaryKey?.name ?? "id"))) TO STDOUT WITH (FORMAT csv)"
            )
        } catch {
            throw error.at(location: url.description, table: table.name)
        }
        let reader = CSVReader(PostgresCopyOut(connection, name: "\(url.description) \(table.name)"))
        return CSVRowCursor(
            reader: reader, table: table, binding: binding, rawHeader: CSVLine.header(names), canonical: true,
            reading: valueColumns[table.name])
    }

    public func restrict(to window: ChangeWindow) { self.window = window }

    /// The planner's row count (`pg_class.reltuples`), or a count when the table was never
    /// analyzed; nothing for a table read only from a point in time on.
    public func expectedSize(of table: Table) -> ExpectedSize {
        guard window?.start(for: table) == nil else { return ExpectedSize() }
        let q = SQLDialect.postgres.quote
        let estimate = try? connection.query(
            "SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass($1)", [q(table.name)])
        if let rows = estimate?.value(0, 0).flatMap(Int.init), rows >= 0 { return ExpectedSize(rows: rows) }
        let count = try? connection.exec("SELECT count(*) FROM \(q(table.name))")
        return ExpectedSize(rows: count?.value(0, 0).flatMap(Int.init))
    }

    public var bytesRead: Int? { nil }

    public func isPartial(_ table: Table) -> Bool { window?.start(for: table) != nil }

    /// The transaction's start, which the snapshot was taken at (to the precision that matters).
    public func snapshotTime() throws -> Timestamp {
        let text = try connection.exec("SELECT now()").value(0, 0) ?? ""
        guard case .timestamp(let time) = try Value.parse(text, type: .timestamp) else {
            throw ETLError(.database, "the server's now() was not a timestamp: \(text)")
        }
        return time
    }

    public var dialect: SQLDialect { .postgres }

    public func query(_ sql: String, _ parameters: [String?], _ body: ([String?]) throws -> Void) throws {
        let result: PGResult
        do {
            result = try connection.query(sql, parameters)
        } catch {
            throw error.at(location: url.description)
        }
        let columns = Int(PQnfields(result.handle))
        for row in 0..<result.rowCount { try body((0..<columns).map { result.value(row, $0) }) }
    }

    public func close() {
        _ = try? connection.exec("COMMIT")
    }
}

/// Session settings and catalog queries shared by reading and writing.
enum PostgresSession {
    /// Transaction-local settings so output never depends on the server's configuration.
    static let pinned = "SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, YMD'"

    /// The catalog tables whose definition in the current schema enforces what a second check finds.
    ///
    /// That is: every column of the catalog's type (so lengths and decimal scales too), NOT NULL
    /// where the catalog says so, a valid unique index for each UNIQUE column or set, and a UTF-8
    /// database. Django's migrations make exactly that.
    static func tablesEnforcingCatalog(_ connection: PGConnection, catalog: Catalog) throws -> Set<String> {
        guard try connection.exec("SHOW server_encoding").value(0, 0) == "UTF8" else { return [] }
        let names = "{" + catalog.tables.map(\.name).joined(separator: ",") + "}"
        let attributes = try connection.query(
            """
            SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relname = ANY($1::text[]) AND a.attnum > 0 AND NOT a.attisdropped
            """, [names])
        var types: [String: (type: String, notNull: Bool)] = [:]
        for row in 0..<attributes.rowCount {
            let key = (attributes.value(row, 0) ?? "") + "." + (attributes.value(row, 1) ?? "")
            types[key] = (attributes.value(row, 2) ?? "", attributes.value(row, 3) == "t")
        }
        let indexes = try connection.query(
            """
            SELECT c.relname, string_agg(a.attname, ',' ORDER BY a.attname)
            FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
            WHERE n.nspname = current_schema() AND c.relname = ANY($1::text[]) AND i.indisunique AND i.indisvalid
              AND i.indpred IS NULL AND i.indexprs IS NULL
            GROUP BY c.relname, i.indexrelid
            """, [names])
        var unique: Set<String> = []
        for row in 0..<indexes.rowCount {
            unique.insert((indexes.value(row, 0) ?? "") + ":" + (indexes.value(row, 1) ?? ""))
        }
        return Set(
            catalog.tables.filter { table in
                let columnsHold = table.columns.allSatisfy { column in
                    guard let found = types[table.name + "." + column.name] else { return false }
                    return found.type == column.postgresFormatType && (column.nullable || found.notNull)
                }
                let sets =
                    table.columns.filter { $0.unique || $0.isPrimaryKey }.map { [$0.name] }
                    + table.uniqueTogether
                let keysHold = sets.allSatisfy {
                    unique.contains(table.name + ":" + $0.sorted().joined(separator: ","))
                }
                return columnsHold && keysHold
            }.map(\.name))
    }

    /// The columns of each of `tables` that exist in the current schema.
    ///
    /// Read from the catalog itself: information_schema's view of it costs about 20 ms to plan,
    /// a noticeable part of a small job.
    static func columns(_ connection: PGConnection, tables: [String]) throws -> [String: Set<String>] {
        try columnLists(connection, tables: tables).mapValues(Set.init)
    }

    /// The columns of each of `tables` in the table's own order (`SELECT *`'s).
    static func columnLists(_ connection: PGConnection, tables: [String]) throws -> [String: [String]] {
        let result = try connection.query(
            """
            SELECT c.relname, a.attname FROM pg_attribute AS a JOIN pg_class AS c ON c.oid = a.attrelid
            WHERE c.relnamespace = current_schema()::regnamespace AND c.relname = ANY($1::text[])
              AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY c.relname, a.attnum
            """, ["{" + tables.joined(separator: ",") + "}"])
        var columns: [String: [String]] = [:]
        for row in 0..<result.rowCount {
            guard let table = result.value(row, 0), let column = result.value(row, 1) else { continue }
            columns[table, default: []].append(column)
        }
        return columns
    }
}
