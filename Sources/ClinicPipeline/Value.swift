import ClinicSchema

/// One field's value, exact for every type of the schema; NULL and the empty string differ.
public enum Value: Sendable, Hashable {
    /// SQL NULL.
    case null
    /// An integer (ids, counts, foreign keys).
    case integer(Int64)
    /// Text, possibly empty.
    case text(String)
    /// An exact decimal, already at its column's scale.
    case decimal(ExactDecimal)
    /// A boolean.
    case boolean(Bool)
    /// A calendar date.
    case date(LocalDate)
    /// A time of day.
    case time(LocalTime)
    /// An instant, with the offset it was written with.
    case timestamp(Timestamp)
    /// A JSON document, as text.
    case json(String)

    /// Whether this is NULL.
    public var isNull: Bool { if case .null = self { true } else { false } }
}

/// A row: one value per column of its table, in the table's column order.
public typealias Row = [Value]
