/// The rules a row can break, named as they appear in reports.
public enum Rule: String, Sendable, CaseIterable, Codable {
    /// The value is not of the column's type (integer, date, timestamp, boolean…).
    case type
    /// A decimal has more digits after the point than the column's scale.
    case decimalScale = "decimal_scale"
    /// A decimal has more digits before the point than precision − scale allows.
    case decimalPrecision = "decimal_precision"
    /// The value is not valid JSON (or holds `\u0000`, which PostgreSQL's jsonb refuses).
    case json
    /// The bytes are not valid UTF-8 text, or hold a NUL.
    case encoding
    /// The record has a different number of fields than the header.
    case fieldCount = "field_count"
    /// NULL in a NOT NULL column.
    case notNull = "not_null"
    /// The empty string in a field that must not be blank.
    case required
    /// Longer than the column's maximum length in characters.
    case maxLength = "max_length"
    /// Not one of the field's choices.
    case choice
    /// The same value (or combination) appears twice.
    case unique
    /// The referenced row exists neither in the data set nor in the target.
    case foreignKey = "foreign_key"
    /// The referenced row was itself rejected.
    case parentRejected = "parent_rejected"
    /// More than one row flagged for the same owner (one latest teeth image per patient).
    case atMostOneFlagged = "at_most_one_flagged"
    /// A number outside its allowed range (latitude, longitude).
    case range
    /// Not an email address Django would accept.
    case email
    /// Neither a Django password hash (`algorithm$…`) nor an unusable password (`!…`).
    case passwordHash = "password_hash"
    /// A status that implies other fields, without them (warning).
    case requiredWhen = "required_when"
    /// A legacy flag disagreeing with the status (warning).
    case flagMismatch = "flag_mismatch"
    /// The referenced row is not of the expected kind (warning).
    case referencedRow = "referenced_row"
    /// An end before its start (warning).
    case dateOrder = "date_order"
    /// A mapping file's rule could not turn the source's value into one for the column (no entry in a
    /// value map, a date not in the given format, a lookup that finds nothing).
    case mapping
}

/// The two tiers of rules the spec's "Data Validation" section names, plus the mapping's own.
///
/// Database constraints are what the target would refuse anyway; the app's model validators and the
/// spec's business rules are what Django checks only in forms and `full_clean()`, so the app's own
/// database can hold rows that break them (`loaddata` and the ORM store them).
public enum RuleTier: String, Sendable, Codable {
    /// Types, NOT NULL, lengths, precision, UNIQUE, foreign keys: always errors.
    case constraint
    /// Required text, choices, email and password formats, ranges, one latest flag: warnings unless strict.
    case model
    /// The spec's rules in words across columns and rows: always warnings.
    case business
    /// A mapping rule that could not make a value: always an error (there is nothing to load).
    case mapping

    /// How breaking a rule of this tier counts; `strict` is `full_clean()`'s view.
    public func severity(strict: Bool) -> Severity {
        switch self {
        case .constraint, .mapping: .error
        case .model: strict ? .error : .warning
        case .business: .warning
        }
    }

    /// The tier as messages name it.
    public var label: String {
        switch self {
        case .constraint: "database constraint"
        case .model: "app rule"
        case .business: "business rule"
        case .mapping: "mapping"
        }
    }
}

extension Rule {
    /// The tier the rule belongs to.
    public var tier: RuleTier {
        switch self {
        case .type, .decimalScale, .decimalPrecision, .json, .encoding, .fieldCount, .notNull, .maxLength,
            .unique, .foreignKey, .parentRejected:
            .constraint
        case .required, .choice, .email, .passwordHash, .range, .atMostOneFlagged: .model
        case .requiredWhen, .flagMismatch, .referencedRow, .dateOrder: .business
        case .mapping: .mapping
        }
    }
}

/// Whether a violation rejects the row or only warns.
public enum Severity: String, Sendable, Codable {
    /// The row is invalid.
    case error
    /// The row is loaded; the report mentions it.
    case warning
}

/// One broken rule in one row, located well enough to fix it.
public struct Violation: Sendable, Codable {
    /// The table.
    public var table: String
    /// The file (or database) the row came from.
    public var location: String?
    /// The line the row starts on, for text sources.
    public var line: Int?
    /// The row's primary key, when it could be read.
    public var pk: String?
    /// The column, for column rules.
    public var column: String?
    /// The offending value, shortened; never a password.
    public var value: String?
    /// The rule.
    public var rule: Rule
    /// The rule's tier: a database constraint, an app rule, a business rule or the mapping.
    public var tier: RuleTier
    /// Error or warning.
    public var severity: Severity
    /// What is wrong, in plain language.
    public var message: String
}

/// A field the source could not read as its column's type.
public struct FieldProblem: Sendable {
    /// The column.
    public var column: String?
    /// Which rule the text broke.
    public var rule: Rule
    /// What is wrong.
    public var message: String
    /// The text as it was, shortened.
    public var value: String?

    /// Creates a problem.
    public init(column: String?, rule: Rule, message: String, value: String? = nil) {
        self.column = column
        self.rule = rule
        self.message = message
        self.value = value
    }
}

/// A row as a source read it: the values, where it was, and what could not be read.
public struct SourceRow: Sendable {
    /// The values in the table's column order; unreadable fields are NULL.
    public var values: Row
    /// The line the record starts on, for text sources.
    public var line: Int?
    /// Fields that could not be read.
    public var problems: [FieldProblem]

    /// Creates a row.
    public init(values: Row, line: Int? = nil, problems: [FieldProblem] = []) {
        self.values = values
        self.line = line
        self.problems = problems
    }
}
