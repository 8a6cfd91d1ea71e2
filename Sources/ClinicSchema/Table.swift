/// One table of the app: its columns and table-level constraints.
public struct Table: Sendable, Hashable {
    /// The database table name, `api_<model>`.
    public let name: String
    /// The columns, in the order the CSV header and DDL use.
    public let columns: [Column]
    /// Column sets that are UNIQUE together.
    public let uniqueTogether: [[String]]
    /// Django's `Meta.ordering` (`-created_at` means newest first).
    public let ordering: [String]
    /// Rules across columns or rows that the spec states in words.
    public let rules: [TableRule]
    /// The Django model label fixtures use (`api.appointment`, `auth.group`); `nil` for tables that
    /// are no model of their own (many-to-many links, the migration history).
    public let modelLabel: String?
    /// Whether the table is one of the app's 19 (rather than one Django keeps beside them).
    public var isAppTable: Bool { kind == .app }
    /// Which part of the database the table belongs to.
    public let kind: Kind
    /// For a many-to-many link table, the model whose objects list the links in a field of theirs.
    public let link: Link?
    /// The column order of Django's SQLite tables where it differs (migrations that alter a column
    /// rebuild an SQLite table with that column last).
    public let sqliteOrder: [String]?

    /// Where a link table's rows stand in fixtures: `groups: [1, 2]` in the user's fields.
    public struct Link: Sendable, Hashable {
        /// The table whose objects hold the list (`api_user`).
        public let owner: String
        /// The field that lists the linked ids (`groups`).
        public let field: String
        /// The model the list names (`auth.group`), for XML's `to`.
        public let target: String

        /// Creates a link.
        public init(owner: String, field: String, target: String) {
            self.owner = owner
            self.field = field
            self.target = target
        }
    }

    /// The app's tables, and the ones Django keeps for auth, admin, sessions and migrations.
    public enum Kind: Sendable, Hashable {
        /// One of the app's 19 `api_*` tables.
        case app
        /// A table Django or its contrib apps keep.
        case django
    }

    /// Creates a table description; the model label defaults to `api.<name without api_>`.
    public init(
        _ name: String, _ columns: [Column], uniqueTogether: [[String]] = [], ordering: [String] = [],
        rules: [TableRule] = [], model: String? = "", kind: Kind = .app, link: Link? = nil,
        sqliteOrder: [String]? = nil
    ) {
        self.link = link
        self.sqliteOrder = sqliteOrder
        self.name = name
        self.columns = columns
        self.uniqueTogether = uniqueTogether
        self.ordering = ordering
        self.rules = rules
        self.modelLabel = model == "" ? "api.\(name.dropFirst(4))" : model
        self.kind = kind
    }

    /// The Django model name (`appointment` for `api.appointment`), or the table's name for tables
    /// that are no model.
    public var modelName: String {
        modelLabel.map { String($0.split(separator: ".").last ?? "") } ?? name
    }

    /// For a link table, the positions of its id, the owner's key and the linked key.
    public var linkPositions: (id: Int, owner: Int, target: Int)? {
        guard let link, let id = index(of: "id"),
            let owner = columns.firstIndex(where: { $0.references?.table == link.owner }),
            let target = columns.indices.first(where: { $0 != id && $0 != owner })
        else { return nil }
        return (id, owner, target)
    }

    /// The primary key's column.
    public var primaryKey: Column? { columns.first(where: \.isPrimaryKey) }

    /// The column names in order.
    public var columnNames: [String] { columns.map(\.name) }

    /// The position of the named column.
    public func index(of column: String) -> Int? {
        columns.firstIndex { $0.name == column }
    }

    /// The column with the given name.
    public func column(_ name: String) -> Column? {
        columns.first { $0.name == name }
    }

    /// The table with its columns in the order of `names` (a source's own order); columns `names`
    /// lacks follow in catalog order, and names of no column are ignored.
    public func reordered(_ names: [String]) -> Table {
        var seen = Set<String>()
        let first = names.compactMap { name in seen.insert(name).inserted ? column(name) : nil }
        let rest = columns.filter { !seen.contains($0.name) }
        let order = first + rest
        guard order.map(\.name) != columnNames else { return self }
        return Table(
            name, order, uniqueTogether: uniqueTogether, ordering: ordering, rules: rules, model: modelLabel,
            kind: kind, link: link, sqliteOrder: sqliteOrder)
    }

    /// The foreign keys, in column order.
    public var foreignKeys: [(column: Column, key: ForeignKey)] {
        columns.compactMap { column in column.references.map { (column, $0) } }
    }
}
