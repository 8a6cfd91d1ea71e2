import ClinicFormats
import ClinicPipeline
import ClinicSchema
import Foundation

/// Loads tables into an SQLite database in one transaction, creating the file and tables as needed.
public final class SQLiteSink: Sink {
    private let path: String
    private let catalog: Catalog
    private let modes: FileModes
    private var connection: SQLiteConnection?
    /// A new database, built under a staging name until `commit`.
    private var staged: StagedFile?
    private var mode = LoadMode.insert

    public var holdsRows: Bool { true }

    public var displayName: String { path }

    /// Targets the database file at `path`.
    public init(path: String, catalog: Catalog = .clinic, modes: FileModes = .ownerOnly) {
        self.path = path
        self.modes = modes
        self.catalog = catalog
    }

    public func begin(tables: [Table], mode: LoadMode) throws {
        self.mode = mode
        let connection = try openDatabase()
        self.connection = connection
        // Django turns foreign keys on for its SQLite connections; so do we, so COMMIT checks them.
        try connection.exec("PRAGMA foreign_keys = ON")
        try connection.exec("BEGIN IMMEDIATE")
        let present = try SQLiteSchema.columns(connection, tables: catalog.tables.map(\.name))
        let missing = Set(tables.map(\.name)).subtracting(present.keys)
        for statement in catalog.ddl(.sqlite, tables: missing) { try connection.exec(statement) }
        let q = SQLDialect.sqlite.quote
        try TargetCheck.verify(tables, present: present, created: missing, mode: mode, location: path) {
            try connection.prepare("SELECT 1 FROM \(q($0.name)) LIMIT 1").step()
        }
        if mode == .truncate {
            for table in tables.reversed() { try connection.exec("DELETE FROM \(q(table.name))") }
        }
    }

    public func open(_ table: Table) throws -> any RowWriter {
        guard let connection else { throw ETLError(.usage, "the sink was not started") }
        let q = SQLDialect.sqlite.quote
        let placeholders = Array(repeating: "?", count: table.columns.count).joined(separator: ", ")
        var sql =
            "INSERT INTO \(q(table.name)) (\(table.columnNames.map(q).joined(separator: ", "))) VALUES (\(placeholders))"
        guard mode == .upsert else {
            return try SQLiteTableWriter(statement: try connection.prepare(sql), table: table, path: path)
        }
        let key = table.primaryKey?.name ?? "id"
        let others = table.columnNames.filter { $0 != key }.map(q)
        sql +=
            " ON CONFLICT (\(q(key))) DO UPDATE SET \(others.map { "\($0) = excluded.\($0)" }.joined(separator: ", "))"
            + " WHERE NOT (\(others.map { "\(q(table.name)).\($0) IS excluded.\($0)" }.joined(separator: " AND ")))"
        let count = "SELECT count(*) FROM \(q(table.name))"
        return try SQLiteTableWriter(
            statement: try connection.prepare(sql), table: table, path: path,
            upsert: .init(connection: connection, count: try connection.prepare(count)))
    }

    public func existingRows(
        of table: Table, columns: [String], matching: [Match], _ body: (Row) throws -> Void
    ) throws {
        guard let connection else { throw ETLError(.usage, "the sink was not started") }
        // A table the database lacks holds no rows (a fixture's natural keys look in every table
        // they may name).
        let exists = try connection.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")
        exists.bind(1, table.name)
        guard try exists.step() else { return }
        let q = SQLDialect.sqlite.quote
        let filter =
            matching.isEmpty
            ? "" : " WHERE " + matching.map { "\(q($0.column)) = ?" }.joined(separator: " AND ")
        let statement = try connection.prepare(
            "SELECT \(columns.map(q).joined(separator: ", ")) FROM \(q(table.name))\(filter)")
        for (i, match) in matching.enumerated() {
            guard let column = table.column(match.column) else { continue }
            SQLiteValues.bind(try Value.parse(match.value, for: column), to: statement, at: Int32(i + 1))
        }
        let wanted = columns.compactMap { table.column($0) }
        while try statement.step() {
            try body(
                try wanted.enumerated().map {
                    try SQLiteValues.read(statement, Int32($0.offset), as: $0.element)
                })
        }
    }

