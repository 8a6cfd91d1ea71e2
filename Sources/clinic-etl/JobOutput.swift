import ArgumentParser
import ClinicFormats
import ClinicPipeline
import Foundation

/// How a finished job is shown: violations, summary, outcome, and the exit status.
struct JobOutput {
    /// Examples printed per rule.
    var examples = 5
    /// Where to write the JSON report, if anywhere.
    var reportPath: String?
    /// The permissions of the report file.
    var modes = FileModes.ownerOnly
    /// What to do about invalid rows, when the job knows better than fixing them or rejecting them.
    var invalidHint: String?

    /// Prints the violations, the summary and how the run ended, writes the JSON report, and
    /// exits with the outcome's status.
    func finish(_ result: JobResult, rejects: RejectsFolder?, showWritten: Bool) throws {
        let details = result.report.rendered(examples: examples)
        if !details.isEmpty { print(details + "\n") }
        print(result.summary.rendered(showWritten: showWritten))
        if let u = result.summary.upserted, result.outcome.wroteRows {
            print("upsert: \(u.inserted) inserted, \(u.updated) updated, \(u.unchanged) unchanged")
        }
        for note in result.notes { StandardError.write("note: \(note)\n") }
        if let reportPath {
            // Replaced whole, like every file the tool writes: it holds the invalid values.
            let staged = try StagedFile(path: reportPath, replace: true, modes: modes)
            let file = try staged.create()
            try file.write([UInt8](result.report.json(seconds: result.seconds)))
            try file.close()
            try staged.commit()
        }
        let rejectsNote = rejects.map { "; they are in \($0.displayName)/ (reasons in _reasons.csv)" } ?? ""
        switch result.outcome {
        case .clean:
            return
        case .loadedWithRejects(let count, _):
            StandardError.write("loaded the valid rows; \(count) invalid rows were set aside\(rejectsNote)\n")
        case .invalid(let count, let written):
            if showWritten {
                StandardError.write(
                    "error: \(count) invalid rows; nothing was written to the target\n"
                        + "  hint: \(invalidHint ?? "fix them, or pass --on-error reject to load the valid rows and set the others aside")\n"
                )
            } else {
                StandardError.write(
                    "error: \(count) invalid rows\(written ? rejectsNote : "")\n"
                        + (invalidHint.map { "  hint: \($0)\n" } ?? ""))
            }
        case .incompleteSource(let lines):
            StandardError.write(
                "warning: the source is incomplete: its writer set rows aside\n"
                    + lines.map { "  \($0)\n" }.joined()
                    + "  hint: those rows are in the rejects folder of the run that wrote it; load them with --append\n"
            )
        case .stoppedEarly(let count):
            StandardError.write(
                "error: stopped after \(count) invalid rows (--max-errors)"
                    + (showWritten ? "; nothing was written to the target\n" : "\n"))
        }
        throw ExitCode(result.outcome.exitStatus)
    }
}
