/// What the checks read of a table whose source guarantees its types, NOT NULL, lengths and
/// UNIQUE (see `Source.readValues`): some columns' values, and of some text columns only whether
/// they are empty.
public struct ColumnNeeds: Sendable, Equatable {
    /// Columns whose values are read.
    public var values: Set<Int>
    /// Text columns checked only for being empty: read as NULL, empty, or `someText`, so a long
    /// note is not turned into a string just to learn that it has characters.
    public var presence: Set<Int>

    /// What a non-empty presence-only column reads as.
    public static let someText = Value.text("(not read)")

    /// Needs of the given columns.
    public init(values: Set<Int>, presence: Set<Int> = []) {
        self.values = values
        self.presence = presence.subtracting(values)
    }
}
