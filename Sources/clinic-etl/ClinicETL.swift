import ArgumentParser
import ClinicPipeline

/// The `clinic-etl` command: moves the dental clinic app's data between PostgreSQL, SQLite and
/// CSV folders, checking it on the way.
@main
struct ClinicETL: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clinic-etl",
        abstract: "The dental clinic app's data pipeline: monthly reports, migrations, verified backups.",
        discussion: """
            Locations: postgresql://… or $DATABASE_URL, sqlite:///clinic.sqlite3, a CSV folder, \
            a Django fixture (.json, .jsonl, .xml, .gz) or a backup archive (.tar.gz).

            Examples:
              clinic-etl report samples/clinic --month 2025-10 --timezone Asia/Manila
              clinic-etl copy samples/clinic sqlite:///clinic.sqlite3
              clinic-etl copy "$DATABASE_URL" backup-2025-11.tar.gz
            """,
        subcommands: [Report.self, Copy.self, Check.self, Schema.self, Sample.self])
}

/// Options every data-moving command shares.
struct CommonOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Print no progress line.")
    var quiet = false
}

/// Runs a command body, turning an `ETLError` into a message on standard error and its exit status.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ETLError {
        var text = "error: \(error)\n"
        if error.code == .interrupted { text = "error: \(error); nothing was written to the target\n" }
        StandardError.write(text)
        throw ExitCode(error.exitStatus)
    }
}
