import ArgumentParser
import ClinicFormats
import ClinicPipeline

/// How the files of a CSV folder are written, psql's way: `copy` and `check` read spreadsheet
/// exports (`;`, tabs, Excel's empty cells, Windows-1252) with these.
struct CSVOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The character between fields of the source's CSV files: ';', '|' or '\\t' for tab (default ',').",
            valueName: "char"))
    var delimiter: String?

    @Option(
        help: ArgumentHelp(
            "The unquoted text that is NULL in the source's CSV files, like COPY's NULL option; with it, "
                + "empty fields are empty strings (e.g. --null '\\N'). Default: an unquoted empty field is NULL.",
            valueName: "text"))
    var null: String?

    @Option(
        help: ArgumentHelp(
            "The encoding of the source's CSV files (with --mapping, of the files the mapping names none "
                + "for): utf-8, windows-1252 or latin-1.",
            valueName: "name"))
    var encoding: String?

    /// The dialect the options say.
    func dialect() throws -> CSVDialect {
        try CSVDialect(delimiter: delimiter, null: null, encoding: try encoding.map(TextEncoding.named))
    }

    /// Whether any was given, so a source that is no CSV folder can refuse them.
    var given: Bool { delimiter != nil || null != nil || encoding != nil }

    /// The option names given, for messages.
    var givenNames: String {
        [
            delimiter.map { _ in "--delimiter" }, null.map { _ in "--null" },
            encoding.map { _ in "--encoding" },
        ]
        .compactMap { $0 }.joined(separator: ", ")
    }
}
