import ClinicPipeline
import ClinicSchema

/// Every known identifier of the people in a data set (names, usernames, emails, phones), each
/// with its pseudonym, so text that mentions a person can be rewritten with that person's
/// pseudonyms: "Tooth Scan — Carmela Mendoza" → "Tooth Scan — Ditabo Lahakalaz", "Lim, Zoë" →
/// "Rasima, Bodiz".
///
/// Built by one pass over the tables of people (those with a username column; `api_user`) before
/// the first table whose text needs it. It costs memory per person: about eight entries of two
/// short strings each, up to about 1 KB (estimated from the entries: 20 MB for 20,000 users);
/// names shared by several people are stored once.
public final class PersonDirectory {
    /// The identifying kinds gathered from the people tables.
    static let identifying: Set<PersonalData> = [.firstName, .lastName, .fullName, .username, .email, .phone]
    /// Name particles that are not names on their own.
    private static let particles: Set<String> = [
        "de", "del", "dela", "la", "las", "los", "delos", "san", "sta", "santa", "sto", "van", "von", "da",
        "di", "dos", "das", "the", "and", "jr", "sr", "iii",
    ]

    private let anonymizer: Anonymizer
    /// Folded words joined by one space → pseudonym and priority (names win over usernames).
    private var names: [String: (pseudonym: String, priority: Int)] = [:]
    private var longestName = 1
    /// Lower-case email → pseudonym.
    private var emails: [String: String] = [:]
    /// The last ten digits of a phone → pseudonym.
    private var phones: [String: String] = [:]
    /// How many people were added.
    public private(set) var count = 0

    /// An empty directory whose pseudonyms come from `anonymizer`.
    public init(anonymizer: Anonymizer) {
        self.anonymizer = anonymizer
    }

    /// Adds one person from the values of `table`'s identifying columns in `row`.
    func add(_ row: Row, of table: Table) {
        var first: String?
        var last: String?
        for (i, column) in table.columns.enumerated() {
            guard let kind = column.personal, Self.identifying.contains(kind), case .text(let text) = row[i],
                !text.isEmpty
            else { continue }
            add(text, kind: kind)
            if kind == .firstName { first = text }
            if kind == .lastName { last = text }
        }
        if let first, let last {
            let words = TextFolding.words(of: first) + TextFolding.words(of: last)
            addName(
                words.map(\.folded),
                anonymizer.pseudonym(first, .firstName) + " " + anonymizer.pseudonym(last, .lastName),
                priority: 3)
        }
        count += 1
    }

    private func add(_ text: String, kind: PersonalData) {
        switch kind {
        case .email: emails[text.lowercased()] = anonymizer.pseudonym(text, .email)
        case .phone:
            let digits = text.filter(\.isASCIIDigit)
            if digits.count >= 7 { phones[String(digits.suffix(10))] = anonymizer.pseudonym(text, .phone) }
        case .username:
            addName(
                TextFolding.words(of: text).map(\.folded), anonymizer.pseudonym(text, .username), priority: 1)
        default:
            let words = TextFolding.words(of: text)
            addName(words.map(\.folded), anonymizer.pseudonym(text, kind), priority: 2)
            // Each part of "Maria Clara" or "dela Cruz" alone names the person too ("Ms. Cruz").
            if words.count > 1 {
                for word in words where word.folded.count >= 3 && !Self.particles.contains(word.folded) {
                    addName([word.folded], anonymizer.pseudonym(word.original, kind), priority: 2)
                }
            }
        }
    }

    private func addName(_ words: [String], _ pseudonym: String, priority: Int) {
        // A one-letter word is an initial, not a name to look for everywhere.
        guard !words.isEmpty, words.count > 1 || words[0].count >= 2 else { return }
        let key = words.joined(separator: " ")
        if let existing = names[key], existing.priority >= priority { return }
        names[key] = (pseudonym, priority)
        longestName = max(longestName, words.count)
    }

