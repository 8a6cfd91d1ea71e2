import ArgumentParser
import ClinicPipeline

/// The `clinic-etl` command: moves the dental clinic app's data between PostgreSQL, SQLite and
/// CSV folders, checking it on the way.
@main
struct ClinicETL: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clinic-etl",
        abstract: "Move the dental clinic app's data between PostgreSQL, SQLite and CSV, safely.",
        discussion: """
            Locations: postgresql://user:pass@host:5432/db (or $DATABASE_URL), sqlite:///clinic.sqlite3,
            or a folder of api_<table>.csv[.gz] files.

            Example:
              clinic-etl copy samples/clinic sqlite:///clinic.sqlite3
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
