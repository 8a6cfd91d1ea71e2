import ClinicPipeline
import ClinicSchema

/// What a migration remembers across tables: which id each natural key, source key and merged
/// duplicate stands for, and the next free id of each table.
///
/// Only keys are kept, never rows; they grow with rows the way validation's key sets do.
final class KeyRegistry {
    /// The table's rows by the match key of one of its columns (`email`, `name`, `full_name`).
    private var natural: [String: [String: [String: Int64]]] = [:]
    /// Which natural keys of each table anyone asks for; only those are indexed.
    private let indexed: [String: Set<String>]
    /// The source's own keys (`Patient No` 1007) → ids.
    private var sourceKeys: [String: [String: Int64]] = [:]
    /// Ids of merged duplicates → the id they were merged into.
    private var redirects: [String: [Int64: Int64]] = [:]
    private var highest: [String: Int64] = [:]
    private var loadedFromTarget: Set<String> = []
    private let catalog: Catalog

    /// Where rows already in the target are read from (set once the load's transaction is open).
    var target: (any Sink)?

    init(catalog: Catalog, indexed: [String: Set<String>]) {
        self.catalog = catalog
        self.indexed = indexed
    }

    /// Whether any mapping of `table` declares a source key.
    func hasSourceKeys(_ table: String) -> Bool { sourceKeys[table] != nil }

    func declareSourceKeys(_ table: String) {
        if sourceKeys[table] == nil { sourceKeys[table] = [:] }
    }

    /// Tables whose source key is their id (`id: Patient No`): rows already in the target are
    /// found by it too, so rejects reloaded with `--append` find the parents loaded before.
    private var keyedByID: Set<String> = []

    /// Says that `table`'s source key is its id.
    func declareSourceKeysAreIDs(_ table: String) { keyedByID.insert(table) }

    /// The id of `table`'s row whose `column` matches `text` (in this migration or in the target).
    func id(in table: String, by column: String, matching text: String) throws -> Int64? {
        try prepare(table)
        return natural[table]?[column]?[TextRules.matchKey(text)]
    }

    /// The id a source key of `table` stands for.
    func id(in table: String, sourceKey: String) -> Int64? {
        sourceKeys[table]?[TextRules.matchKey(sourceKey)]
    }

    /// The id `id` was merged into, or `id` itself.
    func resolved(_ id: Int64, in table: String) -> Int64 {
        redirects[table]?[id] ?? id
    }

    /// A fresh id for `table`, above every id in the target and in this migration.
    func newID(for table: String) throws -> Int64 {
        try prepare(table)
        let id = (highest[table] ?? 0) + 1
        highest[table] = id
        return id
    }

    /// Remembers a row that goes on to validation: its id, source key and natural keys.
    func register(_ values: Row, of table: Table, sourceKey: String?) {
        guard let id = table.index(of: "id").flatMap({ values[$0].integerValue }) else { return }
        highest[table.name] = max(highest[table.name] ?? 0, id)
        if let sourceKey { sourceKeys[table.name, default: [:]][TextRules.matchKey(sourceKey)] = id }
        for column in indexed[table.name] ?? [] {
            guard let key = KeyRegistry.naturalKey(values, of: table, column: column) else { continue }
            remember(key, column: column, table: table.name, id: id)
        }
    }

    /// The first row with a natural key keeps it; lookups find that row.
    private func remember(_ key: String, column: String, table: String, id: Int64) {
        natural[table, default: [:]][column, default: [:]][key] = natural[table]?[column]?[key] ?? id
    }

    /// Points a merged duplicate's id and source key at the row it was merged into.
    func merge(_ id: Int64?, sourceKey: String?, into kept: Int64, table: String) {
        if let id, id != kept {
            redirects[table, default: [:]][id] = kept
            // The merged id stays taken: children that name it mean the kept row, not a new one.
            highest[table] = max(highest[table] ?? 0, id)
        }
        if let sourceKey { sourceKeys[table, default: [:]][TextRules.matchKey(sourceKey)] = kept }
    }

    /// The match key of `column` (or `full_name`) of a row; `nil` when it is NULL or empty.
    static func naturalKey(_ values: Row, of table: Table, column: String) -> String? {
        let text: String?
        if column == "full_name" {
            let parts = ["first_name", "last_name"].compactMap {
                table.index(of: $0).flatMap { values[$0].textForm }
            }
            text = parts.joined(separator: " ")
        } else {
            text = table.index(of: column).flatMap { values[$0].textForm }
        }
        guard let text else { return nil }
        let key = TextRules.matchKey(text)
        return key.isEmpty ? nil : key
    }

    /// Reads the target's ids (and the natural keys asked for) of `table` once; call it before rows
    /// stream into the target, whose connection is busy then.
    func prepare(_ table: String) throws {
        guard let target, !loadedFromTarget.contains(table), let definition = catalog.table(named: table)
        else {
            return
        }
        loadedFromTarget.insert(table)
        let columns =
            ["id"]
            + (indexed[table] ?? []).flatMap { $0 == "full_name" ? ["first_name", "last_name"] : [$0] }
        let unique = columns.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let projected = Table(table, unique.compactMap { definition.column($0) })
        try target.existingRows(of: definition, columns: unique, matching: []) { row in
            guard let id = row.first?.integerValue else { return }
            highest[table] = max(highest[table] ?? 0, id)
            if keyedByID.contains(table) {
                let key = TextRules.matchKey(String(id))
                sourceKeys[table, default: [:]][key] = sourceKeys[table]?[key] ?? id
            }
            for column in indexed[table] ?? [] {
                guard let key = KeyRegistry.naturalKey(row, of: projected, column: column) else { continue }
                remember(key, column: column, table: table, id: id)
            }
        }
    }
}

extension Value {
    /// The integer, when this is one.
    var integerValue: Int64? { if case .integer(let n) = self { n } else { nil } }
}
