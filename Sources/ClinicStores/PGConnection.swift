import CLibPQ
import ClinicPipeline
import Foundation
import Glibc

/// Owns one libpq connection.
///
/// Every libpq call goes through here and every failure becomes an `ETLError` in our words
/// (`ServerError`), with the SQLSTATE, scrubbed of the password and of every row value.
///
/// While it is open, a signal cancels the statement it runs (`Interrupt`), so even an index
/// build or a foreign-key validation stops, and the load rolls back.
///
/// Only the unnamed statement and transaction-local settings are used, so it works through a
/// transaction-mode pooler (pgbouncer, Supabase's port 6543).
package final class PGConnection {
    private let handle: OpaquePointer
    private let url: PostgresURL
    private let cancel: CancelHandle?
    private let cancelToken: Int?

    /// libpq's cancel object, used from the watcher thread (PQcancel is thread-safe).
    private struct CancelHandle: @unchecked Sendable {
        let pointer: OpaquePointer

        func send() {
            var buffer = [CChar](repeating: 0, count: 256)
            _ = PQcancel(pointer, &buffer, Int32(buffer.count))
        }
    }

    /// Connects, retrying a transient failure `ConnectPolicy.retries` times.
    package init(_ url: PostgresURL) throws {
        self.url = url
        let attempts = 1 + ConnectPolicy.retries
        var attempt = 1
        while true {
            let connection = try Self.connect(url)
            if PQstatus(connection) == CONNECTION_OK {
                handle = connection
                break
            }
            let reason = url.scrub(Self.trimmed(PQerrorMessage(connection)))
            PQfinish(connection)
            guard attempt < attempts, ConnectPolicy.isTransient(reason) else {
                let tries = attempt > 1 ? " after \(attempt) attempts" : ""
                let hint = ConnectPolicy.hint(for: reason, canRetry: attempts == 1)
                throw ETLError(.database, "cannot connect to \(url)\(tries): \(reason)", hint: hint)
            }
            attempt += 1
            let pause = ConnectPolicy.pause(before: attempt)
            StandardError.write(
                "warning: cannot connect to \(url) (\(reason.split(separator: "\n").first ?? "")); "
                    + "attempt \(attempt) of \(attempts) in \(pause) s\n")
            Thread.sleep(forTimeInterval: pause)
            try Interrupt.check()
        }
        // Server notices (e.g. "table does not exist, skipping") are not for the tool's users.
        PQsetNoticeReceiver(handle, { _, _ in }, nil)
        // PQerrorMessage's DETAIL and CONTEXT quote rows (a terminated COPY's last line): only the
        // primary message may reach ours.
        PQsetErrorVerbosity(handle, PQERRORS_TERSE)
        PQsetErrorContextVisibility(handle, PQSHOW_CONTEXT_NEVER)
        let cancel = PQgetCancel(handle).map(CancelHandle.init)
        self.cancel = cancel
        cancelToken = cancel.map { handle in Interrupt.register { handle.send() } }
        warnIfUnencrypted()
    }

    private static func connect(_ url: PostgresURL) throws -> OpaquePointer {
        let keys = url.parameters.map { strdup($0.0) }
        let values = url.parameters.map { strdup($0.1) }
        defer {
            for pointer in keys + values { free(pointer) }
        }
        var keyPointers = keys.map { UnsafePointer($0) } + [nil]
        var valuePointers = values.map { UnsafePointer($0) } + [nil]
        guard let connection = PQconnectdbParams(&keyPointers, &valuePointers, 0) else {
            throw ETLError(.database, "libpq could not allocate a connection")
        }
        return connection
    }

    /// Says so when a password went to another machine over a connection without TLS.
    private func warnIfUnencrypted() {
        let host = PQhost(handle).map { String(cString: $0) } ?? ""
        guard PQsslInUse(handle) == 0, PQconnectionUsedPassword(handle) == 1, !ConnectPolicy.isLocal(host)
        else { return }
        StandardError.write(
            "warning: the connection to \(host) is not encrypted: the password exchange and the clinic's data "
                + "cross the network in the clear\n  hint: add ?sslmode=verify-full (or sslmode=require) to the URL\n"
        )
    }

    /// The server process serving this connection (for `pg_terminate_backend` in fault tests).
    package var backendPID: Int32 { PQbackendPID(handle) }

    deinit {
        if let cancelToken { Interrupt.unregister(cancelToken) }
        if let cancel { PQfreeCancel(cancel.pointer) }
        PQfinish(handle)
    }

    /// Whether the server sees an open (or failed) transaction.
    package var inTransaction: Bool {
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE
    }

    /// Runs SQL without parameters.
    @discardableResult
    package func exec(_ sql: String) throws -> PGResult {
        // After a signal no statement starts (the one running was cancelled), but the ROLLBACK.
        if sql != "ROLLBACK" { try Interrupt.check() }
        return try check(PQexec(handle, sql), expecting: [PGRES_COMMAND_OK, PGRES_TUPLES_OK])
    }

    /// Runs one statement with text parameters, through the unnamed prepared statement.
    @discardableResult
    package func query(_ sql: String, _ parameters: [String?]) throws -> PGResult {
        try Interrupt.check()
        let copies = parameters.map { $0.map { strdup($0) } ?? nil }
        defer { for pointer in copies { free(pointer) } }
        let pointers = copies.map { UnsafePointer($0) }
        let result = pointers.withUnsafeBufferPointer { buffer in
            PQexecParams(handle, sql, Int32(parameters.count), nil, buffer.baseAddress, nil, nil, 0)
        }
        return try check(result, expecting: [PGRES_COMMAND_OK, PGRES_TUPLES_OK])
    }

    /// `text` as a quoted SQL literal, escaped by libpq for this connection's encoding.
    package func literal(_ text: String) throws -> String {
        guard let escaped = PQescapeLiteral(handle, text, text.utf8.count) else {
            throw failure("escaping a literal failed")
        }
        defer { PQfreemem(escaped) }
        return String(cString: escaped)
    }

    /// Starts `COPY … FROM STDIN`.
    package func beginCopyIn(_ sql: String) throws {
        try Interrupt.check()
        try check(PQexec(handle, sql), expecting: [PGRES_COPY_IN])
    }

    /// Sends COPY data.
    package func putCopyData(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress else { return }
        let status = PQputCopyData(handle, base.assumingMemoryBound(to: CChar.self), Int32(bytes.count))
        guard status == 1 else { throw failure("sending COPY data failed") }
    }

    /// Ends `COPY FROM`; with `error`, aborts it so the server discards the rows.
    package func endCopyIn(error: String? = nil) throws {
        guard PQputCopyEnd(handle, error) == 1 else { throw failure("ending COPY failed") }
        try drainResults(
            expecting: error == nil ? [PGRES_COMMAND_OK] : [PGRES_COMMAND_OK, PGRES_FATAL_ERROR])
    }

    /// Starts `COPY … TO STDOUT`.
    package func beginCopyOut(_ sql: String) throws {
        try Interrupt.check()
        try check(PQexec(handle, sql), expecting: [PGRES_COPY_OUT])
    }

    /// What one call to `getCopyData` found.
    package enum CopyChunk {
        /// A row, handed to the body.
        case row
        /// No whole row is buffered yet (only when not waiting).
        case none
        /// The COPY has ended.
        case ended
    }

    /// Calls `body` with the next row of COPY data; with `wait: false`, only a row libpq already
    /// holds, so a caller can take every buffered row without another system call.
    package func getCopyData(wait: Bool = true, _ body: (UnsafeRawBufferPointer) -> Void) throws -> CopyChunk
    {
        var buffer: UnsafeMutablePointer<CChar>?
        let n = PQgetCopyData(handle, &buffer, wait ? 0 : 1)
        if n > 0, let buffer {
            defer { PQfreemem(buffer) }
            body(UnsafeRawBufferPointer(start: buffer, count: Int(n)))
            return .row
        }
        if n == 0 { return .none }
        if n == -1 {
            try drainResults(expecting: [PGRES_COMMAND_OK])
            return .ended
        }
        throw failure("reading COPY data failed")
    }

    private func drainResults(expecting: [ExecStatusType]) throws {
        var firstError: ETLError?
        while let raw = PQgetResult(handle) {
            do {
                try check(raw, expecting: expecting)
            } catch let error as ETLError {
                firstError = firstError ?? error
            }
        }
        if let firstError { throw firstError }
    }

    @discardableResult
    private func check(_ raw: OpaquePointer?, expecting: [ExecStatusType]) throws -> PGResult {
        guard let raw else { throw failure("the server did not answer") }
        let result = PGResult(raw)
        guard expecting.contains(result.status) else {
            // A statement the watcher cancelled after a signal fails as "canceling statement".
            try Interrupt.check()
            var error = ServerError(result).error
            error.message = url.scrub(error.message)
            throw error
        }
        return result
    }

    private func failure(_ what: String) -> ETLError {
        Interrupt.pendingError
            ?? ETLError(.database, "\(what): \(url.scrub(Self.trimmed(PQerrorMessage(handle))))")
    }

    private static func trimmed(_ message: UnsafePointer<CChar>?) -> String {
        guard let message else { return "unknown error" }
        var text = String(cString: message)
        while text.last?.isWhitespace == true { text.removeLast() }
        return text.isEmpty ? "unknown error" : text
    }
}
