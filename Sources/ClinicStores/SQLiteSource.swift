import ClinicPipeline
import ClinicSchema

/// Reads tables from an SQLite database (ours or one the app's Django migrations made), in one
/// read transaction so every table comes from the same state.
public final class SQLiteSource: IncrementalSource, MeasuredSource {
    private let connection: SQLiteConnection
    private let catalog: Catalog
    private let now: Timestamp
    private var columns: [String: Set<String>] = [:]
    /// Each table's columns in its own order.
    private var order: [String: [String]] = [:]
    private var window: ChangeWindow?
    private let opened = Timestamp.now()

    public var displayName: String { connection.path }

    /// Opens the database at `path` read-only.
    public init(path: String, catalog: Catalog = .clinic, now: Timestamp) throws {
        connection = try SQLiteConnection(path: path, readOnly: true)
        self.catalog = catalog
        self.now = now
        try connection.exec("BEGIN")
        order = try SQLiteSchema.columnLists(connection, tables: catalog.tables.map(\.name))
        columns = order.mapValues(Set.init)
    }

    public func availableTables() throws -> Set<String> { Set(columns.keys) }

    public func columnOrder(of table: Table) -> [String]? { order[table.name] }

    public func unknownTables() throws -> [String] {
        let statement = try connection.prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
        )
        let known = Set(catalog.tables.map(\.name))
        var names: [String] = []
        while try statement.step() {
            let name = statement.text(0)
            if !known.contains(name) { names.append(name) }
        }
        return names
    }

    public func open(_ table: Table) throws -> any RowCursor {
        let (names, binding) = try ColumnBinding.database(
            table: table, present: columns[table.name] ?? [], now: now, location: connection.path)
        let q = SQLDialect.sqlite.quote
        var filter = ""
        let start = window?.start(for: table)
        let changed = ChangeWindow.changeColumns(of: table)
        if start != nil {
            // Django keeps SQLite timestamps as UTC text, which sorts as time does.
            filter = " WHERE " + changed.map { "\(q($0)) >= ?" }.joined(separator: " OR ")
        }
        let statement = try connection.prepare(
            "SELECT \(names.map(q).joined(separator: ", ")) FROM \(q(table.name))\(filter) ORDER BY \(q(table.primaryKey?.name ?? "id"))"
        )
        if let start {
            for i in changed.indices {
                statement.bind(Int32(i + 1), Value.timestamp(start).djangoSQLiteText ?? "")
            }
        }
        return SQLiteRowCursor(
            statement: statement, table: table, binding: binding, path: connection.path, names: names)
    }

    public func restrict(to window: ChangeWindow) { self.window = window }

    /// A count of the rows (SQLite keeps no estimate); nothing for a table read only from a
    /// point in time on.
    public func expectedSize(of table: Table) -> ExpectedSize {
        guard window?.start(for: table) == nil,
            let count = try? connection.prepare(
                "SELECT count(*) FROM \(SQLDialect.sqlite.quote(table.name))"),
            (try? count.step()) == true
        else { return ExpectedSize() }
        return ExpectedSize(rows: Int(count.int64(0)))
    }

    public var bytesRead: Int? { nil }

    public func isPartial(_ table: Table) -> Bool { window?.start(for: table) != nil }

    /// SQLite has no server clock; the read transaction began when the source was opened.
    public func snapshotTime() throws -> Timestamp { opened }

    public func close() {
        try? connection.exec("COMMIT")
    }
}

/// Rows of one table from a running SELECT.
final class SQLiteRowCursor: RowCursor {
    private let statement: SQLiteStatement
    private let table: Table
    private let binding: ColumnBinding
    private let names: [String]
    private var current: SourceRow?
    let location: String

    init(statement: SQLiteStatement, table: Table, binding: ColumnBinding, path: String, names: [String]) {
        self.statement = statement
        self.table = table
        self.binding = binding
        self.names = names
        location = path
    }

    var rawHeader: [UInt8] { CSVLine.header(names) }

    func provides(_ column: String) -> Bool { table.index(of: column).map(binding.binds) ?? false }

    func next() throws -> SourceRow? {
        guard try statement.step() else { return nil }
        var row = SourceRow(values: binding.fill)
        for (i, column) in table.columns.enumerated() {
            guard let index = binding.sourceIndex[i] else { continue }
            do {
                row.values[i] = try SQLiteValues.read(statement, Int32(index), as: column)
            } catch {
                row.values[i] = .null
                row.problems.append(
                    FieldProblem(
                        column: column.name, rule: error.rule ?? .type, message: error.message,
                        value: statement.text(Int32(index))))
            }
        }
        current = row
        return row
    }

    /// The row in the source's own columns, as CSV (the database has no text form of its own).
    func rawRecord() -> [UInt8] {
        guard let current else { return [] }
        let positions = names.compactMap { table.index(of: $0) }
        return CSVLine.encode(positions.map { current.values[$0] })
    }
}

/// Schema queries on SQLite.
enum SQLiteSchema {
    /// The columns of each of `tables` that exist in the database.
    static func columns(_ connection: SQLiteConnection, tables: [String]) throws -> [String: Set<String>] {
        try columnLists(connection, tables: tables).mapValues(Set.init)
    }

    /// The columns of each of `tables` in the table's own order.
    static func columnLists(_ connection: SQLiteConnection, tables: [String]) throws -> [String: [String]] {
        var columns: [String: [String]] = [:]
        let statement = try connection.prepare(
            "SELECT m.name, p.name FROM sqlite_master AS m JOIN pragma_table_info(m.name) AS p "
                + "WHERE m.type = 'table' ORDER BY m.name, p.cid")
        let wanted = Set(tables)
        while try statement.step() {
            let table = statement.text(0)
            if wanted.contains(table) { columns[table, default: []].append(statement.text(1)) }
        }
        return columns
    }
}
