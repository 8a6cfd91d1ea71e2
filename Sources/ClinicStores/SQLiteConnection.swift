import CSQLite3
import ClinicPipeline

/// Owns one SQLite database handle; every call's status goes through `check`.
package final class SQLiteConnection {
    package let handle: OpaquePointer
    package let path: String

    /// Opens `path`; `create` allows creating a new file.
    package init(path: String, readOnly: Bool, create: Bool = false) throws {
        self.path = path
        var raw: OpaquePointer?
        let flags =
            (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0))
            | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &raw, flags, nil)
        guard status == SQLITE_OK, let raw else {
            let message = raw.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(raw)
            throw ETLError(.database, "cannot open the SQLite database: \(message)").at(location: path)
        }
        handle = raw
        sqlite3_extended_result_codes(handle, 1)
    }

    deinit { sqlite3_close_v2(handle) }

    /// Runs SQL that returns no rows.
    package func exec(_ sql: String) throws {
        try check(sqlite3_exec(handle, sql, nil, nil, nil))
    }

    /// Rows the last INSERT, UPDATE or DELETE changed (an upsert that found its row the same: 0).
    package var changes: Int { Int(sqlite3_changes(handle)) }

    /// Compiles one statement.
    package func prepare(_ sql: String) throws -> SQLiteStatement {
        var raw: OpaquePointer?
        try check(sqlite3_prepare_v2(handle, sql, -1, &raw, nil))
        guard let raw else { throw ETLError(.database, "empty SQL statement") }
        return SQLiteStatement(raw, connection: self)
    }

    /// Whether a transaction is open.
    package var inTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Turns a status code into an error with SQLite's message.
    package func check(_ status: Int32) throws {
        guard status == SQLITE_OK || status == SQLITE_ROW || status == SQLITE_DONE else {
            throw ETLError(.database, String(cString: sqlite3_errmsg(handle))).at(location: path)
        }
    }
}

/// Owns one compiled statement.
package final class SQLiteStatement {
    private let handle: OpaquePointer
    private let connection: SQLiteConnection

    package init(_ handle: OpaquePointer, connection: SQLiteConnection) {
        self.handle = handle
        self.connection = connection
    }

    deinit { sqlite3_finalize(handle) }

    /// Advances; `true` while there is a row.
    package func step() throws -> Bool {
        let status = sqlite3_step(handle)
        try connection.check(status)
        return status == SQLITE_ROW
    }

    /// Clears bindings' use so the statement can run again.
    package func reset() {
        sqlite3_reset(handle)
    }

    package func bindNull(_ index: Int32) { sqlite3_bind_null(handle, index) }
    package func bind(_ index: Int32, _ value: Int64) { sqlite3_bind_int64(handle, index, value) }
    package func bind(_ index: Int32, _ text: String) {
        sqlite3_bind_text(handle, index, text, -1, clinic_sqlite_transient())
    }

    /// The storage class of a result column.
    package func type(_ column: Int32) -> Int32 { sqlite3_column_type(handle, column) }
    package func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
    package func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }

    /// The column as UTF-8 bytes (valid until the next step).
    package func bytes(_ column: Int32) -> UnsafeBufferPointer<UInt8> {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard let base = sqlite3_column_text(handle, column) else {
            return UnsafeBufferPointer(start: nil, count: 0)
        }
        return UnsafeBufferPointer(start: base, count: count)
    }

    /// The column as text.
    package func text(_ column: Int32) -> String {
        String(decoding: bytes(column), as: UTF8.self)
    }
}
