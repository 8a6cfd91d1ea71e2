/// One column of a table, with everything the app's Django model says about it.
public struct Column: Sendable, Hashable {
    /// The database column name (`patient_id` for a foreign key named `patient`).
    public let name: String
    /// The storage type.
    public let type: ColumnType
    /// Whether NULL is allowed.
    public let nullable: Bool
    /// Whether the empty string is allowed (Django's `blank=True`); only meaningful for text.
    public let blank: Bool
    /// The model default in PostgreSQL's text form (`0`, `t`, `{}`, `09:00:00`).
    ///
    /// It fills the column when a source does not have it. Django keeps defaults in Python, so
    /// the DDL has none.
    public let defaultText: String?
    /// The allowed values, when the field has `choices`.
    public let choices: [String]?
    /// Whether the column alone is UNIQUE.
    public let unique: Bool
    /// The foreign key, when the column references another table.
    public let references: ForeignKey?
    /// Django's `auto_now_add` / `auto_now`, which fill the column with the save time.
    public let autoNow: AutoNow?
    /// For file fields, the folder the app uploads into.
    public let uploadTo: String?
    /// Further checks the spec states for the value.
    public let checks: [ColumnCheck]
    /// What personal data the column holds, which an anonymized copy replaces.
    public let personal: PersonalData?
    /// Whether the column is the table's primary key without being an auto-incrementing one (a
    /// session's key, a token).
    public let key: Bool
    /// Whether Django indexes the column (`db_index=True`) besides what keys and UNIQUE index.
    public let indexed: Bool

    /// Creates a column; the static helpers in `Column+Builders.swift` are the usual way.
    public init(
        name: String, type: ColumnType, nullable: Bool = false, blank: Bool = false,
        defaultText: String? = nil, choices: [String]? = nil, unique: Bool = false,
        references: ForeignKey? = nil, autoNow: AutoNow? = nil, uploadTo: String? = nil,
        checks: [ColumnCheck] = [], personal: PersonalData? = nil, key: Bool = false, indexed: Bool = false
    ) {
        self.key = key
        self.indexed = indexed
        self.name = name
        self.type = type
        self.nullable = nullable
        self.blank = blank
        self.defaultText = defaultText
        self.choices = choices
        self.unique = unique
        self.references = references
        self.autoNow = autoNow
        self.uploadTo = uploadTo
        self.checks = checks
        self.personal = personal
    }

    /// The column with extra checks.
    func checked(_ checks: ColumnCheck...) -> Column {
        Column(
            name: name, type: type, nullable: nullable, blank: blank, defaultText: defaultText,
            choices: choices,
            unique: unique, references: references, autoNow: autoNow, uploadTo: uploadTo,
            checks: self.checks + checks, personal: personal, key: key, indexed: indexed)
    }

    /// The column marked as holding personal data of `kind`.
    func personal(_ kind: PersonalData) -> Column {
        Column(
            name: name, type: type, nullable: nullable, blank: blank, defaultText: defaultText,
            choices: choices,
            unique: unique, references: references, autoNow: autoNow, uploadTo: uploadTo, checks: checks,
            personal: kind, key: key, indexed: indexed)
    }

    /// The Django field name: the column name without `_id` for foreign keys.
    public var fieldName: String {
        guard references != nil, name.hasSuffix("_id") else { return name }
        return String(name.dropLast(3))
    }

    /// Whether the column is its table's primary key.
    public var isPrimaryKey: Bool { key || type.isPrimaryKey }

    /// Whether a source must provide the column: NOT NULL and no model default.
    public var isRequired: Bool {
        !nullable && defaultText == nil && !type.isPrimaryKey && autoNow == nil && !blank
    }
}

/// The kinds of personal data a column can hold; each is replaced in its own way, so an anonymized
/// copy still looks like the clinic's data (valid emails, phone numbers, dates in the same year).
public enum PersonalData: String, Sendable, Hashable, CaseIterable {
    /// A login name.
    case username
    /// An email address.
    case email
    /// A given name.
    case firstName = "first_name"
    /// A family name.
    case lastName = "last_name"
    /// A full name in one field.
    case fullName = "full_name"
    /// A phone number.
    case phone
    /// A postal address.
    case address
    /// A date of birth, moved within its year.
    case birthday
    /// Notes, diagnoses, messages: anything people typed.
    case freeText = "free_text"
    /// An insurance or other identifying number.
    case identifier
    /// An uploaded file's name, which often carries the patient's name.
    case fileName = "file_name"
    /// A password hash, replaced by an unusable one.
    case password
    /// A secret token.
    case secret
}

/// Django's automatic timestamps.
public enum AutoNow: String, Sendable, Hashable {
    /// `auto_now_add`: set once when the row is created.
    case add
    /// `auto_now`: set on every save.
    case update
}

/// A foreign key: the referenced table and what happens to this row when the target is deleted.
public struct ForeignKey: Sendable, Hashable {
    /// The referenced table.
    public let table: String
    /// The referenced column (the target's primary key, `id`).
    public let column: String
    /// Django's `on_delete` rule.
    public let onDelete: OnDelete
}

/// Django's `on_delete` rules used by the app.
public enum OnDelete: String, Sendable, Hashable {
    /// Delete this row with its target.
    case cascade = "CASCADE"
    /// Keep this row and clear the reference.
    case setNull = "SET NULL"
}
