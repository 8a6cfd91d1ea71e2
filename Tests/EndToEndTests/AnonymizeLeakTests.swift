import ClinicFormats
import ClinicSchema
import Foundation
import TestSupport
import Testing

/// The test that would have caught names left in titles: a data set that mentions its people the
/// way real records do, anonymized, then every field of every output table searched for every
/// personal value of the input.
@Suite struct AnonymizeLeakTests {
    typealias Records = [[String?]]

    /// The sample, rewritten so that people are named in titles, notes, JSON and descriptions,
    /// with a username inside an email and a phone inside an address.
    static func writeMentions(in folder: String) throws {
        func read(_ table: String) throws -> (header: [String], rows: Records) {
            let all = try Fixtures.records(Self.reader(folder + "/\(table).csv"))
            return (all[0].map { $0 ?? "" }, Array(all.dropFirst()))
        }
        var (header, users) = try read("api_user")
        let column = { (name: String) in header.firstIndex(of: name) ?? 0 }
        // A username inside an email, a phone inside an address, an accented name.
        users[2][column("first_name")] = "Zoë"
        users[2][column("last_name")] = "Lim"
        users[2][column("username")] = "zlim"
        users[2][column("email")] = "zlim.dentist@gmail.com"
        users[2][column("phone")] = "+639171234567"
        users[2][column("address")] = "12 Mabini St., Quezon City (call 0917 123 4567)"
        try write(folder, "api_user", header, users)
        struct Person {
            let first: String
            let last: String
            let username: String
            let email: String
            let phone: String
        }
        let people = users.map {
            Person(
                first: $0[column("first_name")] ?? "", last: $0[column("last_name")] ?? "",
                username: $0[column("username")] ?? "", email: $0[column("email")] ?? "",
                phone: $0[column("phone")] ?? "")
        }.filter { !$0.first.isEmpty && !$0.last.isEmpty }
        func stripped(_ text: String) -> String { text.folding(options: .diacriticInsensitive, locale: nil) }
        func mention(_ i: Int) -> String {
            let p = people[i % people.count]
            let forms = [
                "Tooth Scan — \(p.first) \(p.last)", "X-ray for Dr. \(p.last.uppercased())",
                "\(p.last), \(stripped(p.first)) — consent", "Referral for \(p.username) (\(p.email))",
                "Call \(p.first) at \(p.phone.isEmpty ? "0917 555 0101" : p.phone)",
            ]
            return forms[i % forms.count]
        }
        // Titles, descriptions, treatments, relationships: each row names someone.
        let titled: [(String, String)] = [
            ("api_document", "title"), ("api_fileattachment", "title"), ("api_treatmentplan", "title"),
            ("api_billing", "description"), ("api_dentalrecord", "treatment"),
            ("api_treatmentassignment", "treatment_name"),
            ("api_patientintakeform", "emergency_contact_relationship"),
            ("api_appointment", "notes"), ("api_clinicalnote", "content"),
        ]
        for (table, name) in titled {
            var (header, rows) = try read(table)
            let index = try #require(header.firstIndex(of: name))
            for i in rows.indices { rows[i][index] = String(mention(i + table.count).prefix(200)) }
            try write(folder, table, header, rows)
        }
        // Tooth charts name the dentist who updated them and the patient in a note.
        let (chartHeader, loaded) = try read("api_toothchart")
        var charts = loaded
        let chart = try #require(chartHeader.firstIndex(of: "chart_data"))
        for i in charts.indices {
            let p = people[i % people.count]
            charts[i][chart] = """
                {"teeth": {"11": {"note": "\(p.first) says it hurts", "status": "filled"}}, \
                "updated_by": "Dr. \(p.first) \(p.last)", "reviewed_by": "\(p.username)", \
                "contact": {"phone": "\(p.phone)", "email": "\(p.email)"}, "summary": "seen by \(stripped(p.last))"}
                """
        }
        try write(folder, "api_toothchart", chartHeader, charts)
    }

    /// Every field of every table in `folder` searched for `needles`: the hits and the fields read.
    static func scan(_ folder: String, for needles: Set<String>) throws -> (hits: [String], fields: Int) {
        var hits: [String] = []
        var fields = 0
        for name in Fixtures.listing(folder) {
            let all = try Fixtures.records(reader(folder + "/\(name)"))
            let header = all[0].map { $0 ?? "" }
            for (r, row) in all.dropFirst().enumerated() {
                for (c, value) in row.enumerated() {
                    guard let value, !value.isEmpty else { continue }
                    fields += 1
                    for needle in Leak.found(in: value, needles) {
                        hits.append(
                            "\(name) row \(r + 1) \(header[c]): \"\(needle)\" in \"\(value.prefix(120))\"")
                    }
                }
            }
        }
        return (hits, fields)
    }

