import ClinicFormats
import ClinicPipeline
import ClinicSchema

/// Loads tables into PostgreSQL with `COPY … FROM STDIN`, all in one transaction.
public final class PostgresSink: Sink {
    private let url: PostgresURL
    private let catalog: Catalog
    private var connection: PGConnection?
    private var copying = false
    private var copied = false
    private var deferred: DeferredIndexes?

    /// Where a load can be broken on purpose, for the fault-injection tests.
    package enum FaultPoint: Sendable, CaseIterable {
        case beforeFirstCopy, sequenceReset, beforeCommit
    }

    /// Called at each fault point with the server process of the load's connection; tests use it
    /// to terminate that process and check that nothing of the load remains.
    package var faultPoint: ((FaultPoint, _ backendPID: Int32) throws -> Void)?

    public var displayName: String { url.description }

    /// Targets the database at `url`; nothing happens until `begin`.
    public init(url: PostgresURL, catalog: Catalog = .clinic) {
        self.url = url
        self.catalog = catalog
    }

    public func begin(tables: [Table], mode: LoadMode) throws {
        let connection = try PGConnection(url)
        self.connection = connection
        try connection.exec("BEGIN")
        try connection.exec(PostgresSession.pinned)
        var present = try PostgresSession.columns(connection, tables: catalog.tables.map(\.name))
        let missing = Set(requiredTables(tables).map(\.name)).subtracting(present.keys)
        if !missing.isEmpty {
            for statement in catalog.ddl(.postgres, tables: missing) { try connection.exec(statement) }
            present = try PostgresSession.columns(connection, tables: catalog.tables.map(\.name))
        }
        let q = SQLDialect.postgres.quote
        try TargetCheck.verify(
            tables, present: present, created: missing, mode: mode, location: url.description
        ) {
            try connection.exec("SELECT 1 FROM \(q($0.name)) LIMIT 1").rowCount > 0
        }
        if mode == .truncate {
            do {
                try connection.exec("TRUNCATE " + tables.map { q($0.name) }.joined(separator: ", "))
            } catch var error as ETLError {
                error.hint = "tables outside --tables reference these; include them too"
                throw error.at(location: url.description)
            }
        }
        // Empty tables load the way pg_restore does; appending keeps every constraint in place.
        if mode != .append { deferred = try DeferredIndexes.drop(on: tables.map(\.name), connection) }
    }

    /// `tables` and every table they reference, directly or not, which must exist before loading.
    private func requiredTables(_ tables: [Table]) -> [Table] {
        var names = Set(tables.map(\.name))
        var frontier = tables
        while let table = frontier.popLast() {
            for (_, key) in table.foreignKeys where !names.contains(key.table) {
                names.insert(key.table)
                if let target = catalog.table(named: key.table) { frontier.append(target) }
            }
        }
        return catalog.loadOrder(selecting: names)
    }

    public func open(_ table: Table) throws -> any RowWriter {
        guard let connection else { throw ETLError(.usage, "the sink was not started") }
        if !copied { try faultPoint?(.beforeFirstCopy, connection.backendPID) }
        copied = true
        let q = SQLDialect.postgres.quote
        let list = table.columnNames.map(q).joined(separator: ", ")
        do {
            try connection.beginCopyIn("COPY \(q(table.name)) (\(list)) FROM STDIN WITH (FORMAT csv)")
        } catch {
            throw error.at(location: url.description, table: table.name)
        }
        copying = true
        let writer = CSVWriter(PostgresCopyIn(connection, name: url.description))
        return PostgresTableWriter(writer: writer, table: table) { [self] in
            copying = false
            try resetSequence(table)
        } failed: { [self] error in
            error.at(location: url.description, table: table.name)
        }
    }

    /// Moves the table's id sequence past the highest id, so the app's next insert gets a fresh one.
    private func resetSequence(_ table: Table) throws {
        guard let connection, table.columns.contains(where: \.type.isPrimaryKey) else { return }
        try faultPoint?(.sequenceReset, connection.backendPID)
        let q = SQLDialect.postgres.quote
        try connection.query(
            "SELECT setval(pg_get_serial_sequence($1, 'id'), m) FROM (SELECT max(\(q("id"))) AS m FROM "
                + "\(q(table.name))) AS s WHERE m IS NOT NULL AND pg_get_serial_sequence($1, 'id') IS NOT NULL",
            [q(table.name)])
    }

    public func existingRows(
        of table: Table, columns: [String], matching: [Match], _ body: (Row) throws -> Void
    ) throws {
        guard let connection else { throw ETLError(.usage, "the sink was not started") }
        let q = SQLDialect.postgres.quote
        let conditions = try matching.map { "\(q($0.column)) = \(try connection.literal($0.value))" }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        try connection.beginCopyOut(
            "COPY (SELECT \(columns.map(q).joined(separator: ", ")) FROM \(q(table.name))\(filter)) TO STDOUT WITH (FORMAT csv)"
        )
        let reader = CSVReader(PostgresCopyOut(connection, name: "\(url.description) \(table.name)"))
        let wanted = columns.compactMap { table.column($0) }
        while try reader.nextRecord() {
            var row: Row = []
            for (i, column) in wanted.enumerated() {
                let bytes = reader.field(i)
                row.append(bytes.isEmpty && !reader.isQuoted(i) ? .null : try Value.parse(bytes, for: column))
            }
            try body(row)
        }
    }

    public func commit() throws {
        guard let connection else { return }
        do {
            try deferred?.recreate(connection)
            try faultPoint?(.beforeCommit, connection.backendPID)
            try connection.exec("COMMIT")
        } catch {
            throw error.at(location: url.description)
        }
        self.connection = nil
    }

    public func rollback() {
        guard let connection else { return }
        if copying { try? connection.endCopyIn(error: "clinic-etl aborted the load") }
        if connection.inTransaction { _ = try? connection.exec("ROLLBACK") }
        self.connection = nil
    }
}

/// One table's rows into a running COPY.
final class PostgresTableWriter: RowWriter {
    private let writer: CSVWriter
    private let table: Table
    private let finished: () throws -> Void
    private let failed: (ETLError) -> ETLError

    init(
        writer: CSVWriter, table: Table, finished: @escaping () throws -> Void,
        failed: @escaping (ETLError) -> ETLError
    ) {
        self.writer = writer
        self.table = table
        self.finished = finished
        self.failed = failed
    }

    func write(_ row: Row) throws {
        do { try writer.write(row) } catch let error as ETLError { throw failed(error) }
    }

    /// A CSV source's record goes to the server as it was: PostgreSQL reads the same text the
    /// validator read, so rendering it again would only cost time.
    func write(_ row: Row, from cursor: any RowCursor) throws {
        do {
            if try !writer.writeRecord({ cursor.appendCopyLine(to: &$0) }) { try writer.write(row) }
        } catch let error as ETLError {
            throw failed(error)
        }
    }

    func finish() throws {
        do {
            try writer.close()
            try finished()
        } catch let error as ETLError {
            throw failed(error)
        }
    }
}
