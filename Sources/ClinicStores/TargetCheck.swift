import ClinicPipeline
import ClinicSchema

/// The checks every database target makes before a load, inside its transaction.
enum TargetCheck {
    /// Refuses tables that lack a catalog column, and (in insert mode) tables that already hold
    /// rows; tables created for this load are neither.
    static func verify(
        _ tables: [Table], present: [String: Set<String>], created: Set<String>, mode: LoadMode,
        location: String,
        hasRows: (Table) throws -> Bool
    ) throws {
        var occupied: [String] = []
        for table in tables where !created.contains(table.name) {
            let lacking = table.columnNames.filter { !(present[table.name]?.contains($0) ?? false) }
            guard lacking.isEmpty else {
                throw ETLError(
                    .database, "the target table has no column \(lacking.joined(separator: ", "))",
                    hint: "migrate the app's database to the current schema first"
                ).at(location: location, table: table.name)
            }
            if mode == .insert, try hasRows(table) { occupied.append(table.name) }
        }
        guard occupied.isEmpty else {
            throw ETLError(
                .targetNotEmpty, "the target already holds rows in \(occupied.joined(separator: ", "))",
                hint: "pass --truncate to replace them or --append to add to them"
            ).at(location: location)
        }
    }
}
