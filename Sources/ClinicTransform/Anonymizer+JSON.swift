import ClinicFormats
import ClinicPipeline
import ClinicSchema

extension Anonymizer {
    /// A JSON document with its personal strings replaced.
    ///
    /// Each string is replaced by what its key says it holds
    /// (`email`, `phone`, `notes`, `updated_by`, …) or, for any other string, with the names of
    /// known people rewritten. Numbers, booleans, keys and structure stay; a document that does not
    /// parse is treated as a title.
    func replaceJSON(_ text: String, people: PersonDirectory?) -> String {
        guard let value = try? JSONParser.value(parsing: text) else { return people?.scrub(text) ?? text }
        let walked = walk(value, key: nil, people: people)
        return walked == value ? text : walked.jsonbText
    }

    private func walk(_ value: JSONValue, key: String?, people: PersonDirectory?) -> JSONValue {
        switch value {
        case .object(let members): .object(members.map { ($0.0, walk($0.1, key: $0.0, people: people)) })
        case .array(let items): .array(items.map { walk($0, key: key, people: people) })
        case .string(let text) where !text.isEmpty: .string(replaceString(text, key: key, people: people))
        default: value
        }
    }

    private func replaceString(_ text: String, key: String?, people: PersonDirectory?) -> String {
        let scrubbed = people?.scrub(text) ?? text
        guard let key, let kind = Self.kind(ofKey: key) else { return scrubbed }
        switch kind {
        case .fullName:
            // Someone who is not in the data set ("Dr. Reyes, locum") is still a person.
            return scrubbed == text ? pseudonym(text, .fullName) : scrubbed
        default: return pseudonym(text, kind)
        }
    }

    /// What a JSON key says its string holds, when that is personal.
    static func kind(ofKey key: String) -> PersonalData? {
        let k = key.lowercased()
        if k.contains("email") { return .email }
        if k.contains("phone") || k.contains("mobile") || k == "contact_number" { return .phone }
        if k.contains("address") { return .address }
        if ["first_name", "firstname", "given_name"].contains(k) { return .firstName }
        if ["last_name", "lastname", "surname", "family_name"].contains(k) { return .lastName }
        if ["username", "user_name", "login"].contains(k) { return .username }
        if ["note", "notes", "comment", "comments", "remark", "remarks", "message", "reason", "description"]
            .contains(k)
        {
            return .freeText
        }
        let people = [
            "name", "full_name", "fullname", "author", "dentist", "doctor", "patient", "staff", "user", "by",
        ]
        if people.contains(k) || k.hasSuffix("_by") || k.hasSuffix("_name") { return .fullName }
        return nil
    }
}
