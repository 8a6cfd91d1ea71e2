import ArgumentParser
import ClinicFormats
import ClinicPipeline
import Foundation

/// How a finished job is shown: violations and notes on standard error, the summary (or the
/// `--json` object) on standard output, then how the run ended, and the exit status.
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
        if !details.isEmpty { Console.diagnostic(details + "\n") }
        Console.result(result.summary.rendered(showWritten: showWritten))
        for note in result.notes { Console.diagnostic("note: \(note)") }
        if let reportPath {
            // Replaced whole, like every file the tool writes: it holds the invalid values.
            let staged = try StagedFile(path: reportPath, replace: true, modes: modes)
            let file = try staged.create()
            try file.write([UInt8](result.report.json(seconds: result.seconds)))
            try file.close()
            try staged.commit()
        }
        let rejectsWritten =
            switch result.outcome {
            case .loadedWithRejects(_, let written), .invalid(_, let written): written
            default: false
            }
        if Console.json {
            Console.json(
                SummaryDocument(
                    result, showWritten: showWritten, rejects: rejectsWritten ? rejects?.displayName : nil))
        }
        conclude(result, rejects: rejects, showWritten: showWritten)
        if result.outcome.exitStatus != 0 { throw ExitCode(result.outcome.exitStatus) }
    }

    /// The last words: a warning or error when the run did not end clean, and `check`'s verdict.
    private func conclude(_ result: JobResult, rejects: RejectsFolder?, showWritten: Bool) {
        let rejectsNote = rejects.map { "; they are in \($0.displayName)/ (reasons in _reasons.csv)" } ?? ""
        let invalid = { (count: Int) in Counting.count(count, "invalid row") }
        // `check` writes nothing, and ends with a one-line verdict.
        let verdict = !showWritten
        switch result.outcome {
        case .clean:
            if verdict { Console.diagnostic(verdictLine(result)) }
        case .loadedWithRejects(let count, _):
            Console.conclusion(
                "loaded the valid rows; \(invalid(count)) \(count == 1 ? "was" : "were") set aside\(rejectsNote)"
            )
        case .invalid(let count, let written):
            if showWritten {
                Console.conclusion(
                    "error: \(invalid(count)); nothing was written to the target\n"
                        + "  hint: \(invalidHint ?? "fix them, or pass --on-error reject to load the valid rows and set the others aside")"
                )
            } else {
                Console.conclusion(
                    "error: \(invalid(count))\(written ? rejectsNote : ""); \(verdictLine(result))"
                        + (invalidHint.map { "\n  hint: \($0)" } ?? ""))
            }
        case .incompleteSource(let lines):
            Console.conclusion(
                "warning: the source is incomplete: its writer set rows aside\n"
                    + lines.map { "  \($0)\n" }.joined()
                    + "  hint: those rows are in the rejects folder of the run that wrote it; load them with --append"
                    + (verdict ? "\n" + verdictLine(result) : ""))
        case .stoppedEarly(let count):
            Console.conclusion(
                "error: stopped after \(invalid(count)) (--max-errors)"
                    + (showWritten ? "; nothing was written to the target" : ""))
        }
    }

    /// `check`'s verdict: "0 errors, 2 warnings in 4,321 rows of 19 tables".
    private func verdictLine(_ result: JobResult) -> String {
        let total = result.summary.total
        return "\(Counting.count(result.report.errorCount, "error")), "
            + "\(Counting.count(result.report.warningCount, "warning")) in "
            + "\(Counting.count(total.rowsRead, "row")) of \(Counting.count(result.summary.tables.count, "table"))"
    }
}
