import CSQLite3
import ClinicFormats
import ClinicPipeline
import Foundation

/// Owns one SQLite database handle; every call's status goes through `check`.
package final class SQLiteConnection {
    package let handle: OpaquePointer
    /// The database as errors name it (its final path while it is built under a staging name).
    package let path: String

    /// Opens `path`, creating a new file only with `create`; errors call it `name` when given.
    package init(path: String, readOnly: Bool, create: Bool = false, name: String? = nil) throws {
        self.path = name ?? path
        if readOnly { try Self.rollBackHotJournal(path) }
        var raw: OpaquePointer?
        let flags =
            (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0))
            | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &raw, flags, nil)
        guard status == SQLITE_OK, let raw else {
            let message = raw.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(raw)
            throw ETLError(.database, "cannot open the SQLite database: \(message)").at(
                location: name ?? path)
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

    /// Turns a status code into an error with SQLite's message; a full disk or a failed write is
    /// a file error (74, like other file targets), with the system's reason and what to do.
    package func check(_ status: Int32) throws {
        guard status == SQLITE_OK || status == SQLITE_ROW || status == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(handle))
            guard status & 0xff == SQLITE_FULL || status & 0xff == SQLITE_IOERR else {
                throw ETLError(.database, message).at(location: path)
            }
            let code = systemErrno()
            let reason = code == 0 ? message : "\(String(cString: strerror(code))) (\(message))"
            var error = ETLError(.io, "cannot write the SQLite database: \(reason)")
            error.hint = FileError.hint(for: code == 0 && status & 0xff == SQLITE_FULL ? ENOSPC : code)
            throw error.at(location: path)
        }
    }

    /// The system's reason for the last failed read or write: SQLite's own record for the main
    /// file (errno itself is gone by the time an error comes back), else the last errno it saw.
    private func systemErrno() -> Int32 {
        var code: Int32 = 0
        if sqlite3_file_control(handle, "main", SQLITE_FCNTL_LAST_ERRNO, &code) == SQLITE_OK, code != 0 {
            return code
        }
        return sqlite3_system_errno(handle)
    }

    /// A run killed while writing leaves a hot journal that a read-only handle cannot roll back
    /// ("attempt to write a readonly database"): it is rolled back here through a read-write
    /// handle, or the error says how to do it.
    private static func rollBackHotJournal(_ path: String) throws {
        guard access(path + "-journal", F_OK) == 0 || access(path + "-wal", F_OK) == 0 else { return }
        var raw: OpaquePointer?
        defer { sqlite3_close_v2(raw) }
        // Reading the schema makes SQLite roll back a hot journal (and leave a live one alone).
        var status = sqlite3_open_v2(path, &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil)
        if status == SQLITE_OK, let raw {
            status = sqlite3_exec(raw, "SELECT count(*) FROM sqlite_master", nil, nil, nil)
        }
        guard status == SQLITE_OK else {
            let message = raw.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            throw ETLError(
                .database,
                "the database has a journal left by an interrupted write, which could not be rolled back: \(message)",
                hint:
                    "open it once with write access to roll it back (e.g. sqlite3 \(path) 'PRAGMA integrity_check'), or copy it together with \((path as NSString).lastPathComponent)-journal to a folder you can write; never without the journal"
            ).at(location: path)
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
