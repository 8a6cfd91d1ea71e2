import Foundation

/// Text compared the way people read names: without case or accents ("ZOË", "Zoe" and "zoë" are
/// one name), split into words (runs of letters and digits).
enum TextFolding {
    /// `text` in lower case without diacritics.
    static func fold(_ text: some StringProtocol) -> String {
        // Most words are ASCII: lower-casing their bytes is the whole job, and Foundation's
        // folding costs microseconds per call (it was most of an anonymized copy's time).
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            return String(
                decoding: text.utf8.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
        }
        return String(text).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }

    /// Whether `c` belongs to a word.
    static func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber }

    /// The words of `chars[range]`, folded, with their positions.
    static func words(_ chars: [Character], in range: Range<Int>) -> [(folded: String, range: Range<Int>)] {
        var out: [(String, Range<Int>)] = []
        var i = range.lowerBound
        while i < range.upperBound {
            guard isWordCharacter(chars[i]) else {
                i += 1
                continue
            }
            var j = i
            while j < range.upperBound, isWordCharacter(chars[j]) { j += 1 }
            out.append((fold(String(chars[i..<j])), i..<j))
            i = j
        }
        return out
    }

    /// The folded words of `text`, with each word's original spelling.
    static func words(of text: String) -> [(folded: String, original: String)] {
        let chars = Array(text)
        return words(chars, in: 0..<chars.count).map { ($0.folded, String(chars[$0.range])) }
    }
}
