import ClinicPipeline

/// What `pg_restore` does to load empty tables fast.
///
/// Inside the load's transaction, drop the tables' foreign keys and plain indexes, COPY, then recreate each from its exact catalog
/// definition, so every index is built once and every foreign key is checked by one bulk query
/// instead of a trigger per row. A schema made by Django's migrations comes back identical, and a
/// failure anywhere rolls all of it back.
struct DeferredIndexes {
    private var restore: [String] = []

    /// Drops the foreign keys declared on `tables` and their indexes that back no constraint.
    static func drop(on tables: [String], _ connection: PGConnection) throws -> DeferredIndexes {
        var deferred = DeferredIndexes()
        let names = "{" + tables.map { "\"\($0)\"" }.joined(separator: ",") + "}"
        let constraints = try connection.query(
            """
            SELECT quote_ident(conrelid::regclass::text), quote_ident(conname), pg_get_constraintdef(oid)
            FROM pg_constraint
            WHERE contype = 'f' AND conrelid = ANY(
              SELECT c.oid FROM pg_class c WHERE c.relname = ANY($1::text[])
                AND c.relnamespace = current_schema()::regnamespace)
            ORDER BY 1, 2
            """, [names])
        var drops: [String] = []
        for row in 0..<constraints.rowCount {
            guard let table = constraints.value(row, 0), let name = constraints.value(row, 1),
                let definition = constraints.value(row, 2)
            else { continue }
            drops.append("ALTER TABLE \(table) DROP CONSTRAINT \(name)")
            deferred.restore.append("ALTER TABLE \(table) ADD CONSTRAINT \(name) \(definition)")
        }
        let indexes = try connection.query(
            """
            SELECT quote_ident(ci.relname), pg_get_indexdef(i.indexrelid)
            FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid JOIN pg_class ct ON ct.oid = i.indrelid
            WHERE ct.relname = ANY($1::text[]) AND ct.relnamespace = current_schema()::regnamespace
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            ORDER BY 1
            """, [names])
        for row in 0..<indexes.rowCount {
            guard let name = indexes.value(row, 0), let definition = indexes.value(row, 1) else { continue }
            drops.append("DROP INDEX \(name)")
            // Indexes first, so the foreign-key checks below can use them.
            deferred.restore.insert(definition, at: 0)
        }
        for statement in drops { try connection.exec(statement) }
        return deferred
    }

    /// Recreates everything that was dropped; a row breaking a foreign key fails here.
    func recreate(_ connection: PGConnection) throws {
        // Index builds and the bulk foreign-key checks sort and hash whole tables; give them room.
        try connection.exec("SET LOCAL maintenance_work_mem = '256MB'; SET LOCAL work_mem = '64MB'")
        for statement in restore { try connection.exec(statement) }
    }
}