    public func commit() throws {
        guard let connection else { return }
        try checkForeignKeysStoppingOnSignal(connection)
        Progress.status("committing")
        // A signal honoured up to here rolls back; once COMMIT is sent, the load completes.
        try Interrupt.committing { try connection.exec("COMMIT") }
        self.connection = nil
        try placeNewDatabase()
    }

    /// Opens the target, a new database under a staging name.
    ///
    /// A new database is built next to the target (owner-only, as is the journal SQLite copies
    /// the mode to) and renamed into place at commit: a killed run leaves nothing at the final
    /// path, and two runs creating the same file cannot delete each other's.
    private func openDatabase() throws -> SQLiteConnection {
        guard !FileManager.default.fileExists(atPath: path) else {
            return try SQLiteConnection(path: path, readOnly: false)
        }
        let staged = try StagedFile(path: path, replace: false, modes: modes)
        try staged.create().close()
        self.staged = staged
        return try SQLiteConnection(path: staged.stagingPath, readOnly: false, name: path)
    }

    /// Renames a new database into place; it refuses a file another run created meanwhile.
    private func placeNewDatabase() throws {
        try staged?.commit()
        staged = nil
    }

    /// Removes a new database's staging file and what SQLite kept next to it.
    private func discardNewDatabase() {
        guard let staged else { return }
        staged.discard()
        for suffix in ["-journal", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: staged.stagingPath + suffix)
        }
        self.staged = nil
    }

    /// Called before the final foreign-key check; tests use it to send a signal there.
    package var beforeForeignKeyCheck: (() throws -> Void)?

    /// The final foreign-key check, which on a big load takes seconds, stopped by a signal.
    private func checkForeignKeysStoppingOnSignal(_ connection: SQLiteConnection) throws {
        try beforeForeignKeyCheck?()
        Progress.status("validating foreign keys")
        try connection.stoppingOnSignal { try checkForeignKeys(connection) }
    }

    /// Names the first broken reference; SQLite's own COMMIT error does not say which.
    private func checkForeignKeys(_ connection: SQLiteConnection) throws {
        let check = try connection.prepare("PRAGMA foreign_key_check")
        guard try check.step() else { return }
        let table = check.text(0)
        let rowid = check.int64(1)
        let parent = check.text(2)
        throw ETLError(
            .database, "row id \(rowid) references a row of \(parent) that does not exist",
            hint: "load the referenced rows too, or fix the reference"
        ).at(location: path, table: table)
    }

    public func rollback() {
        if let connection, connection.inTransaction { try? connection.exec("ROLLBACK") }
        connection = nil
        discardNewDatabase()
    }
}

/// One table's rows through a reused INSERT statement.
final class SQLiteTableWriter: RowWriter {
    private let statement: SQLiteStatement
    private let table: Table
    private let path: String
    private let upsert: Upsert?
    private let before: Int
    private var staged = 0
    private var changed = 0
    private(set) var upserted: UpsertCounts?

    /// What an upsert needs to tell inserted rows from updated and unchanged ones.
    struct Upsert {
        let connection: SQLiteConnection
        let count: SQLiteStatement

        func rows() throws -> Int {
            defer { count.reset() }
            _ = try count.step()
            return Int(count.int64(0))
        }
    }

    init(statement: SQLiteStatement, table: Table, path: String, upsert: Upsert? = nil) throws {
        self.statement = statement
        self.table = table
        self.path = path
        self.upsert = upsert
        before = try upsert?.rows() ?? 0
    }

    func write(_ row: Row) throws {
        for (i, value) in row.enumerated() { SQLiteValues.bind(value, to: statement, at: Int32(i + 1)) }
        defer { statement.reset() }
        do {
            _ = try statement.step()
        } catch {
            throw error.at(table: table.name)
        }
        if let upsert {
            staged += 1
            changed += upsert.connection.changes
        }
    }

    func finish() throws {
        guard let upsert else { return }
        let inserted = try upsert.rows() - before
        upserted = UpsertCounts(inserted: inserted, updated: changed - inserted, unchanged: staged - changed)
    }
}
