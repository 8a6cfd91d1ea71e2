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
    private var mode = LoadMode.insert
    /// Whether the tables were emptied in this transaction, so COPY can write their rows frozen.
    private var frozen = false

    /// Where a load can be broken on purpose, for the fault-injection tests.
    package enum FaultPoint: Sendable, CaseIterable {
        case beforeFirstCopy, sequenceReset, beforeCommit
    }

    /// Called at each fault point with the server process of the load's connection; tests use it
    /// to terminate that process and check that nothing of the load remains.
    package var faultPoint: ((FaultPoint, _ backendPID: Int32) throws -> Void)?

    public var holdsRows: Bool { true }

    public var displayName: String { url.description }

    /// Targets the database at `url`; nothing happens until `begin`.
    public init(url: PostgresURL, catalog: Catalog = .clinic) {
        self.url = url
        self.catalog = catalog
    }

    public func begin(tables: [Table], mode: LoadMode) throws {
        let connection = try PGConnection(url)
        self.connection = connection
        self.mode = mode
        try connection.exec("BEGIN")
        try LoadLock.take(connection, location: url.description)
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
            // TRUNCATE must name every table that references these; empty ones lose nothing.
            let others = try referencingTables(tables.map(\.name), connection)
            let holding = try others.filter {
                try connection.exec("SELECT 1 FROM \(q($0)) LIMIT 1").rowCount > 0
            }
            guard holding.isEmpty else {
                throw ETLError(
                    .targetNotEmpty,
                    "\(holding.joined(separator: ", ")) \(holding.count == 1 ? "holds" : "hold") rows that reference "
                        + "the tables to truncate; emptying them would lose those rows",
                    hint: "load those tables too (a full backup holds them), or leave out --truncate"
                ).at(location: url.description)
            }
            try connection.exec("TRUNCATE " + (tables.map(\.name) + others).map(q).joined(separator: ", "))
        }
        // Empty tables load the way pg_restore does; appending keeps every constraint in place.
        if !mode.keepsRows {
            deferred = try DeferredIndexes.drop(on: tables.map(\.name), connection)
            frozen = try mode == .truncate || emptyInTransaction(tables, connection)
        }
    }

    /// Truncates the (already empty) tables inside this transaction, so COPY may write rows frozen.
    ///
    /// Frozen rows need no hint bits set on every page afterwards: about a third off COPY and the
    /// index builds and foreign-key checks after it. A table that rows outside the load reference
    /// by foreign key cannot be truncated; then nothing changes and rows are written the usual way.
    private func emptyInTransaction(_ tables: [Table], _ connection: PGConnection) throws -> Bool {
        let q = SQLDialect.postgres.quote
        try connection.exec("SAVEPOINT clinic_etl_truncate")
        do {
            // Tables outside the load that reference it (Django's own, in a database its migrations
            // made) go into the TRUNCATE too, which PostgreSQL requires; they must be empty as well.
            let names = tables.map(\.name) + (try referencingTables(tables.map(\.name), connection))
            let list = names.map(q).joined(separator: ", ")
            // Locked first and found empty again, so rows another session added since the
            // target was checked are never truncated away.
            try connection.exec("LOCK TABLE \(list) IN ACCESS EXCLUSIVE MODE")
            for name in names where try connection.exec("SELECT 1 FROM \(q(name)) LIMIT 1").rowCount > 0 {
                throw ETLError(.database, "\(name) is no longer empty")
            }
            try connection.exec("TRUNCATE " + list)
        } catch {
            try connection.exec("ROLLBACK TO SAVEPOINT clinic_etl_truncate")
            return false
        }
        try connection.exec("RELEASE SAVEPOINT clinic_etl_truncate")
        return true
    }

    /// The tables outside `names` whose foreign keys reference them, directly or through each other.
    private func referencingTables(_ names: [String], _ connection: PGConnection) throws -> [String] {
        var inside = Set(names)
        var found: [String] = []
        var frontier = names
        while !frontier.isEmpty {
            let result = try connection.query(
                """
                SELECT DISTINCT r.relname FROM pg_constraint AS k
                JOIN pg_class AS r ON r.oid = k.conrelid JOIN pg_class AS t ON t.oid = k.confrelid
                WHERE k.contype = 'f' AND t.relnamespace = current_schema()::regnamespace
                  AND r.relnamespace = current_schema()::regnamespace AND t.relname = ANY($1::text[])
                ORDER BY 1
                """, ["{" + frontier.joined(separator: ",") + "}"])
            frontier = (0..<result.rowCount).compactMap { result.value($0, 0) }.filter {
                inside.insert($0).inserted
            }
            found += frontier
        }
        return found
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
        // An upsert stages the rows first, so one INSERT … ON CONFLICT can compare them with the target's.
        let staging = mode == .upsert ? "clinic_etl_stage_\(table.name)" : nil
        do {
            if let staging {
                try connection.exec(
                    "CREATE TEMP TABLE \(q(staging)) (LIKE \(q(table.name)) INCLUDING DEFAULTS) ON COMMIT DROP"
                )
            }
            let freeze = frozen && staging == nil ? ", FREEZE" : ""
            try connection.beginCopyIn(
                "COPY \(q(staging ?? table.name)) (\(list)) FROM STDIN WITH (FORMAT csv\(freeze))")
        } catch {
            throw error.at(location: url.description, table: table.name)
        }
        copying = true
        let writer = CSVWriter(PostgresCopyIn(connection, name: url.description))
        return PostgresTableWriter(writer: writer, table: table) { [self] in
            copying = false
            let counts = try staging.map { try upsert(table, from: $0) }
            try resetSequence(table)
            return counts
        } failed: { [self] error in
            error.at(location: url.description, table: table.name)
        }
    }

    /// Inserts the staged rows that are new, updates those that differ, and counts both.
    private func upsert(_ table: Table, from staging: String) throws -> UpsertCounts {
        guard let connection else { throw ETLError(.usage, "the sink was not started") }
        let q = SQLDialect.postgres.quote
        let columns = table.columnNames.map(q)
        let list = columns.joined(separator: ", ")
        let key = table.primaryKey?.name ?? "id"
        let others = table.columnNames.filter { $0 != key }.map(q)
        let assignments = others.map { "\($0) = EXCLUDED.\($0)" }.joined(separator: ", ")
        let differs =
            "(\(others.map { "t.\($0)" }.joined(separator: ", "))) IS DISTINCT FROM "
            + "(\(others.map { "EXCLUDED.\($0)" }.joined(separator: ", ")))"
        // xmax is 0 for a row this statement inserted and set for one it updated.
        let result = try connection.exec(
            """
            WITH changed AS (
              INSERT INTO \(q(table.name)) AS t (\(list)) SELECT \(list) FROM \(q(staging))
              ON CONFLICT (\(q(key))) DO UPDATE SET \(assignments) WHERE \(differs)
              RETURNING (t.xmax = 0) AS inserted)
            SELECT (SELECT count(*) FROM changed WHERE inserted), (SELECT count(*) FROM changed WHERE NOT inserted),
              (SELECT count(*) FROM \(q(staging)))
            """)
        try connection.exec("DROP TABLE \(q(staging))")
        let figures = (0..<3).map { Int(result.value(0, $0) ?? "") ?? 0 }
        return UpsertCounts(
            inserted: figures[0], updated: figures[1], unchanged: figures[2] - figures[0] - figures[1])
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
        // A table the database lacks holds no rows (a fixture's natural keys look in every table
        // they may name); asking the catalog keeps the transaction clear of an error.
        guard try connection.query("SELECT to_regclass($1)", [q(table.name)]).value(0, 0) != nil else {
            return
        }
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
            Progress.status("committing")
            // A signal honoured up to here rolls back; once COMMIT is sent, the load completes.
            try Interrupt.committing { try connection.exec("COMMIT") }
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
    private let finished: () throws -> UpsertCounts?
    private let failed: (ETLError) -> ETLError
    private(set) var upserted: UpsertCounts?

    init(
        writer: CSVWriter, table: Table, finished: @escaping () throws -> UpsertCounts?,
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
            upserted = try finished()
        } catch let error as ETLError {
            throw failed(error)
        }
    }
}
