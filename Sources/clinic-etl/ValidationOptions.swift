import ArgumentParser
import ClinicFormats
import ClinicPipeline
import ClinicStores
import Foundation

/// Options of the commands that validate rows.
struct ValidationOptions: ParsableArguments {
    @Option(help: "What to do with invalid rows: abort (write nothing) or reject (load the valid rows).")
    var onError: CopyJob.ErrorPolicy = .abort

    @Option(help: "Stop once this many rows are invalid.")
    var maxErrors: Int?

    @Option(help: "Folder for rejected rows (default: next to the source, SOURCE.rejects).")
    var rejects: String?

    @Option(help: "Also write the validation report as JSON to this file.")
    var report: String?

    @Option(help: "How many examples to print per rule.")
    var examples = 5

    @Flag(
        help: ArgumentHelp(
            "Refuse rows that break the app's model rules (required text, choices, email and password "
                + "formats), as Django's full_clean() would; they are warnings otherwise, as in loaddata."))
    var strict = false

    /// Whether model rules are errors: `--strict`, or a mapping migration unless it says `strict: false`.
    func isStrict(_ input: TransformedSource) -> Bool {
        strict || (input.mapped?.isStrict ?? false)
    }

    func validate() throws {
        if let maxErrors, maxErrors < 1 { throw ValidationError("--max-errors must be at least 1") }
    }

    /// The rejects folder for a source, when rejects are kept.
    func rejectsFolder(source: String, keep: Bool, modes: FileModes) -> RejectsFolder? {
        guard keep else { return nil }
        // A database's name (a URL, a libpq string with its password) is no folder name.
        let named = (try? Location(source))?.isFile == true ? source : "clinic-etl"
        return RejectsFolder(path: rejects ?? RejectsFolder.defaultPath(forSource: named), modes: modes)
    }

    /// Prints the violations, the summary and how the run ended, writes the JSON report, and
    /// exits with the outcome's status.
    func finish(
        _ result: JobResult, rejects: RejectsFolder?, showWritten: Bool, modes: FileModes, hint: String? = nil
    ) throws {
        try JobOutput(examples: examples, reportPath: report, modes: modes, invalidHint: hint).finish(
            result, rejects: rejects, showWritten: showWritten)
    }
}

extension CopyJob.ErrorPolicy: ExpressibleByArgument {}

extension LoadMode: ExpressibleByArgument {}
