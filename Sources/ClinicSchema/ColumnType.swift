/// The storage types of the schema, named after their meaning rather than one dialect.
public enum ColumnType: Sendable, Hashable {
    /// Auto-incrementing 64-bit primary key (Django's `BigAutoField`).
    case primaryKey
    /// Auto-incrementing 32-bit primary key (`AutoField`, the key of Django's own auth and admin models).
    case autoKey
    /// 32-bit integer (`IntegerField`, and foreign keys to an `autoKey`).
    case integer
    /// 16-bit integer that is not negative (`PositiveSmallIntegerField`, with its CHECK).
    case positiveSmallInt
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
    public var isPrimaryKey: Bool {
        switch self {
        case .primaryKey, .autoKey: true
        default: false
        }
    }

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
        case .autoKey: "AutoField"
        case .integer: "IntegerField"
        case .positiveSmallInt: "PositiveSmallIntegerField"
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
