import ClinicSchema

/// A single-pass cursor over one table's rows.
public protocol RowCursor: AnyObject {
    /// Where the rows come from (a file, a database), for messages.
    var location: String { get }
    /// The next row, or `nil` at the end. A field that cannot be read becomes a problem of its row;
    /// only damage that makes the rest of the input unreadable throws.
    func next() throws -> SourceRow?
    /// Reads the next row into `row`, reusing its storage where the cursor can; `false` at the end.
    func next(into row: inout SourceRow) throws -> Bool
    /// The header line the rows sit under in the source, for rejects files.
    var rawHeader: [UInt8] { get }
    /// The current row exactly as the source holds it, ending with a line break.
    func rawRecord() -> [UInt8]
    /// The file extension of the raw records (`csv`, or `jsonl` for fixture objects).
    var rawExtension: String { get }
    /// The name of the source file the current record was read from, when rejects should be filed
    /// under it (a mapping's `patients.csv`); `nil` files them under the table's name.
    var rawFileName: String? { get }
    /// Appends the current record as a COPY CSV line of the table's columns in catalog order,
    /// exactly as read, when the source holds it that way; `false` otherwise.
    func appendCopyLine(to out: inout [UInt8]) -> Bool
    /// Whether those lines are already in the canonical text forms this tool writes (PostgreSQL's
    /// own COPY output is), so files can take them unchanged.
    var copyLinesAreCanonical: Bool { get }
    /// Whether the source has `column` itself, rather than the cursor filling in its default.
    func provides(_ column: String) -> Bool
}

extension RowCursor {
    /// Most cursors make a new row each time.
    public func next(into row: inout SourceRow) throws -> Bool {
        guard let next = try next() else { return false }
        row = next
        return true
    }

    /// Most sources hold CSV or rows rendered as CSV.
    public var rawExtension: String { "csv" }

    /// Most sources hold a table per file, named after it.
    public var rawFileName: String? { nil }

    /// Most sources do not hold COPY lines of the catalog's column order.
    public func appendCopyLine(to out: inout [UInt8]) -> Bool { false }

    /// Text written by people or other tools may use other forms (offsets, `yes`, exponents).
    public var copyLinesAreCanonical: Bool { false }

    /// Most sources (fixtures, mapped files) hold, or fill, every column alike.
    public func provides(_ column: String) -> Bool { true }
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
    /// Whether the source gives only some of `table`'s rows (an incremental extract), so rows
    /// elsewhere may reference rows it leaves out.
    func isPartial(_ table: Table) -> Bool
    /// Whether the source's own constraints already guarantee `table`'s types, NOT NULL, lengths,
    /// encoding and UNIQUE (a database whose schema is the catalog's), so checking them again
    /// cannot find anything.
    func guaranteesConstraints(of table: Table) -> Bool
    /// Reads only what `needs` names of `table`, leaving the other columns NULL; asked only for
    /// tables the source guarantees, when the target copies the source's lines.
    func readValues(of table: Table, only needs: ColumnNeeds)
    /// Tables (or files) the source holds that are no table of the catalog, so not copied; each is named.
    func unknownTables() throws -> [String]
    /// Why the data set is incomplete, when its writer set rows aside (an archive written with
    /// `--on-error reject`): one line per table.
    var incompleteness: [String] { get }
    /// The names of `table`'s columns in the order the source itself keeps them (a database table's
    /// own order, which Django's migrations make with foreign keys last), or `nil` for the catalog's.
    func columnOrder(of table: Table) -> [String]?
}

extension Source {
    /// Most sources give whole tables.
    public func isPartial(_ table: Table) -> Bool { false }

    /// Files guarantee nothing.
    public func guaranteesConstraints(of table: Table) -> Bool { false }

    /// Sources that guarantee nothing read every value.
    public func readValues(of table: Table, only needs: ColumnNeeds) {}

    /// Most sources have no order of their own.
    public func columnOrder(of table: Table) -> [String]? { nil }

    /// Most sources hold only what the catalog knows.
    public func unknownTables() throws -> [String] { [] }

