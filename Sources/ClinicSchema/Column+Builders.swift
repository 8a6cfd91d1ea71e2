/// Short constructors that read like the Django model definitions.
extension Column {
    /// The auto-incrementing `id` primary key.
    static let id = Column(name: "id", type: .primaryKey)

    /// The 32-bit auto-incrementing `id` of Django's own auth, admin and content-type models.
    static let autoID = Column(name: "id", type: .autoKey)

    /// A `CharField(primary_key=True)`.
    static func charKey(_ name: String, _ length: Int) -> Column {
        Column(name: name, type: .varchar(length), key: true)
    }

    /// A `PositiveSmallIntegerField`.
    static func positiveSmallInt(_ name: String) -> Column {
        Column(name: name, type: .positiveSmallInt)
    }

    /// A `CharField`; `blank` allows the empty string.
    static func char(
        _ name: String, _ length: Int, blank: Bool = false, null: Bool = false, unique: Bool = false,
        choices: [String]? = nil, default value: String? = nil
    ) -> Column {
        Column(
            name: name, type: .varchar(length), nullable: null, blank: blank,
            defaultText: value ?? (blank && !null ? "" : nil), choices: choices, unique: unique)
    }

    /// A `TextField`; `blank` allows (and defaults to) the empty string.
    static func text(_ name: String, blank: Bool = false) -> Column {
        Column(name: name, type: .text, blank: blank, defaultText: blank ? "" : nil)
    }

    /// An `IntegerField`.
    static func int(
        _ name: String, null: Bool = false, default value: String? = nil, choices: [String]? = nil
    )
        -> Column
    {
        Column(name: name, type: .integer, nullable: null, defaultText: value, choices: choices)
    }

    /// A `BooleanField` with its model default.
    static func bool(_ name: String, default value: Bool) -> Column {
        Column(name: name, type: .boolean, defaultText: value ? "t" : "f")
    }

    /// A `DecimalField`.
    static func decimal(
        _ name: String, _ precision: Int, _ scale: Int, null: Bool = false, default value: String? = nil
    ) -> Column {
        Column(
            name: name, type: .decimal(precision: precision, scale: scale), nullable: null, defaultText: value
        )
    }

    /// A `DateField`.
    static func date(_ name: String, null: Bool = false) -> Column {
        Column(name: name, type: .date, nullable: null)
    }

    /// A `TimeField`.
    static func time(_ name: String, null: Bool = false, default value: String? = nil) -> Column {
        Column(name: name, type: .time, nullable: null, defaultText: value)
    }

    /// A `DateTimeField`, optionally filled by Django on save.
    static func timestamp(_ name: String, null: Bool = false, auto: AutoNow? = nil) -> Column {
        Column(name: name, type: .timestamp, nullable: null, autoNow: auto)
    }

    /// A `JSONField`.
    static func json(_ name: String, default value: String) -> Column {
        Column(name: name, type: .json, defaultText: value)
    }

    /// A `FileField` / `ImageField`, stored as the file's name.
    static func file(_ name: String, uploadTo: String, null: Bool = false) -> Column {
        Column(name: name, type: .file, nullable: null, blank: null, uploadTo: uploadTo)
    }

    /// A `ForeignKey` (or `OneToOneField` when `unique`) to another table's `id`; `type` is the
    /// type of that key (`integer` for Django's own `AutoField` models).
    ///
    /// Nullable references are cleared when their target goes; required ones cascade.
    static func fk(
        _ name: String, _ table: String, null: Bool = false, unique: Bool = false, type: ColumnType = .bigint
    ) -> Column {
        Column(
            name: name, type: type, nullable: null, unique: unique,
            references: ForeignKey(table: table, column: "id", onDelete: null ? .setNull : .cascade))
    }
}
