import ClinicFormats
import ClinicPipeline
import ClinicSchema
import Foundation

/// Creates the schema's tables in a database that does not have them yet.
public enum SchemaCreator {
    /// Creates `tables` (default: all) at `location` in one transaction; returns their names.
    ///
    /// Refuses when any of them already exists, so nothing is half-created.
    @discardableResult
    public static func create(
        at location: Location, tables: Set<String>? = nil, catalog: Catalog = .clinic,
        modes: FileModes = .ownerOnly
    ) throws -> [String] {
        let wanted = catalog.loadOrder(selecting: tables).map(\.name)
        switch location {
        case .postgres(let url):
            let connection = try PGConnection(url)
            try connection.exec("BEGIN")
            let existing = try PostgresSession.columns(connection, tables: wanted).keys
            try refuse(existing.sorted(), at: location)
            for statement in catalog.ddl(.postgres, tables: tables) { try connection.exec(statement) }
            try connection.exec("COMMIT")
        case .sqlite(let path):
            // A new file is built owner-only under a staging name, like a load's, whatever the umask.
            let staged =
                FileManager.default.fileExists(atPath: path)
                ? nil : try StagedFile(path: path, replace: false, modes: modes)
            try staged?.create().close()
            let connection = try SQLiteConnection(
                path: staged?.stagingPath ?? path, readOnly: false, name: path)
            try connection.exec("BEGIN IMMEDIATE")
            let existing = try SQLiteSchema.columns(connection, tables: wanted).keys
            try refuse(existing.sorted(), at: location)
            for statement in catalog.ddl(.sqlite, tables: tables) { try connection.exec(statement) }
            try connection.exec("COMMIT")
            try staged?.commit()
        case .csvFolder, .fixture, .archive, .pgDump, .encrypted:
            throw ETLError(.usage, "--create needs a database (a PostgreSQL or SQLite URL)")
        }
        return wanted
    }

    private static func refuse(_ existing: [String], at location: Location) throws {
        guard !existing.isEmpty else { return }
        throw ETLError(
            .targetNotEmpty, "tables already exist: \(existing.joined(separator: ", "))",
            hint: "use an empty database, or drop these tables first"
        ).at(location: location.description)
    }
}
