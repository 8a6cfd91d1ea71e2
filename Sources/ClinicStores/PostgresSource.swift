import CLibPQ
import ClinicFormats
import ClinicPipeline
import ClinicSchema

/// Reads tables from PostgreSQL with `COPY … TO STDOUT`, all in one read-only snapshot.
public final class PostgresSource: SQLQuerySource, IncrementalSource {
    private let url: PostgresURL
    private let connection: PGConnection
    private let catalog: Catalog
    private let now: Timestamp
    private var columns: [String: Set<String>] = [:]
    private var window: ChangeWindow?

    public var displayName: String { url.description }

    /// Connects and opens a repeatable-read snapshot with the session pinned to UTC.
    public init(url: PostgresURL, catalog: Catalog = .clinic, now: Timestamp) throws {
        self.url = url
        self.catalog = catalog
        self.now = now
        connection = try PGConnection(url)
        try connection.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try connection.exec(PostgresSession.pinned)
        columns = try PostgresSession.columns(connection, tables: catalog.tables.map(\.name))
    }

    public func availableTables() throws -> Set<String> { Set(columns.keys) }

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
                "COPY (SELECT \(list) FROM \(q(table.name))\(filter) ORDER BY \(q("id"))) TO STDOUT WITH (FORMAT csv)"
            )
        } catch {
            throw error.at(location: url.description, table: table.name)
        }
        let reader = CSVReader(PostgresCopyOut(connection, name: "\(url.description) \(table.name)"))
        return CSVRowCursor(
            reader: reader, table: table, binding: binding, rawHeader: CSVLine.header(names), canonical: true)
    }

    public func restrict(to window: ChangeWindow) { self.window = window }

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

    /// The columns of each of `tables` that exist in the current schema.
    static func columns(_ connection: PGConnection, tables: [String]) throws -> [String: Set<String>] {
        let result = try connection.query(
            """
            SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = ANY($1::text[])
            """, ["{" + tables.joined(separator: ",") + "}"])
        var columns: [String: Set<String>] = [:]
        for row in 0..<result.rowCount {
            guard let table = result.value(row, 0), let column = result.value(row, 1) else { continue }
            columns[table, default: []].insert(column)
        }
        return columns
    }
}
