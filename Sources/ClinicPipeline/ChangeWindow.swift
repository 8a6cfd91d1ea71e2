import ClinicSchema

/// Which rows an incremental extract reads: those created or changed since a bookmark.
///
/// Only tables with a column the app sets when a row is created or saved (Django's `auto_now_add`
/// and `auto_now`: `created_at`, `updated_at`, `uploaded_at`, `date_assigned`…) can be cut this way;
/// the others are read whole.
public struct ChangeWindow: Sendable {
    /// Bookmarks per table, from a state file.
    public var bookmarks: [String: Timestamp]
    /// The bookmark for tables without their own (`--since`); `nil` reads them whole.
    public var since: Timestamp?

    /// A window starting at `since` for every table, or at each table's bookmark.
    public init(since: Timestamp? = nil, bookmarks: [String: Timestamp] = [:]) {
        self.since = since
        self.bookmarks = bookmarks
    }

    /// The columns that say when a row of `table` was created or last changed.
    public static func changeColumns(of table: Table) -> [String] {
        table.columns.filter { $0.autoNow != nil }.map(\.name)
    }

    /// The bookmark that cuts `table`, or `nil` when the table is read whole.
    public func start(for table: Table) -> Timestamp? {
        guard !ChangeWindow.changeColumns(of: table).isEmpty else { return nil }
        return bookmarks[table.name] ?? since
    }
}

/// A source that can read only the rows changed since a bookmark, inside its snapshot.
public protocol IncrementalSource: Source {
    /// Restricts the tables opened from now on to `window`.
    func restrict(to window: ChangeWindow)
    /// The time the source's snapshot was taken: the next run's bookmark.
    func snapshotTime() throws -> Timestamp
}
