import ArgumentParser
import ClinicFormats
import ClinicPipeline
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

    func validate() throws {
        if let maxErrors, maxErrors < 1 { throw ValidationError("--max-errors must be at least 1") }
    }

    /// The rejects folder for a source, when rejects are kept.
    func rejectsFolder(source: String, keep: Bool) -> RejectsFolder? {
        guard keep else { return nil }
        return RejectsFolder(path: rejects ?? RejectsFolder.defaultPath(forSource: source))
    }

    /// Prints the violations, the summary and how the run ended, writes the JSON report, and
    /// exits with the outcome's status.
    func finish(_ result: JobResult, rejects: RejectsFolder?, showWritten: Bool) throws {
        let details = result.report.rendered(examples: examples)
        if !details.isEmpty { print(details + "\n") }
        print(result.summary.rendered(showWritten: showWritten))
        if let report {
            do {
                try result.report.json(seconds: result.seconds).write(to: URL(fileURLWithPath: report))
            } catch {
                throw ETLError(.io, "cannot write the report: \(error.localizedDescription)").at(location: report)
            }
        }
        let rejectsNote = rejects.map { " to \($0.displayName)" } ?? ""
        switch result.outcome {
        case .clean:
            return
        case .loadedWithRejects(let count, _):
            StandardError.write("loaded the valid rows; \(count) invalid rows were rejected\(rejectsNote)\n")
        case .invalid(let count, let written):
            if showWritten {
                StandardError.write(
                    "error: \(count) invalid rows; nothing was written to the target\n"
                        + "  hint: fix them, or pass --on-error reject to load the valid rows and set the others aside\n")
            } else {
                StandardError.write("error: \(count) invalid rows\(written ? "; written" + rejectsNote : "")\n")
            }
        case .stoppedEarly(let count):
            StandardError.write(
                "error: stopped after \(count) invalid rows (--max-errors)"
                    + (showWritten ? "; nothing was written to the target\n" : "\n"))
        }
        throw ExitCode(result.outcome.exitStatus)
    }
}

extension CopyJob.ErrorPolicy: ExpressibleByArgument {}
