/// The storage types of the schema, named after their meaning rather than one dialect.
public enum ColumnType: Sendable, Hashable {
    /// Auto-incrementing 64-bit primary key (Django's `BigAutoField`).
    case primaryKey
    /// 32-bit integer (`IntegerField`).
    case integer
    /// 64-bit integer, the type of foreign-key columns pointing at a `primaryKey`.
    case bigint
    /// Text with a maximum length in characters (`CharField`, `EmailField`).
    case varchar(Int)
    /// Unbounded text (`TextField`).
    case text
    /// A stored file name (`FileField` / `ImageField`, `varchar(100)` in the database).
    case file
    /// Exact decimal with total digits and digits after the point (`DecimalField`).
    case decimal(precision: Int, scale: Int)
    /// `BooleanField`.
    case boolean
    /// Calendar date without a time zone.
    case date
    /// Time of day without a time zone.
    case time
    /// Instant with microseconds (`DateTimeField`, `timestamptz`).
    case timestamp
    /// JSON document (`JSONField`, `jsonb`).
    case json

    /// Whether this is the table's auto-incrementing key.
    public var isPrimaryKey: Bool { self == .primaryKey }

    /// The maximum length in characters, for types that have one.
    public var maxLength: Int? {
        switch self {
        case .varchar(let n): n
        case .file: 100
        default: nil
        }
    }

    /// Whether values are text that may be empty (as opposed to NULL).
    public var isTextual: Bool {
        switch self {
        case .varchar, .text, .file: true
        default: false
        }
    }

    /// The Django model field class, as fixtures name it.
    public var djangoField: String {
        switch self {
        case .primaryKey: "BigAutoField"
        case .integer: "IntegerField"
        case .bigint: "BigIntegerField"
        case .varchar: "CharField"
        case .text: "TextField"
        case .file: "FileField"
        case .decimal: "DecimalField"
        case .boolean: "BooleanField"
        case .date: "DateField"
        case .time: "TimeField"
        case .timestamp: "DateTimeField"
        case .json: "JSONField"
        }
    }
}
