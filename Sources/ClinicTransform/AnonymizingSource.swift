import ClinicPipeline
import ClinicSchema

/// A source whose personal data (the columns the schema marks, `Column.personal`) is replaced by
/// pseudonyms on the way out; amounts, dates of visits and stock are left as they are, so reports
/// on the copy still mean something.
public final class AnonymizingSource: Source {
    private let inner: any Source
    private let anonymizer: Anonymizer

    public var displayName: String { inner.displayName }

    /// Reads `inner` and replaces what `anonymizer` is for.
    public init(_ inner: any Source, anonymizer: Anonymizer) {
        self.inner = inner
        self.anonymizer = anonymizer
    }

    public func columnOrder(of table: Table) -> [String]? { inner.columnOrder(of: table) }

    public func availableTables() throws -> Set<String> { try inner.availableTables() }

    public func open(_ table: Table) throws -> any RowCursor {
        AnonymizingCursor(try inner.open(table), table: table, anonymizer: anonymizer)
    }

    public func close() { inner.close() }

    public func isPartial(_ table: Table) -> Bool { inner.isPartial(table) }
}

/// One table's rows with their personal columns replaced.
final class AnonymizingCursor: RowCursor {
    private let inner: any RowCursor
    private let table: Table
    private let anonymizer: Anonymizer
    private let personal: [(index: Int, kind: PersonalData)]
    private var current: Row = []

    init(_ inner: any RowCursor, table: Table, anonymizer: Anonymizer) {
        self.inner = inner
        self.table = table
        self.anonymizer = anonymizer
        personal = table.columns.enumerated().compactMap { i, column in column.personal.map { (i, $0) } }
    }

    var location: String { inner.location }

    func provides(_ column: String) -> Bool { inner.provides(column) }

    /// Rejects show the replaced row, never the original: that is what an anonymized copy promises.
    var rawHeader: [UInt8] { CSVLine.header(table.columnNames) }

    func rawRecord() -> [UInt8] { CSVLine.encode(current) }

    func next() throws -> SourceRow? {
        guard var row = try inner.next() else { return nil }
        for (i, kind) in personal { row.values[i] = anonymizer.replace(row.values[i], kind) }
        // A problem quotes the field it is about; for a personal column, not its original text.
        for k in row.problems.indices where row.problems[k].column.flatMap(table.column)?.personal != nil {
            row.problems[k].value = nil
        }
        current = row.values
        return row
    }
}
