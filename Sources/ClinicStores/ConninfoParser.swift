import CLibPQ
import ClinicPipeline

/// libpq's own parser of keyword/value connection strings (`host=db dbname=clinic user=app`).
///
/// libpq parses them itself (quoting, escapes, `service=`), so the tool reads exactly what psql
/// would; `PQconninfoParse` gives only what the string names, never defaults or environment.
enum ConninfoParser {
    /// Whether `text` is written as a keyword/value string: it starts with `word=`.
    ///
    /// A folder whose name does is written `./name`.
    static func looksLike(_ text: String) -> Bool {
        let trimmed = text.drop { $0 == " " || $0 == "\t" }
        guard let equals = trimmed.firstIndex(of: "=") else { return false }
        let word = trimmed[..<equals].trimmingCharacters(in: .whitespaces)
        return !word.isEmpty && word.allSatisfy { $0 == "_" || ($0.isASCII && $0.isLetter) }
    }

    /// The keywords and values `text` sets, in its order; a usage error that echoes no part of the
    /// string (a malformed one may hold a password anywhere).
    static func parse(_ text: String) throws(ETLError) -> [(String, String)] {
        var message: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(text, &message) else {
            let reason = message.map { String(cString: $0) } ?? ""
            if let message { PQfreemem(message) }
            throw refusal(reason, text: text)
        }
        defer { PQconninfoFree(options) }
        var pairs: [(String, String)] = []
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val {
                pairs.append((String(cString: keyword), String(cString: value)))
            }
            option += 1
        }
        return pairs
    }

    /// Every keyword libpq knows.
    static var keywords: [String] {
        guard let options = PQconndefaults() else { return [] }
        defer { PQconninfoFree(options) }
        var names: [String] = []
        var option = options
        while let keyword = option.pointee.keyword {
            names.append(String(cString: keyword))
            option += 1
        }
        return names
    }

    /// Our own words for libpq's complaint, naming a keyword only as the one it may have meant.
    private static func refusal(_ reason: String, text: String) -> ETLError {
        var what = "it is not a valid libpq connection string"
        if reason.contains("invalid connection option") {
            let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).compactMap { pair in
                pair.split(separator: "=", maxSplits: 1).first.map(String.init)
            }
            let known = Set(keywords)
            let suggestion = words.lazy.filter { !known.contains($0) }
                .compactMap { NameSuggestion.closest(to: $0, among: Array(known)) }.first
            what =
                "it has a keyword libpq does not know" + (suggestion.map { " (did you mean \($0)=?)" } ?? "")
        } else if reason.contains("unterminated quoted string") {
            what = "a quoted value in it is not closed"
        } else if reason.contains("missing \"=\"") {
            what =
                "a word in it has no \"=\" (write keyword=value, quoting values with spaces: password='a b')"
        }
        return ETLError(
            .usage, "cannot read the connection string: \(what)",
            hint: "write it as \"host=db dbname=clinic user=app\" (libpq's keywords), or as a "
                + "postgresql:// URL; a folder whose name starts with word= is written ./name")
    }
}
