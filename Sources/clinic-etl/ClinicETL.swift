import ArgumentParser
import ClinicFormats
import ClinicPipeline
import ClinicStores

/// The `clinic-etl` command: moves the dental clinic app's data between PostgreSQL, SQLite and
/// CSV folders, checking it on the way.
@main
struct ClinicETL: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clinic-etl",
        abstract: "The dental clinic app's data pipeline: monthly reports, migrations, verified backups.",
        discussion: """
            Locations: postgresql://… or $DATABASE_URL, sqlite:///clinic.sqlite3, a CSV folder, \
            a Django fixture (.json, .jsonl, .xml, .gz) or a backup archive (.tar.gz); fixtures and \
            archives age-encrypted as ….age (see `copy --help` and `keygen --help`).

            Examples:
              clinic-etl report samples/clinic --month 2025-10 --timezone Asia/Manila
              clinic-etl copy samples/clinic sqlite:///clinic.sqlite3
              clinic-etl copy "$DATABASE_URL" backup-2025-11.tar.gz
              clinic-etl copy "$DATABASE_URL" backup-2025-11.tar.gz.age --recipient age1…
            """,
        subcommands: [Report.self, Copy.self, Check.self, Schema.self, Sample.self, Keygen.self])
}

/// Options every data-moving command shares.
struct CommonOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Print no progress line.")
    var quiet = false

    @Option(
        name: .customLong("max-field-mib"),
        help: "Refuse a CSV field, JSON string or fixture value larger than this (MiB; a record 4×).")
    var maxFieldMiB = 64

    @Option(help: "Permissions of the files written, in octal; folders get x where r is granted.")
    var fileMode = "600"

    @Option(
        help: "Append one JSON line about this run (who, what, row counts, checksums, outcome) to this file.")
    var auditLog: String?

    @Option(help: "Retry the first connection to PostgreSQL this many times, waiting longer each time.")
    var connectRetries = 0

    /// The permissions from `--file-mode` (checked in `validate`).
    var modes: FileModes { (try? FileModes(octal: fileMode)) ?? .ownerOnly }

    func validate() throws {
        guard (0...20).contains(connectRetries) else { throw ValidationError("--connect-retries is 0 to 20") }
        guard (0...20).contains(connectRetries) else { throw ValidationError("--connect-retries is 0 to 20") }
        guard (1...4096).contains(maxFieldMiB) else { throw ValidationError("--max-field-mib is 1 to 4096") }
        do {
            _ = try FileModes(octal: fileMode)
        } catch let error as ETLError {
            throw ValidationError("--file-mode: \(error.message); \(error.hint ?? "")")
        }
    }

    /// Signal handling and input limits, before a command touches any data.
    func prepare() {
        Interrupt.install()
        InputLimits.fieldBytes = maxFieldMiB << 20
        ConnectPolicy.retries = connectRetries
    }
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
