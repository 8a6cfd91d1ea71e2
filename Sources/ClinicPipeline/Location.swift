import ClinicSchema

/// A single-pass cursor over one table's rows.
public protocol RowCursor: AnyObject {
    /// The next row, in the table's column order, or `nil` at the end.
    func next() throws -> Row?
}

/// Where rows come from: a database, a folder of CSV files, a generator.
public protocol Source: AnyObject {
    /// A name for messages, without secrets.
    var displayName: String { get }
    /// The catalog tables this source holds.
    func availableTables() throws -> Set<String>
    /// Opens a cursor over one table; only one cursor is open at a time.
    func open(_ table: Table) throws -> any RowCursor
    /// Ends the read (closes the snapshot transaction, files).
    func close()
}

/// How a load treats tables that already hold rows.
public enum LoadMode: String, Sendable, CaseIterable {
    /// Refuse to load into a table that has rows.
    case insert
    /// Add rows to whatever is there.
    case append
    /// Empty the tables first, in the same transaction.
    case truncate
}

/// Accepts rows for one table.
public protocol RowWriter: AnyObject {
    /// Writes one row, in the table's column order.
    func write(_ row: Row) throws
    /// Ends the table.
    func finish() throws
}

/// Where rows go; everything written becomes visible at `commit` or not at all.
public protocol Sink: AnyObject {
    /// A name for messages, without secrets.
    var displayName: String { get }
    /// Prepares the target for `tables` (creating, checking emptiness, truncating) inside the transaction.
    func begin(tables: [Table], mode: LoadMode) throws
    /// Starts writing one table; tables come in load order, one at a time.
    func open(_ table: Table) throws -> any RowWriter
    /// Makes everything written visible.
    func commit() throws
    /// Discards everything written; never throws, because it runs while another error travels.
    func rollback()
}
