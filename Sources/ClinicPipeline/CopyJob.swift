import ClinicSchema

/// Moves every selected table from a source through validation to a sink (or nowhere, for
/// `check`), in foreign-key order and in one transaction.
public struct CopyJob {
    /// What to do with invalid rows.
    public enum ErrorPolicy: String, Sendable, CaseIterable {
        /// Write nothing when any row is invalid.
        case abort
        /// Load the valid rows; invalid rows (and their children) go to the rejects file.
        case reject
    }

    /// Where rows come from.
    public var source: any Source
    /// Where rows go; `nil` only validates.
    public var sink: (any Sink)?
    /// The schema.
    public var catalog: Catalog
    /// Table names to restrict to; `nil` copies every table the source has.
    public var selection: Set<String>?
    /// What to do with tables that already hold rows.
    public var mode: LoadMode
    /// What to do with invalid rows.
    public var policy: ErrorPolicy
    /// Stop once this many rows are invalid.
    public var maxErrors: Int?
    /// Where rejected rows go, with `policy == .reject` (or to list them when only checking).
    public var rejects: (any RejectSink)?
    /// Where progress goes.
    public var progress: Progress
    /// Whether the app's model rules reject rows (`--strict`, mapping migrations) instead of warning.
    public var strict: Bool

    /// Creates a job.
    public init(
        source: any Source, sink: (any Sink)?, catalog: Catalog = .clinic, selection: Set<String>? = nil,
        mode: LoadMode = .insert, policy: ErrorPolicy = .abort, maxErrors: Int? = nil,
        rejects: (any RejectSink)? = nil, progress: Progress = .silent, strict: Bool = false
    ) {
        self.strict = strict
        self.source = source
        self.sink = sink
        self.catalog = catalog
        self.selection = selection
        self.mode = mode
        self.policy = policy
        self.maxErrors = maxErrors
        self.rejects = rejects
        self.progress = progress
    }

    /// Runs the job.
    ///
    /// Invalid data does not throw: the result says what happened, with the report. Anything else (unreadable input, a database failure, an interrupt) rolls back and throws.
    public func run() throws -> JobResult {
        let started = Clock.seconds()
        defer { source.close() }
        // Each table in the source's own column order, so files keep the database's layout.
        let selected = try selectedTables().map { table in
            source.columnOrder(of: table).map(table.reordered) ?? table
        }
        let tables = selected.filter { sink?.carries($0) ?? true }
        var notes = selected.filter { sink?.carries($0) == false }.map {
            "not copied: \($0.name) (\(sink?.displayName ?? "the target") cannot hold it)"
        }
        if selection == nil {
            notes += try source.unknownTables().map { "not copied: \($0) (not a table of the clinic schema)" }
        }
        let catalog = Catalog(
            tables: self.catalog.tables.map { t in tables.first { $0.name == t.name } ?? t })
        var result = JobResult(report: ValidationReport())
        result.notes = notes
        do {
            sink?.noteSource(source.displayName)
            try sink?.begin(tables: tables, mode: mode)
            // Constraints a source database already enforces need no second check when the target
            // takes its lines as they are; only the app's own rules are read and checked.
            let guaranteed =
                sink?.copiesSourceLines == true ? tables.filter(source.guaranteesConstraints) : []
            let validator = Validator(
                catalog: catalog, tables: tables, partial: Set(tables.filter(source.isPartial).map(\.name)),
                guaranteed: Set(guaranteed.map(\.name)), strict: strict)
            for table in guaranteed { source.readValues(of: table, only: validator.neededColumns(of: table)) }
            if let sink, sink.holdsRows {
                for query in validator.targetQueries(mode: mode) {
                    guard let table = catalog.table(named: query.table) else { continue }
                    validator.began(query)
                    try sink.existingRows(of: table, columns: query.columns, matching: query.matches) {
                        validator.preload(query, $0)
                    }
                }
            }
            var state = RunState(writing: sink != nil)
            progress.activate(tables: tables.count)
            for (number, table) in tables.enumerated() {
                result.report.touch(table: table.name)
                progress.start(
                    table: table.name, number: number + 1,
                    expected: (source as? any MeasuredSource)?.expectedSize(of: table) ?? ExpectedSize())
                result.summary.tables.append(
                    try copy(table, validator: validator, report: result.report, state: &state))
                if state.stopped { break }
            }
            try Interrupt.check()
            result.outcome = try finish(state: state, report: result.report)
            progress.finish()
            // Rows sent before the first invalid one were rolled back with the rest.
            if sink != nil, !result.outcome.wroteRows { result.summary.markRolledBack() }
            if result.outcome == .clean, !source.incompleteness.isEmpty {
                result.outcome = .incompleteSource(source.incompleteness)
            }
        } catch {
            progress.finish()
            sink?.rollback()
            rejects?.discard()
            throw error
        }
        result.seconds = Clock.seconds() - started
        return result
    }

