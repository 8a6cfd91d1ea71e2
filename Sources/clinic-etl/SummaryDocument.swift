import ClinicPipeline

/// The `--json` object: one per run, on standard output, for scripts and monitoring.
struct SummaryDocument: Encodable {
    /// One table's rows.
    struct TableEntry: Encodable {
        var table: String
        var read: Int
        var valid: Int
        var rejected: Int
        var warnings: Int
        /// Rows in the target after the run; absent for `check`, 0 after a rollback.
        var written: Int?
        var seconds: Double
        /// With `--mode upsert`: rows inserted, updated, and found unchanged.
        var inserted: Int?
        var updated: Int?
        var unchanged: Int?

        init(_ t: CopySummary.TableResult, showWritten: Bool) {
            table = t.table
            read = t.rowsRead
            valid = t.rowsRead - t.rowsRejected
            rejected = t.rowsRejected
            warnings = t.warnings
            written = showWritten ? t.rowsWritten : nil
            seconds = (t.seconds * 1000).rounded() / 1000
            inserted = t.upserted?.inserted
            updated = t.upserted?.updated
            unchanged = t.upserted?.unchanged
        }
    }

    /// `clean`, `loaded-with-rejects`, `invalid`, `stopped-early`, `incomplete-source`, `error`
    /// or `interrupted`.
    var outcome: String
    var exitStatus: Int32
    var tables: [TableEntry] = []
    var total: TableEntry?
    /// Whether rows sent to the target were rolled back.
    var rolledBack: Bool?
    /// Violations found: errors and warnings.
    var errors: Int?
    var warnings: Int?
    /// The folder the invalid rows were set aside in.
    var rejects: String?
    /// What failed, for `error` and `interrupted`.
    var error: String?
    var seconds: Double?

    /// The document of a finished job.
    init(_ result: JobResult, showWritten: Bool, rejects: String?) {
        outcome = result.outcome.name
        exitStatus = result.outcome.exitStatus
        tables = result.summary.tables.map { TableEntry($0, showWritten: showWritten) }
        total = TableEntry(result.summary.total, showWritten: showWritten)
        rolledBack = showWritten ? result.summary.rolledBack : nil
        errors = result.report.errorCount
        warnings = result.report.warningCount
        self.rejects = rejects
        seconds = (result.seconds * 1000).rounded() / 1000
    }

    /// The document of a run that failed before it had a summary.
    init(failure: ETLError) {
        outcome = failure.code == .interrupted ? "interrupted" : "error"
        exitStatus = failure.exitStatus
        error = failure.description
    }
}
