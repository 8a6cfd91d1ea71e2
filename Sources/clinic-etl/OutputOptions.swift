import ArgumentParser

/// How much a command says, and in which form.
struct OutputOptions: ParsableArguments {
    @Flag(
        name: .shortAndLong,
        help: "Print nothing on success, only the conclusion on failure (no progress, summary or notes).")
    var quiet = false

    @Flag(
        help:
            "Print the summary as one JSON object on standard output: rows per table read, valid, rejected, written; the outcome; the exit status."
    )
    var json = false

    @Option(
        help: "Append one JSON line about this run (who, what, row counts, checksums, outcome) to this file.")
    var auditLog: String?
}
