import ClinicPipeline

/// What `pg_restore` does to load empty tables fast.
///
/// Inside the load's transaction, drop the tables' foreign keys, their primary-key and unique
/// constraints (unless a table outside the load references them) and their plain indexes, COPY,
/// then recreate each from its exact catalog definition: every index is built once, in bulk, and
/// every foreign key is checked by one query instead of a trigger per row. A schema made by
/// Django's migrations comes back identical, and a failure anywhere rolls all of it back.
struct DeferredIndexes {
    private var keys: [String] = []
    private var indexes: [String] = []
    private var foreignKeys: [String] = []

    /// Drops what can be rebuilt after the load, on `tables`.
    static func drop(on tables: [String], _ connection: PGConnection) throws -> DeferredIndexes {
        var deferred = DeferredIndexes()
        let loaded = """
            (SELECT c.oid FROM pg_class c WHERE c.relname = ANY($1::text[])
             AND c.relnamespace = current_schema()::regnamespace)
            """
        let names = "{" + tables.map { "\"\($0)\"" }.joined(separator: ",") + "}"
        let constraints = try connection.query(
            """
            SELECT contype, quote_ident(conrelid::regclass::text), quote_ident(conname), pg_get_constraintdef(oid)
            FROM pg_constraint AS k
            WHERE conrelid IN \(loaded)
              AND (contype = 'f' OR contype IN ('p', 'u') AND NOT EXISTS (
                SELECT 1 FROM pg_constraint AS f
                WHERE f.contype = 'f' AND f.confrelid = k.conrelid AND f.conrelid NOT IN \(loaded)))
            ORDER BY contype DESC, 2, 3
            """, [names])
        var dropKeys: [String] = []
        var dropForeignKeys: [String] = []
        for row in 0..<constraints.rowCount {
            guard let type = constraints.value(row, 0), let table = constraints.value(row, 1),
                let name = constraints.value(row, 2), let definition = constraints.value(row, 3)
            else { continue }
            let drop = "ALTER TABLE \(table) DROP CONSTRAINT \(name)"
            let add = "ALTER TABLE \(table) ADD CONSTRAINT \(name) \(definition)"
            if type == "f" {
                dropForeignKeys.append(drop)
                deferred.foreignKeys.append(add)
            } else {
                dropKeys.append(drop)
                deferred.keys.append(add)
            }
        }
        let plain = try connection.query(
            """
            SELECT quote_ident(ci.relname), pg_get_indexdef(i.indexrelid)
            FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid
            WHERE i.indrelid IN \(loaded)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            ORDER BY 1
            """, [names])
        var dropIndexes: [String] = []
        for row in 0..<plain.rowCount {
            guard let name = plain.value(row, 0), let definition = plain.value(row, 1) else { continue }
            dropIndexes.append("DROP INDEX \(name)")
            deferred.indexes.append(definition)
        }
        // Foreign keys go first: they depend on the keys they reference.
        for statement in dropForeignKeys + dropKeys + dropIndexes { try connection.exec(statement) }
        return deferred
    }

    /// Recreates everything that was dropped: keys, then indexes, then the foreign keys that use
    /// them; a duplicate or a broken reference fails here.
    func recreate(_ connection: PGConnection) throws {
        // Index builds and the bulk foreign-key checks sort and hash whole tables; give them room.
        try connection.exec("SET LOCAL maintenance_work_mem = '256MB'; SET LOCAL work_mem = '64MB'")
        let builds = keys + indexes
        for (i, statement) in builds.enumerated() {
            Progress.status("rebuilding indexes (\(i + 1) of \(builds.count))")
            try Interrupt.check()
            try connection.exec(statement)
        }
        for (i, statement) in foreignKeys.enumerated() {
            Progress.status("validating foreign keys (\(i + 1) of \(foreignKeys.count))")
            try Interrupt.check()
            try connection.exec(statement)
        }
    }
}
