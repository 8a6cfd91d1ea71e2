/// The cleaning rules a mapping can apply to text, each a pure function.
enum TextRules {
    /// A Philippine number in `+63…` form: `0917 123 4567`, `(02) 8123-4567`, `63-917-…` all work.
    static func philippinePhone(_ text: String) -> String? {
        let kept = text.filter { !" -().".contains($0) }
        guard !kept.isEmpty else { return nil }
        var digits = Substring(kept)
        if digits.hasPrefix("+63") {
            digits = digits.dropFirst(3)
        } else if digits.hasPrefix("0063") {
            digits = digits.dropFirst(4)
        } else if digits.hasPrefix("63") && digits.count >= 11 {
            digits = digits.dropFirst(2)
        } else if digits.hasPrefix("0") {
            digits = digits.dropFirst()
        }
        // Mobile numbers have ten digits after the country code, landlines eight or nine.
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }), (8...10).contains(digits.count),
            digits.first != "0"
        else { return nil }
        return "+63" + digits
    }

    /// Surname particles that belong to the last name (`dela Cruz`, `de los Santos`).
    private static let particles: Set<String> = [
        "de", "del", "dela", "della", "delos", "los", "las", "la", "san", "santa", "sta.", "sto.", "van",
        "von", "di", "da",
    ]
    private static let titles: Set<String> = [
        "dr", "dr.", "dra", "dra.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.",
    ]

    /// One part of a full name: `Last, First` or `First Middle Last`, keeping surname particles.
    static func namePart(_ text: String, _ part: NamePart) -> String {
        if let comma = text.firstIndex(of: ",") {
            let last = text[..<comma].trimmingSpaces
            let first = text[text.index(after: comma)...].trimmingSpaces
            return part == .first ? first : last
        }
        let words = withoutTitle(text).split(whereSeparator: \.isWhitespace).map(String.init)
        guard words.count > 1 else { return part == .first ? (words.first ?? "") : "" }
        var split = words.count - 1
        while split > 1, particles.contains(words[split - 1].lowercased()) { split -= 1 }
        return (part == .first ? words[..<split] : words[split...]).joined(separator: " ")
    }

    /// A full name without a leading title (`Dr. Ana Reyes` → `Ana Reyes`).
    static func withoutTitle(_ text: String) -> String {
        var words = text.split(whereSeparator: \.isWhitespace)
        while let head = words.first, words.count > 1, titles.contains(head.lowercased()) {
            words.removeFirst()
        }
        return words.joined(separator: " ")
    }

    /// A number without currency signs, thousands separators or spaces; `(12.50)` is negative.
    static func number(_ text: String) -> String {
        var kept = text.filter { $0.isNumber || $0 == "." || $0 == "-" || $0 == "(" }
        if kept.hasPrefix("(") {
            kept = "-" + kept.filter { $0 != "(" }
        }
        return kept
    }

    /// Title case: the first letter of each word upper, the rest lower.
    static func titleCased(_ text: String) -> String {
        var result = ""
        var startOfWord = true
        for c in text {
            result += startOfWord ? c.uppercased() : c.lowercased()
            startOfWord = c.isWhitespace || c == "-" || c == "'"
        }
        return result
    }

    /// Lower case with runs of white space made one space, for matching natural keys.
    static func matchKey(_ text: String) -> String {
        text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

extension StringProtocol {
    /// Without white space (including line breaks and no-break spaces) at either end.
    var trimmingSpaces: String {
        guard let start = firstIndex(where: { !$0.isWhitespace }),
            let end = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(self[start...end])
    }
}