    static func reader(_ path: String) throws -> CSVReader { CSVReader(try FileSource(path: path)) }

    static func write(_ folder: String, _ table: String, _ header: [String], _ rows: Records) throws {
        func field(_ value: String?) -> String {
            guard let value else { return "" }
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        let text =
            ([header.joined(separator: ",")] + rows.map { $0.map(field).joined(separator: ",") })
            .joined(separator: "\n") + "\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/\(table).csv"))
    }

    /// The personal values of the input.
    ///
    /// Every value of the columns that identify people (names,
    /// usernames, emails, phones, addresses, numbers, file names, tokens) and of free text, with
    /// each word of a multi-word name. Titles and JSON are not values to look for: they are what
    /// is searched.
    static func needles(in folder: String) throws -> Set<String> {
        let kinds: Set<PersonalData> = [
            .username, .email, .firstName, .lastName, .fullName, .phone, .address, .identifier, .fileName,
            .secret,
            .password, .freeText,
        ]
        var found: Set<String> = []
        for table in Catalog.clinic.tables {
            let path = folder + "/\(table.name).csv"
            guard FileManager.default.fileExists(atPath: path) else { continue }
            let all = try Fixtures.records(Self.reader(path))
            let header = all[0].map { $0 ?? "" }
            for (i, name) in header.enumerated() {
                guard let kind = table.column(name)?.personal, kinds.contains(kind) else { continue }
                for row in all.dropFirst() {
                    guard let value = row[i] else { continue }
                    let folded = Leak.fold(value).trimmingCharacters(in: .whitespacesAndNewlines)
                    if folded.count >= 3 { found.insert(folded) }
                    if [.firstName, .lastName, .fullName].contains(kind) {
                        for word in folded.split(whereSeparator: { !$0.isLetter }) where word.count >= 3 {
                            found.insert(String(word))
                        }
                    }
                    if kind == .phone {
                        let digits = value.filter(\.isNumber)
                        if digits.count >= 7 { found.insert(String(digits.suffix(10))) }
                    }
                }
            }
        }
        // Particles of names are words, not people ("dela" of "dela Cruz").
        return found.subtracting(["dela", "del", "los", "delos", "san", "santa"])
    }

    @Test func noPersonalValueOfTheInputSurvivesAnywhereInTheOutput() throws {
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 40)
        try Self.writeMentions(in: scratch.file("in"))
        let run = try CLI.run([
            "copy", scratch.file("in"), scratch.file("out"), "--anonymize", "--anonymize-key", "leak-test",
            "--quiet",
        ])
        #expect(run.status == 0, "\(run.stderr)\(run.stdout)")
        let needles = try Self.needles(in: scratch.file("in"))
        #expect(needles.count > 300)
        let (hits, fields) = try Self.scan(scratch.file("out"), for: needles)
        // The same scan over the input finds the mentions: it is able to fail.
        #expect(try Self.scan(scratch.file("in"), for: needles).hits.count > 500)
        #expect(fields > 5000)
        #expect(hits.isEmpty, "\(hits.count) hits, e.g.\n\(hits.prefix(25).joined(separator: "\n"))")
        // Titles keep their text around the pseudonyms.
        let documents = try Fixtures.records(Self.reader(scratch.file("out/api_document.csv")))
        #expect(documents.contains { $0.contains { $0?.hasPrefix("Tooth Scan — ") == true } })
    }
}

/// Searching text for personal values the way a reader would spot them: without case or accents,
/// as whole words, and phone numbers by their digits.
enum Leak {
    static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }

    /// The needles that occur in `text` as whole words (or as a phone number's last ten digits).
    static func found(in text: String, _ needles: Set<String>) -> [String] {
        let folded = fold(text)
        var hits: [String] = []
        // Words and runs of words: every needle is looked for where words start.
        let chars = Array(folded)
        func isWord(_ c: Character) -> Bool { c.isLetter || c.isNumber }
        var starts: [Int] = []
        for i in chars.indices
        where !chars[i].isWhitespace && (i == 0 || !isWord(chars[i - 1]) || !isWord(chars[i])) {
            starts.append(i)
        }
        let maxLength = 400
        for start in starts {
            var candidate = ""
            for j in start..<min(chars.count, start + maxLength) {
                candidate.append(chars[j])
                let endsWord = j + 1 == chars.count || !isWord(chars[j + 1]) || !isWord(chars[j])
                if endsWord, needles.contains(candidate) { hits.append(candidate) }
            }
        }
        // Phone numbers written with spaces, dashes or brackets.
        var digits = ""
        for c in chars + ["|"] {
            if c.isNumber {
                digits.append(c)
            } else if !" -.()+".contains(c) {
                if digits.count >= 7, needles.contains(String(digits.suffix(10))) { hits.append(digits) }
                digits = ""
            }
        }
        return hits
    }
}