    /// Most sources are what they are.
    public var incompleteness: [String] { [] }
}

/// How a load treats tables that already hold rows.
public enum LoadMode: String, Sendable, CaseIterable {
    /// Refuse to load into a table that has rows.
    case insert
    /// Add rows to whatever is there.
    case append
    /// Empty the tables first, in the same transaction.
    case truncate
    /// Insert new rows and update existing ones by primary key; unchanged rows stay as they are.
    case upsert

    /// Whether rows already in the target stay (and count for UNIQUE and foreign keys).
    public var keepsRows: Bool { self == .append || self == .upsert }
}

/// Accepts rows for one table.
public protocol RowWriter: AnyObject {
    /// Writes one row, in the table's column order.
    func write(_ row: Row) throws
    /// Writes one row that `cursor` has just read; a writer may copy the cursor's bytes instead
    /// of rendering the values again.
    func write(_ row: Row, from cursor: any RowCursor) throws
    /// Ends the table.
    func finish() throws
    /// What an upsert did with the table's rows, once finished; `nil` for other modes.
    var upserted: UpsertCounts? { get }
}

/// What an upsert did with one table's rows.
public struct UpsertCounts: Sendable, Equatable {
    /// Rows whose primary key was new.
    public var inserted = 0
    /// Existing rows that differed and were updated.
    public var updated = 0
    /// Existing rows that were already the same.
    public var unchanged = 0

    /// Creates counts.
    public init(inserted: Int = 0, updated: Int = 0, unchanged: Int = 0) {
        self.inserted = inserted
        self.updated = updated
        self.unchanged = unchanged
    }
}

extension RowWriter {
    /// Most writers only insert.
    public var upserted: UpsertCounts? { nil }

    /// Most writers render the values.
    public func write(_ row: Row, from cursor: any RowCursor) throws { try write(row) }
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
    /// Calls `body` with the values of `columns` of every row of `table` already in the target that
    /// has `matches`, inside the load's transaction (for UNIQUE and foreign-key checks).
    func existingRows(of table: Table, columns: [String], matching: [Match], _ body: (Row) throws -> Void)
        throws
    /// Told where the rows come from (archives record it in their manifest).
    func noteSource(_ displayName: String)
    /// Whether the target keeps rows of its own that `existingRows` reads (a database); files are
    /// written whole and hold nothing to check against.
    var holdsRows: Bool { get }
    /// Whether the target writes a canonical source's lines as they are (COPY CSV files), needing
    /// no values of its own.
    var copiesSourceLines: Bool { get }
    /// Whether the target can hold `table` at all (a fixture holds models, not link tables).
    func carries(_ table: Table) -> Bool
    /// Told, before a table's writer finishes, how many of its rows were set aside and why (archives
    /// record it in their manifest, so a partial backup says so).
    func noteRejected(_ table: Table, rows: Int, reasons: [String])
}

extension Sink {
    /// Most targets do not record where their data came from.
    public func noteSource(_ displayName: String) {}

    /// Files are written whole.
    public var holdsRows: Bool { false }

    /// Most targets render values.
    public var copiesSourceLines: Bool { false }

    /// Most targets hold every table.
    public func carries(_ table: Table) -> Bool { true }

    /// Most targets keep no record of rows set aside (the rejects folder does).
    public func noteRejected(_ table: Table, rows: Int, reasons: [String]) {}

    /// Targets that are replaced whole (files) hold nothing to check against.
    public func existingRows(
        of table: Table, columns: [String], matching: [Match], _ body: (Row) throws -> Void
    ) throws {}
}

/// A source that can answer SQL itself, inside its read snapshot, so aggregates run where the data is.
public protocol SQLQuerySource: Source {
    /// The dialect it speaks.
    var dialect: SQLDialect { get }
    /// Runs one query with text parameters and calls `body` with each row's text values (NULL as `nil`).
    func query(_ sql: String, _ parameters: [String?], _ body: ([String?]) throws -> Void) throws
}
