import ClinicFormats
import ClinicPipeline
import ClinicSchema
import Foundation
import Testing

@testable import ClinicTransform

/// Titles and JSON that mention people: every known identifier is replaced by that person's
/// pseudonym, whatever its case or accents, and the rest of the text stays.
@Suite struct AnonymizerTests {
    let anonymizer = Anonymizer(key: "k")
    let users = Catalog.clinic.table(named: "api_user")

    func directory() throws -> PersonDirectory {
        let table = try #require(users)
        let people = PersonDirectory(anonymizer: anonymizer)
        let rows: [[String: String]] = [
            [
                "first_name": "Zoë", "last_name": "Lim", "username": "zlim", "email": "Zoe.Lim@Clinic.ph",
                "phone": "+639171234567",
            ],
            [
                "first_name": "Carmela", "last_name": "Mendoza", "username": "cmendoza",
                "email": "cm@example.com", "phone": "",
            ],
            [
                "first_name": "Juan", "last_name": "dela Cruz", "username": "juan.dc",
                "email": "juan@example.com", "phone": "(02) 8523 4567",
            ],
        ]
        for values in rows {
            people.add(
                table.columns.map { column in values[column.name].map { .text($0) } ?? .null }, of: table)
        }
        return people
    }

    func p(_ text: String, _ kind: PersonalData) -> String { anonymizer.pseudonym(text, kind) }

    @Test func titlesKeepTheirTextAndLoseEveryIdentifier() throws {
        let people = try directory()
        let zoe = p("Zoë", .firstName)
        let lim = p("Lim", .lastName)
        let cases: [(String, String)] = [
            (
                "Tooth Scan — Carmela Mendoza",
                "Tooth Scan — \(p("Carmela", .firstName)) \(p("Mendoza", .lastName))"
            ),
            ("X-ray for Dr. LIM", "X-ray for Dr. \(lim)"),
            ("Lim, Zoe — consent", "\(lim), \(zoe) — consent"),
            ("zoë lim's chart", "\(zoe) \(lim)'s chart"),
            (
                "sent by zlim to zoe.lim@clinic.ph",
                "sent by \(p("zlim", .username)) to \(p("Zoe.Lim@Clinic.ph", .email))"
            ),
            (
                "call 0917 123 4567 or +63 917-123-4567",
                "call \(p("+639171234567", .phone)) or \(p("+639171234567", .phone))"
            ),
            ("landline (02) 8523-4567", "landline \(p("(02) 8523 4567", .phone))"),
            (
                "Ms. Cruz and Juan dela Cruz",
                "Ms. \(p("Cruz", .lastName)) and \(p("Juan", .firstName)) \(p("dela Cruz", .lastName))"
            ),
            (
                "other@yahoo.com, 0999 888 7777",
                "\(p("other@yahoo.com", .email)), \(p("09998887777", .phone))"
            ),
            ("Follow-up 2025-10-30, ₱1,500.00, tooth 16", "Follow-up 2025-10-30, ₱1,500.00, tooth 16"),
        ]
        for (title, expected) in cases {
            #expect(people.scrub(title) == expected, "\(title)")
        }
    }

    @Test func jsonIsWalkedByKeyAndByName() throws {
        let people = try directory()
        let chart = """
            {"teeth": {"11": {"note": "Carmela says it hurts", "status": "filled"}}, "updated_by": "Dr. Zoë Lim", \
            "signed_by": "Dr. Reyes", "contact": {"phone": "0917 123 4567", "email": "x@y.ph"}, "version": 2, "tags": ["lim"]}
            """
        let out = try #require(JSONValue.parse(anonymizer.replaceJSON(chart, people: people)))
        #expect(out["updated_by"] == .string("Dr. \(p("Zoë", .firstName)) \(p("Lim", .lastName))"))
        #expect(out["signed_by"] == .string(p("Dr. Reyes", .fullName)))
        #expect(out["contact"]?["phone"] == .string(p("0917 123 4567", .phone)))
        #expect(out["contact"]?["email"] == .string(p("x@y.ph", .email)))
        #expect(out["teeth"]?["11"]?["note"] == .string(p("Carmela says it hurts", .freeText)))
        #expect(out["teeth"]?["11"]?["status"] == .string("filled"))
        #expect(out["version"] == .number("2"))
        #expect(out["tags"] == .array([.string(p("Lim", .lastName))]))
        // A document that mentions nobody comes back as it was, byte for byte.
        let plain = #"{"b": 1,  "a": [true, null]}"#
        #expect(anonymizer.replaceJSON(plain, people: people) == plain)
    }
}

extension JSONValue {
    /// The parsed value of `text`, for checking what an anonymized document holds.
    fileprivate static func parse(_ text: String) -> JSONValue? { try? JSONParser.value(parsing: text) }
}
