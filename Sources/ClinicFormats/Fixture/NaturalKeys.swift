import ClinicPipeline
import ClinicSchema

/// Django's natural keys (`dumpdata --natural-foreign --natural-primary`) and the ids they stand for.
///
/// Such a fixture names users by username, groups by name, content types by app label and model,
/// and permissions by codename, app label and model, in foreign keys and in many-to-many lists;
/// with `--natural-primary` those objects carry no pk. A pass over the fixture notes the keys of
/// its own objects; the rest are looked up in the target, as `loaddata` looks them up in the
/// database (`get_by_natural_key`). An object without a pk takes the id its key has in the
/// target, or else the next one above every id in the target and the fixture, in file order, as
/// the database would number the rows `loaddata` inserts.
final class NaturalKeys {
    /// The columns of each table's natural key; a permission's content type stands for its two parts.
    static let columns: [String: [String]] = [
        "django_content_type": ["app_label", "model"],
        "auth_permission": ["codename", "content_type_id"],
        "auth_group": ["name"],
        "api_user": ["username"],
    ]
    /// The order keys resolve in: a permission's key needs its content type's.
    private static let order = ["django_content_type", "auth_permission", "auth_group", "api_user"]

    /// An object of a keyed table, as the pass over the fixture found it.
    private struct Entry {
        /// Its position among the fixture's objects.
        let index: Int
        let pk: Int64?
        /// The key's fields as written; a permission's content type may be an id or a key itself.
        let parts: [JSONValue]
    }

    private var entries: [String: [Entry]] = [:]
    /// Each table's ids by key, once resolved.
    private var ids: [String: [[String]: Int64]] = [:]
    /// The ids given to objects without a pk, by their position in the fixture.
    private var generated: [String: [Int: Int64]] = [:]
    private var resolved = false
    private let catalog: Catalog
    /// Where keys the fixture lacks are looked up (a database target); set before the first read.
    var target: (any Sink)?

    init(catalog: Catalog) { self.catalog = catalog }

    /// Notes the object at `index` of `table`, when Django names that table's rows by natural key.
    func note(_ object: JSONValue, table: String, index: Int) {
        guard let columns = Self.columns[table], let definition = catalog.table(named: table) else { return }
        let fields = object["fields"]
        let parts = columns.map { name in
            fields?[definition.column(name)?.fieldName ?? name] ?? .null
        }
        entries[table, default: []].append(Entry(index: index, pk: Self.integer(object["pk"]), parts: parts))
    }

    /// The id of `table`'s row named by `key` (`["owner"]`, `["add_user", "api", "user"]`), or `nil`.
    func id(of table: String, key: JSONValue) throws -> Int64? {
        try resolve()
        guard case .array(let parts) = key else { return nil }
        let texts = parts.compactMap(Self.text)
        guard texts.count == parts.count else { return nil }
        return ids[table]?[texts]
    }

    /// The id given to the object at `index` of `table`, which has no pk.
    func generatedPK(of table: String, index: Int) throws -> Int64? {
        guard entries[table] != nil else { return nil }
        try resolve()
        return generated[table]?[index]
    }

    /// Whether `table`'s rows may be named by natural key.
    static func names(_ table: String) -> Bool { columns[table] != nil }

    /// Reads the target's keys, then gives every key of the fixture its id; once, before the first
    /// table's rows stream (a database target's connection is busy with them then).
    func resolve() throws {
        guard !resolved else { return }
        resolved = true
        var highest: [String: Int64] = [:]
        if let target, target.holdsRows {
            for table in Self.order {
                guard let definition = catalog.table(named: table), let columns = Self.columns[table] else {
                    continue
                }
                try target.existingRows(of: definition, columns: ["id"] + columns, matching: []) { row in
                    guard case .integer(let id) = row.first else { return }
                    highest[table] = max(highest[table] ?? 0, id)
                    let parts = row.dropFirst().map { $0.textForm.map(JSONValue.string) ?? .null }
                    if let key = key(of: table, parts: Array(parts)) { ids[table, default: [:]][key] = id }
                }
            }
        }
        for table in Self.order {
            let found = entries[table] ?? []
            var next = max(highest[table] ?? 0, found.compactMap(\.pk).max() ?? 0)
            for entry in found {
                guard let key = key(of: table, parts: entry.parts) else { continue }
                let id: Int64
                if let pk = entry.pk {
                    id = pk
                } else if let existing = ids[table]?[key] {
                    id = existing
                    generated[table, default: [:]][entry.index] = existing
                } else {
                    next += 1
                    id = next
                    generated[table, default: [:]][entry.index] = next
                }
                ids[table, default: [:]][key] = id
            }
            // Objects whose key could not be made still need an id: the row's own checks then
            // name what is wrong with it.
            for entry in found where entry.pk == nil && generated[table]?[entry.index] == nil {
                next += 1
                generated[table, default: [:]][entry.index] = next
            }
        }
    }

    /// The key of a row from its key fields; a permission's content type becomes its two parts.
    private func key(of table: String, parts: [JSONValue]) -> [String]? {
        if table == "auth_permission", parts.count == 2, let codename = Self.text(parts[0]) {
            let contentType: [String]?
            switch parts[1] {
            case .array(let type): contentType = type.compactMap(Self.text)
            case let id:
                contentType = Self.integer(id).flatMap { id in
                    ids["django_content_type"]?.first { $0.value == id }?.key
                }
            }
            guard let contentType, contentType.count == 2 else { return nil }
            return [codename] + contentType
        }
        let texts = parts.compactMap(Self.text)
        return texts.count == parts.count ? texts : nil
    }

    private static func text(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text), .number(let text): text
        default: nil
        }
    }

    /// An id as fixtures write it: a number, or a string of digits.
    static func integer(_ value: JSONValue?) -> Int64? {
        switch value {
        case .number(let text), .string(let text): Int64(text)
        default: nil
        }
    }
}
