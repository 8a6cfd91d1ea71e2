import ClinicPipeline
import Yams

/// The keys a mapping file may use at each level, checked before decoding: a misspelt key
/// (`formt:`) is an error with a did-you-mean, never silently ignored.
enum MappingKeys {
    static let top = ["encoding", "offset", "as_of", "tables", "strict"]
    static let entry = [
        "file", "table", "encoding", "delimiter", "null", "key", "match", "dedupe", "columns",
    ]
    static let recipe = [
        "from", "value", "default", "map", "format", "trim", "case", "remove", "number", "phone", "split",
        "lookup", "age_from",
    ]
    static let lookup = ["table", "by"]

    /// Refuses the first unknown key of the mapping `text` (YAML or JSON), naming where it is, its
    /// value and the key it may have meant.
    static func check(_ text: String) throws {
        guard let root = try Yams.compose(yaml: text) else { return }
        try check(root, allowed: top, at: "") { key, value, path in
            guard key == "tables", let entries = value.sequence else { return }
            for (i, entry) in entries.enumerated() {
                let here = "\(path).tables[\(i)]"
                try check(entry, allowed: Self.entry, at: here) { key, value, path in
                    guard key == "columns", let columns = value.mapping else { return }
                    for (name, recipe) in columns where recipe.mapping != nil {
                        let column = "\(path).columns.\(name.string ?? "")"
                        try check(recipe, allowed: Self.recipe, at: column) { key, value, path in
                            guard key == "lookup", value.mapping != nil else { return }
                            try check(value, allowed: lookup, at: "\(path).lookup") { _, _, _ in }
                        }
                    }
                }
            }
        }
    }

    /// Checks the keys of one mapping node, then calls `nested` with each key, value and the path.
    private static func check(
        _ node: Node, allowed: [String], at path: String, nested: (String, Node, String) throws -> Void
    ) throws {
        guard let mapping = node.mapping else { return }
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            guard allowed.contains(key) else {
                let meant =
                    NameSuggestion.closest(to: key, among: Array(allowed)).map { " (did you mean \($0)?)" }
                    ?? ""
                let place = path.isEmpty ? "at the top" : "in \(path.dropFirst())"
                throw ETLError(
                    .usage, "unknown key \"\(key)\"\(shown(value)) \(place)\(meant)",
                    hint: "the keys there are: \(allowed.joined(separator: ", ")); \(Mapping.hint)")
            }
            try nested(key, value, path)
        }
    }

    /// The value of a node for a message: a scalar's text, else nothing.
    static func shown(_ node: Node) -> String {
        guard let text = node.scalar?.string else { return "" }
        return " (value \"\(text.prefix(60))\")"
    }

    /// The value `error` is about in the mapping `text`, shown for a message (empty when there is none).
    static func value(at error: DecodingError, in text: String) -> String {
        let path: [any CodingKey]
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            path = context.codingPath
        default: return ""
        }
        guard var node = try? Yams.compose(yaml: text) else { return "" }
        for key in path {
            if let index = key.intValue, let items = node.sequence, index < items.count {
                node = items[index]
            } else if let child = node.mapping?[key.stringValue] {
                node = child
            } else {
                return ""
            }
        }
        return shown(node)
    }
}
