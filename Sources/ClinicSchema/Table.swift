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

    /// Creates a table description.
    public init(
        _ name: String, _ columns: [Column], uniqueTogether: [[String]] = [], ordering: [String] = [],
        rules: [TableRule] = []
    ) {
        self.name = name
        self.columns = columns
        self.uniqueTogether = uniqueTogether
        self.ordering = ordering
        self.rules = rules
    }

    /// The Django model name (`appointment` for `api_appointment`).
    public var modelName: String { String(name.dropFirst(4)) }

    /// The Django model label used by fixtures (`api.appointment`).
    public var modelLabel: String { "api.\(modelName)" }

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

    /// The foreign keys, in column order.
    public var foreignKeys: [(column: Column, key: ForeignKey)] {
        columns.compactMap { column in column.references.map { (column, $0) } }
    }
}