    private func selectedTables() throws -> [Table] {
        let available = try source.availableTables()
        if let selection {
            for name in selection where catalog.table(named: name) == nil {
                throw ETLError(
                    .usage, "unknown table \"\(name)\"", hint: "run `clinic-etl schema` to list the tables")
            }
        }
        let tables = catalog.loadOrder(selecting: selection).filter { available.contains($0.name) }
        guard !tables.isEmpty else {
            throw ETLError(
                .usage, "\(source.displayName) holds none of the selected tables",
                hint: "a CSV folder needs files named api_<table>.csv or api_<table>.csv.gz; a database "
                    + "needs the api_* tables (clinic-etl schema --create makes them); check --tables")
        }
        return tables
    }

    /// What the loop over tables carries from one table to the next.
    private struct RunState {
        var writing: Bool
        var invalidRows = 0
        var stopped = false
    }

    private func copy(_ table: Table, validator: Validator, report: ValidationReport, state: inout RunState)
        throws
        -> CopySummary.TableResult
    {
        let started = Clock.seconds()
        let cursor = try source.open(table)
        var writer = state.writing ? try sink?.open(table) : nil
        var result = CopySummary.TableResult(table: table.name)
        let measured = source as? any MeasuredSource
        // One row, refilled: the cursor can reuse its storage instead of allocating per row.
        var row = SourceRow(values: [])
        while try cursor.next(into: &row) {
            result.rowsRead += 1
            if result.rowsRead & 1023 == 0 {
                try Interrupt.check()
                progress.update(table: table.name, rows: result.rowsRead, bytes: measured?.bytesRead)
            }
            let violations = validator.check(row, table: table, location: cursor.location)
            report.record(table: table.name, violations: violations)
            result.warnings += violations.count { $0.severity == .warning }
            guard violations.contains(where: { $0.severity == .error }) else {
                validator.accept(row, table: table)
                try writer?.write(row.values, from: cursor)
                if writer != nil { result.rowsWritten += 1 }
                continue
            }
            result.rowsRejected += 1
            state.invalidRows += 1
            validator.reject(row, table: table)
            if policy == .reject || sink == nil {
                try rejects?.reject(
                    table: table, file: cursor.rawFileName, header: cursor.rawHeader,
                    record: cursor.rawRecord(),
                    extension: cursor.rawExtension,
                    violations: violations)
            }
            if policy == .abort && sink != nil {
                // Nothing will be committed; keep validating to report every problem, but stop sending rows.
                state.writing = false
                writer = nil
                result.rowsWritten = 0
            }
            if let maxErrors, state.invalidRows >= maxErrors {
                state.stopped = true
                break
            }
        }
        if result.rowsRejected > 0, state.writing {
            sink?.noteRejected(table, rows: result.rowsRejected, reasons: report.reasons(table: table.name))
        }
        try writer?.finish()
        result.upserted = writer?.upserted
        result.seconds = Clock.seconds() - started
        return result
    }

    private func finish(state: RunState, report: ValidationReport) throws -> JobResult.Outcome {
        if state.stopped {
            sink?.rollback()
            rejects?.discard()
            return .stoppedEarly(invalidRows: state.invalidRows)
        }
        if state.invalidRows > 0 && policy == .abort && sink != nil {
            sink?.rollback()
            rejects?.discard()
            return .invalid(invalidRows: state.invalidRows)
        }
        try sink?.commit()
        let wroteRejects = try rejects?.commit() ?? false
        if state.invalidRows == 0 { return .clean }
        if sink == nil { return .invalid(invalidRows: state.invalidRows, rejectsWritten: wroteRejects) }
        return .loadedWithRejects(invalidRows: state.invalidRows, rejectsWritten: wroteRejects)
    }
}
