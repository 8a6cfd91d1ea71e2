import ClinicFormats
import ClinicPipeline
import Foundation

/// The refusals of location texts that name nothing the tool reads or writes.
///
/// A URL of a scheme the tool does not speak, a file of no format it reads, a name whose extension
/// it does not know: each refusal lists every form.
enum LocationText {
    /// The schemes the tool speaks.
    static let schemes = ["postgresql", "postgres", "sqlite"]

    /// The scheme of a text written as a URL (`word:/…`), if it is one.
    static func scheme(of text: String) -> String? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let scheme = text[..<colon]
        guard scheme.count >= 2, scheme.first?.isLetter == true,
            scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+.-".contains($0)) }),
            text[text.index(after: colon)...].hasPrefix("/")
                || schemes.contains(scheme.lowercased())
        else { return nil }
        return String(scheme)
    }

    /// The refusal of a URL that is not `postgresql://` or `sqlite:///`; it names the scheme only,
    /// since the rest may hold a password.
    static func unknownScheme(_ scheme: String) -> ETLError {
        let lower = scheme.lowercased()
        if lower == "postgresql" || lower == "postgres" {
            return ETLError(
                .usage, "\(scheme): is not followed by // (a PostgreSQL URL is \(lower)://user@host/db)",
                hint: LocationForms.hint)
        }
        if lower == "sqlite" {
            return ETLError(
                .usage, "an SQLite URL is sqlite:///relative/path or sqlite:////absolute/path",
                hint: LocationForms.hint)
        }
        if let meant = NameSuggestion.closest(to: lower, among: Array(schemes)) {
            return ETLError(
                .usage, "unknown URL scheme \"\(scheme)\" (did you mean \(meant)://?)",
                hint: LocationForms.hint)
        }
        return ETLError(
            .usage,
            "unknown URL scheme \"\(scheme)\": clinic-etl reads and writes PostgreSQL and SQLite databases and files",
            hint: LocationForms.hint)
    }

    /// `text` as a CSV folder, or a refusal when it names a file or has an extension of no format.
    static func folder(_ text: String) throws(ETLError) -> String {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: text, isDirectory: &isDirectory)
        let name = (text as NSString).lastPathComponent
        if exists && !isDirectory.boolValue { throw file(text, name: name) }
        if !exists, !text.hasSuffix("/"), let ext = unknownExtension(name) {
            throw ETLError(
                .usage, what(ext: ext, name: name),
                hint: LocationForms.hint + "\n  a folder named \(name) is written \(name)/")
        }
        return text
    }

    /// The extension of `name` when it looks like one of a file format (letters, as `.zip`, `.csv`,
    /// `.bak`), not a dated or numbered folder (`dump-2025.11`) nor a rejects folder.
    private static func unknownExtension(_ name: String) -> String? {
        let stem = name.drop { $0 == "." }
        guard let dot = stem.lastIndex(of: ".") else { return nil }
        let ext = stem[stem.index(after: dot)...].lowercased()
        guard !ext.isEmpty, ext.first?.isLetter == true,
            ext.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }),
            ext != "rejects"
        else { return nil }
        if ext == "gz", name.lowercased().hasSuffix(".csv.gz") { return "csv.gz" }
        return ext
    }

    private static func what(ext: String, name: String) -> String {
        switch ext {
        case "csv", "csv.gz":
            "\(name) would be one CSV file; a CSV location is a folder of api_<table>.csv files, one per table"
        case "gz":
            "\(name): .gz alone does not say what is compressed (backup.tar.gz, fixture.json.gz or dump.sql.gz, or --format)"
        default: "\(name): clinic-etl does not know the extension .\(ext)"
        }
    }

    /// The refusal of a file where a folder of CSV files is expected, saying what it looks like.
    private static func file(_ path: String, name: String) -> ETLError {
        let parent = (path as NSString).deletingLastPathComponent
        let folder = parent.isEmpty ? "." : parent
        if let table = CSVFolderSource.tableName(ofFile: name) {
            return ETLError(
                .usage, "\(name) is a CSV of \(table); give its folder (\(folder))",
                hint:
                    "clinic-etl reads a folder of api_<table>.csv files; --tables \(table) takes only this table"
            )
        }
        let kind = FileKind.sniff(path) == .gzip ? "a gzip file" : "a file"
        return ETLError(
            .usage, "\(name) is \(kind) of no format clinic-etl reads", hint: LocationForms.hint)
    }
}
