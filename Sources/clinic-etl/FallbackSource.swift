import ClinicPipeline
import ClinicStores
import Foundation

/// Where `report` reads when no SOURCE is given: `$DATABASE_URL`, else `sqlite:///db.sqlite3` as
/// the app's settings fall back to, named when it is used so nobody wonders which data was read.
enum FallbackSource {
    /// The location to read.
    static func location(
        _ given: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> Location {
        if let given { return try Location(given, environment: environment) }
        if let url = environment["DATABASE_URL"], !url.isEmpty {
            return try Location("$DATABASE_URL", environment: environment)
        }
        let path = "db.sqlite3"
        guard FileManager.default.fileExists(atPath: path) else {
            throw ETLError(
                .usage,
                "no SOURCE given and $DATABASE_URL is not set, and the app's fallback sqlite:///\(path) "
                    + "is not in \(FileManager.default.currentDirectoryPath)",
                hint: "give the SOURCE, e.g. clinic-etl report \"$DATABASE_URL\"; " + LocationForms.hint)
        }
        Console.diagnostic(
            "note: no SOURCE given and $DATABASE_URL is not set: reading sqlite:///\(path), the app's own fallback"
        )
        return .sqlite(path: path)
    }
}
