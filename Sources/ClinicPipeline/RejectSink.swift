import ClinicSchema

/// Where rejected rows go, exactly as the source held them, with the reasons beside them.
public protocol RejectSink: AnyObject {
    /// Where the rejects end up, for the final message.
    var displayName: String { get }
    /// Records one rejected row, read under `header` from the file named `file` (when not the table's).
    func reject(
        table: Table, file: String?, header: [UInt8], record: [UInt8], extension: String,
        violations: [Violation]
    ) throws
    /// Makes the rejects visible; returns whether anything was written.
    func commit() throws -> Bool
    /// Drops everything (the run was aborted).
    func discard()
}
