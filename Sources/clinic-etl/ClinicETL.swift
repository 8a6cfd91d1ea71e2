import ArgumentParser
import ClinicFormats
import ClinicPipeline
import ClinicStores
import Foundation

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
        version: ToolVersion.number,
        subcommands: [Report.self, Copy.self, Check.self, Schema.self, Sample.self, Keygen.self])

    /// Parses and runs a command, first catching a mistyped command name: ArgumentParser would
    /// only say "unexpected argument".
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let first = arguments.first, !first.hasPrefix("-") {
            let names = configuration.subcommands.map { $0._commandName }
            if !names.contains(first) && first != "help" {
                let suggestion = NameSuggestion.closest(to: first, among: names)
                Console.conclusion(
                    "error: unknown command \"\(first)\""
                        + (suggestion.map { "; did you mean `clinic-etl \($0)`?" } ?? "")
                        + "\n  hint: the commands are \(names.joined(separator: ", ")); "
                        + "`clinic-etl --help` says what each does")
                Foundation.exit(ExitCode.validationFailure.rawValue)
            }
        }
        main(arguments)
    }
}

/// Options every data-moving command shares, each in its part of `--help`.
struct CommonOptions: ParsableArguments {
    @OptionGroup(title: "Source and target") var store: StoreOptions

    @OptionGroup(title: "Validation") var limits: LimitOptions

    @OptionGroup(title: "Output") var output: OutputOptions

    /// `--quiet`.
    var quiet: Bool { output.quiet }
    /// `--audit-log`.
    var auditLog: String? { output.auditLog }
    /// `--file-mode`, as given.
    var fileMode: String { store.fileMode }
    /// `--connect-retries`.
    var connectRetries: Int { store.connectRetries }
    /// `--max-field-mib`.
    var maxFieldMiB: Int { limits.maxFieldMiB }

    /// The permissions from `--file-mode` (checked in `validate`).
    var modes: FileModes { (try? FileModes(octal: fileMode)) ?? .ownerOnly }

    func validate() throws {
        guard (0...20).contains(connectRetries) else { throw ValidationError("--connect-retries is 0 to 20") }
        guard (1...4096).contains(maxFieldMiB) else { throw ValidationError("--max-field-mib is 1 to 4096") }
        do {
            _ = try FileModes(octal: fileMode)
        } catch let error as ETLError {
            throw ValidationError("--file-mode: \(error.message); \(error.hint ?? "")")
        }
    }

    /// Signal handling, input limits and what to print, before a command touches any data.
    func prepare() {
        Console.configure(quiet: output.quiet, json: output.json)
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
        var text = "error: \(error)"
        if error.code == .interrupted { text = "error: \(error); nothing was written to the target" }
        if Console.json { Console.json(SummaryDocument(failure: error)) }
        Console.conclusion(text)
        throw ExitCode(error.exitStatus)
    }
}