    /// `text` with every known name, username, email and phone replaced by its pseudonym, and
    /// any other email or mobile number by one of its own.
    public func scrub(_ text: String) -> String {
        guard !text.isEmpty else { return text }
        let chars = Array(text)
        var out = ""
        var i = 0
        var plainStart = 0
        while i < chars.count {
            if let (end, replacement) = contact(in: chars, at: i) {
                out += scrubNames(chars, plainStart..<i) + replacement
                i = end
                plainStart = end
            } else {
                i += 1
            }
        }
        return out + scrubNames(chars, plainStart..<chars.count)
    }

    /// An email or phone number starting at `i`: where it ends and its pseudonym.
    private func contact(in chars: [Character], at i: Int) -> (Int, String)? {
        if let email = email(in: chars, at: i) { return email }
        return phone(in: chars, at: i)
    }

    private func email(in chars: [Character], at i: Int) -> (Int, String)? {
        func local(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || "._%+-".contains(c)) }
        func domain(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || ".-".contains(c)) }
        guard local(chars[i]), i == 0 || !local(chars[i - 1]) else { return nil }
        var at = i
        while at < chars.count, local(chars[at]) { at += 1 }
        guard at < chars.count, chars[at] == "@" else { return nil }
        var end = at + 1
        while end < chars.count, domain(chars[end]) { end += 1 }
        while end > at + 1, chars[end - 1] == "." || chars[end - 1] == "-" { end -= 1 }
        guard end > at + 1, chars[(at + 1)..<end].contains(".") else { return nil }
        let address = String(chars[i..<end]).lowercased()
        return (end, emails[address] ?? anonymizer.pseudonym(address, .email))
    }

    private func phone(in chars: [Character], at i: Int) -> (Int, String)? {
        let opener = chars[i] == "+" || chars[i] == "("
        let starts = chars[i].isASCIIDigit || (opener && i + 1 < chars.count && chars[i + 1].isASCIIDigit)
        guard starts, i == 0 || !TextFolding.isWordCharacter(chars[i - 1]) else { return nil }
        var digits = ""
        var j = i
        var end = i
        while j < chars.count {
            if chars[j].isASCIIDigit {
                digits.append(chars[j])
                j += 1
                end = j
            } else if " -.()+".contains(chars[j]), j + 1 < chars.count,
                chars[j + 1].isASCIIDigit || (chars[j + 1] == "(" || chars[j + 1] == " ")
            {
                j += 1
            } else {
                break
            }
        }
        guard digits.count >= 7, end == chars.count || !TextFolding.isWordCharacter(chars[end]) else {
            return nil
        }
        let national = String(digits.suffix(10))
        if let known = phones[national] { return (end, known) }
        // A Philippine mobile number (09…, +639…, 9… with ten digits) is personal whoever's it is.
        let mobile =
            (digits.count == 11 && digits.hasPrefix("09")) || (digits.count == 12 && digits.hasPrefix("639"))
            || (digits.count == 10 && digits.hasPrefix("9"))
        return mobile ? (end, anonymizer.pseudonym(digits, .phone)) : nil
    }

    /// Replaces known names in `chars[range]`, longest match first, keeping everything between them.
    private func scrubNames(_ chars: [Character], _ range: Range<Int>) -> String {
        let words = TextFolding.words(chars, in: range)
        var out = ""
        var copied = range.lowerBound
        var w = 0
        while w < words.count {
            var matched = false
            for length in stride(from: min(longestName, words.count - w), through: 1, by: -1) {
                let key = words[w..<(w + length)].map(\.folded).joined(separator: " ")
                guard let entry = names[key] else { continue }
                out += String(chars[copied..<words[w].range.lowerBound]) + entry.pseudonym
                copied = words[w + length - 1].range.upperBound
                w += length
                matched = true
                break
            }
            if !matched { w += 1 }
        }
        return out + String(chars[copied..<range.upperBound])
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
