import ClinicFormats
import ClinicPipeline
import ClinicSchema
import Crypto

/// Replaces personal data with pseudonyms that depend only on the value and a key.
///
/// The same value and key always give the same pseudonym (HMAC-SHA256), so foreign keys, UNIQUE
/// columns and joins on names still hold, and two runs agree; without the key the originals cannot
/// be recovered by hashing guesses. NULL and the empty string stay what they are.
public struct Anonymizer: Sendable {
    private let key: [UInt8]

    /// An anonymizer keyed with `key`.
    public init(key: String) {
        self.key = Array(key.utf8)
    }

    /// HMAC-SHA256 of `text`, separated by `kind` so a name and an email never share a pseudonym.
    func mac(_ kind: PersonalData, _ text: String) -> [UInt8] {
        let message = Array(kind.rawValue.utf8) + [0] + Array(text.utf8)
        return Array(HMAC<Crypto.SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }

    /// The pseudonym for `value` in a column holding `kind`; titles and JSON are rewritten with the
    /// pseudonyms of the people in `people`.
    public func replace(_ value: Value, _ kind: PersonalData, people: PersonDirectory? = nil) -> Value {
        switch (value, kind) {
        case (.text(let text), .title): .text(people?.scrub(text) ?? text)
        case (.text(let text), .json): .text(replaceJSON(text, people: people))
        case (.json(let text), .json): .json(replaceJSON(text, people: people))
        case (.text(let text), _) where !text.isEmpty: .text(replace(text, kind))
        case (.date(let day), .birthday): .date(shift(day))
        default: value
        }
    }

    /// The pseudonym of a non-empty `text` of `kind` (not a title or JSON, which keep their text).
    func pseudonym(_ text: String, _ kind: PersonalData) -> String {
        text.isEmpty ? text : replace(text, kind)
    }

    private func replace(_ text: String, _ kind: PersonalData) -> String {
        let m = mac(kind, text)
        func pick(_ list: [String], _ at: Int) -> String { list[Int(m[at]) % list.count] }
        func hex(_ count: Int) -> String { m.prefix(count).hexDigits }
        switch kind {
        case .username: return "user_" + hex(6)
        case .email: return "user_" + hex(6) + "@example.com"
        case .firstName: return Self.name(m, from: 0, syllables: 3)
        case .lastName: return Self.name(m, from: 3, syllables: 4)
        case .fullName: return Self.name(m, from: 0, syllables: 3) + " " + Self.name(m, from: 3, syllables: 4)
        case .phone:
            let digits = m[2..<11].map { String($0 % 10) }.joined()
            return "+639" + digits
        case .address:
            return "\(Int(m[0]) % 200 + 1) \(pick(Self.streets, 1)) St., \(pick(Self.cities, 2))"
        case .freeText:
            let count = 3 + Int(m[0]) % 6
            let words = (0..<count).map { Self.words[Int(m[1 + $0]) % Self.words.count] }
            return words.joined(separator: " ").capitalizedFirst + "."
        case .identifier: return "ID-" + hex(5).uppercased()
        case .fileName:
            let folder = text.lastIndex(of: "/").map { String(text[...$0]) } ?? ""
            let name = text.split(separator: "/").last.map(String.init) ?? text
            let suffix = name.lastIndex(of: ".").map { String(name[$0...]) } ?? ""
            return folder + hex(8) + (suffix.count <= 6 ? suffix : "")
        case .password: return "!" + hex(20)
        case .secret: return hex(16)
        case .birthday, .title, .json: return text
        }
    }

    /// The same year, another day of it.
    private func shift(_ day: LocalDate) -> LocalDate {
        let year = day.parts.year
        guard let start = LocalDate(year: year, month: 1, day: 1) else { return day }
        let days =
            (LocalDate(year: year + 1, month: 1, day: 1)?.daysSinceEpoch ?? start.daysSinceEpoch + 365)
            - start.daysSinceEpoch
        let m = mac(.birthday, String(day.daysSinceEpoch))
        let offset = (Int(m[0]) << 8 | Int(m[1])) % Int(days)
        return start.adding(days: offset)
    }

    /// Syllables that make names which look like names but belong to nobody, so a pseudonym never
    /// happens to be someone else's real name in the same clinic.
    private static let syllables = [
        "ba", "da", "ga", "ha", "ka", "la", "ma", "na", "pa", "ra", "sa", "ta", "bi", "di", "li", "mi", "ni",
        "ri",
        "si", "ti", "bo", "do", "lo", "yu",
    ]

    private static func name(_ m: [UInt8], from start: Int, syllables count: Int) -> String {
        let text = (0..<count).map { syllables[Int(m[start + $0]) % syllables.count] }.joined()
        return text.prefix(1).uppercased() + text.dropFirst() + (count > 3 ? "z" : "")
    }

    private static let streets = [
        "Acacia", "Banaba", "Camia", "Dama de Noche", "Ilang-Ilang", "Kamagong", "Molave", "Narra",
        "Sampaguita",
        "Yakal",
    ]
    private static let cities = [
        "Quezon City", "Pasig", "Taguig", "Makati", "Parañaque", "Las Piñas", "Muntinlupa", "Marikina",
        "Bacoor",
        "Imus",
    ]
    private static let words = [
        "routine", "follow-up", "review", "scheduled", "patient", "advised", "discussed", "checked", "noted",
        "stable", "comfortable", "visit", "care", "plan", "recall", "hygiene", "reminder", "consult",
        "update",
        "observed", "recommended", "brushing", "flossing", "sensitivity", "mild", "none", "weeks", "month",
    ]
}

extension String {
    fileprivate var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
