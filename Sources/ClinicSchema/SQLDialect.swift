/// The SQL databases the tool speaks to.
public enum SQLDialect: String, Sendable, CaseIterable {
    /// PostgreSQL 12 or later.
    case postgres
    /// SQLite 3.
    case sqlite

    /// Quotes an identifier; identifiers only ever come from the catalog.
    public func quote(_ identifier: String) -> String {
        "\"" + identifier.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"")
            + "\""
    }
}
