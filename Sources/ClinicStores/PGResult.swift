import CLibPQ

/// Owns one `PGresult` and clears it when released.
package final class PGResult {
    package let handle: OpaquePointer

    package init(_ handle: OpaquePointer) {
        self.handle = handle
    }

    deinit { PQclear(handle) }

    package var status: ExecStatusType { PQresultStatus(handle) }
    package var rowCount: Int { Int(PQntuples(handle)) }

    /// The text of a field, `nil` for NULL.
    package func value(_ row: Int, _ column: Int) -> String? {
        if PQgetisnull(handle, Int32(row), Int32(column)) == 1 { return nil }
        return String(cString: PQgetvalue(handle, Int32(row), Int32(column)))
    }

    /// An error field (`PG_DIAG_SQLSTATE`, `PG_DIAG_MESSAGE_DETAIL`, …).
    package func errorField(_ code: UInt8) -> String? {
        PQresultErrorField(handle, Int32(code)).map { String(cString: $0) }
    }
}
