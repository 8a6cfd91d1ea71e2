import ClinicPipeline
import ClinicSchema

/// Turns CSV records into rows of one table.
public final class CSVRowCursor: RowCursor {
    private let reader: CSVReader
    private let table: Table
    private let binding: ColumnBinding
    private let types: [ColumnType]
    public let rawHeader: [UInt8]
    /// Whether the file's columns are the table's, in catalog order, so records can be copied as they are.
    private let inCatalogOrder: Bool
    /// How each column is read; the skipped ones stay at their fill (see `Source.readValues`).
    private let reads: [Read]
    /// Which unquoted text is NULL.
    private let dialect: CSVDialect

    private enum Read {
        case skip, value, presence
    }

    public var location: String { reader.name }

    /// Where datetimes without an offset are read; `nil` reads them as UTC.
    public var zone: WallClockZone?
    /// Whether the current record held such a datetime, so its text is not the value and cannot
    /// be copied as it is.
    private var readWallClock = false

    /// Whether the records are PostgreSQL's own COPY output.
    public let copyLinesAreCanonical: Bool

    /// Reads rows whose fields are named by `binding` (from a header or a known column list);
    /// `rawHeader` is the header line for rejects files; `canonical` when PostgreSQL wrote the records.
    public init(
        reader: CSVReader, table: Table, binding: ColumnBinding, rawHeader: [UInt8], canonical: Bool = false,
        reading needs: ColumnNeeds? = nil, dialect: CSVDialect = CSVDialect()
    ) {
        self.dialect = dialect
        reads = table.columns.indices.map { i in
            guard let needs else { return .value }
            return needs.values.contains(i) ? .value : needs.presence.contains(i) ? .presence : .skip
        }
        copyLinesAreCanonical = canonical
        self.reader = reader
        self.table = table
        self.binding = binding
        self.rawHeader = rawHeader
        types = table.columns.map(\.type)
        // Records of another delimiter or NULL text are no COPY CSV lines as they are.
        inCatalogOrder =
            dialect.isCopyCSV && binding.fieldCount == table.columns.count
            && binding.sourceIndex.enumerated().allSatisfy { $0.element == $0.offset }
    }

    public func provides(_ column: String) -> Bool {
        table.index(of: column).map(binding.binds) ?? false
    }

    public func appendCopyLine(to out: inout [UInt8]) -> Bool {
        guard inCatalogOrder, !readWallClock else { return false }
        reader.appendRecord(to: &out)
        return true
    }

    /// Reads the header line of `reader` (written in `dialect`) and binds it to `table`.
    public convenience init(
        readingHeaderOf reader: CSVReader, table: Table, now: Timestamp, zone: WallClockZone? = nil,
        dialect: CSVDialect = CSVDialect()
    ) throws {
        guard try reader.nextRecord() else {
            throw ETLError(.badInput, "the file is empty; expected a header line")
                .at(location: reader.name, line: 1, table: table.name)
        }
        let names = try reader.strings()
        do {
            let binding: ColumnBinding
            do {
                binding = try ColumnBinding(table: table, names: names, now: now)
            } catch var error as ETLError {
                if let hint = dialect.misreadHeader(names, option: "--delimiter") { error.hint = hint }
                throw error
            }
            self.init(
                reader: reader, table: table, binding: binding, rawHeader: reader.rawRecord(),
                dialect: dialect)
            self.zone = zone
        } catch {
            throw error.at(location: reader.name, line: reader.recordLine)
        }
    }

    public func next() throws -> SourceRow? {
        var row = SourceRow(values: [])
        return try next(into: &row) ? row : nil
    }

    /// Overwrites only the columns it reads: the others keep their fill from the row's first use.
    public func next(into row: inout SourceRow) throws -> Bool {
        guard try reader.nextRecord() else { return false }
        row.line = reader.recordLine
        readWallClock = false
        if !row.problems.isEmpty { row.problems.removeAll(keepingCapacity: true) }
        if row.values.count != binding.fill.count { row.values = binding.fill }
        guard reader.fieldCount == binding.fieldCount else {
            row.values = binding.fill
            row.problems.append(
                FieldProblem(
                    column: nil, rule: .fieldCount,
                    message: "row has \(reader.fieldCount) fields but the header has \(binding.fieldCount)"))
            return true
        }
        for i in types.indices where reads[i] != .skip {
            guard let index = binding.sourceIndex[i] else { continue }
            let bytes = reader.field(index)
            if !reader.isQuoted(index) && dialect.isNull(bytes) {
                row.values[i] = .null
                continue
            }
            if reads[i] == .presence {
                row.values[i] = bytes.isEmpty ? .text("") : ColumnNeeds.someText
                continue
            }
            do {
                row.values[i] = try Value.parse(bytes, type: types[i])
                if let zone, case .timestamp(let t) = row.values[i], !WallClockZone.hasOffset(bytes) {
                    row.values[i] = .timestamp(zone.instant(wallClock: t))
                    readWallClock = true
                }
            } catch {
                row.values[i] = .null
                row.problems.append(
                    FieldProblem(
                        column: table.columns[i].name, rule: error.rule ?? .type, message: error.message,
                        value: String(decoding: bytes.prefix(60), as: UTF8.self)))
            }
        }
        return true
    }

    public func rawRecord() -> [UInt8] { reader.rawRecord() }
}
