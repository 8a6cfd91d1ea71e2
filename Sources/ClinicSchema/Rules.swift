/// A check on one column's value beyond its type, length, choices and nullability.
public enum ColumnCheck: Sendable, Hashable {
    /// An email address as Django's `EmailValidator` accepts it.
    case email
    /// A Django password hash (`algorithm$…`) or an unusable password (`!…`).
    case djangoPassword
    /// A number within `min…max` (inclusive), both in the column's text form.
    case range(min: String, max: String)
}

/// A rule over several columns or rows of a table, stated in the spec in words.
public enum TableRule: Sendable, Hashable {
    /// At most one row per `per` value has the boolean `flag` set (one latest teeth image).
    case atMostOneFlagged(flag: String, per: String)
    /// When `column` equals `value`, every one of `required` must be non-NULL (a warning).
    case requiredWhen(column: String, equals: String, required: [String])
    /// The boolean `flag` is true exactly when `column` equals `value` (a warning).
    case flagMatches(flag: String, column: String, value: String)
    /// The row `column` references has each of the matches (column, text value) of at least one of
    /// `anyOf` (a warning).
    case referencedRowMatches(column: String, anyOf: [[Match]], describedAs: String)
    /// `later` is not before `earlier` when both are set (a warning).
    case notBefore(later: String, earlier: String)

    /// The columns of its own table the rule reads.
    public var columns: [String] {
        switch self {
        case .atMostOneFlagged(let flag, let per): [flag, per]
        case .requiredWhen(let column, _, let required): [column] + required
        case .flagMatches(let flag, let column, _): [flag, column]
        case .referencedRowMatches(let column, _, _): [column]
        case .notBefore(let later, let earlier): [later, earlier]
        }
    }

    /// Whether breaking the rule only warns (the row is still loaded).
    public var isWarning: Bool {
        if case .atMostOneFlagged = self { false } else { true }
    }
}

/// A column's expected value, in its text form.
public struct Match: Sendable, Hashable {
    /// The column of the referenced row.
    public let column: String
    /// The value it must hold, in PostgreSQL's text form.
    public let value: String

    /// Creates a match.
    public init(_ column: String, _ value: String) {
        self.column = column
        self.value = value
    }
}
