import ClinicPipeline
import ClinicSchema

/// A Django fixture file (`.json`, `.jsonl`, optionally gzipped) as a source.
///
/// Objects may come in any order; each table is read by one streaming pass over the file that
/// keeps only that table's objects, so memory stays flat however large the fixture is.
public final class FixtureSource: Source {
    private let path: String
    private let format: FixtureFormat
    private let gzip: Bool
    private let catalog: Catalog
    private let now: Timestamp
    private var present: Set<String>?

    public var displayName: String { path }

    /// Reads the fixture at `path`; `now` fills `auto_now` fields an object lacks.
    public init(path: String, format: FixtureFormat, gzip: Bool, catalog: Catalog = .clinic, now: Timestamp) {
        self.path = path
        self.format = format
        self.gzip = gzip
        self.catalog = catalog
        self.now = now
    }

    /// The tables the fixture has objects of; an unknown model label is an error naming where it is.
    public func availableTables() throws -> Set<String> {
        if let present { return present }
        var found: Set<String> = []
        var reader = try FixtureReader(path: path, format: format, gzip: gzip)
        while let object = try reader.next() {
            guard case .string(let label)? = object["model"] else {
                throw ETLError(.badInput, "object \(reader.position) has no \"model\"").at(
                    location: path, line: reader.line)
            }
            guard let table = catalog.table(named: label.lowercased()), label.lowercased() == table.modelLabel
            else {
                throw ETLError(
                    .badInput, "unknown model \"\(label)\" at \(reader.position)",
                    hint: "the models are \(catalog.tables.map(\.modelLabel).joined(separator: ", "))"
                ).at(location: path, line: reader.line)
            }
            found.insert(table.name)
        }
        present = found
        return found
    }

    public func open(_ table: Table) throws -> any RowCursor {
        let fill = try table.columns.map { try ColumnBinding.fill($0, now: now) }
        return FixtureCursor(
            reader: try FixtureReader(path: path, format: format, gzip: gzip),
            codec: FixtureCodec(table: table),
            fill: fill, location: path)
    }

    public func close() {}
}

/// The objects of one model in a fixture.
final class FixtureCursor: RowCursor {
    private var reader: FixtureReader
    private let codec: FixtureCodec
    private let fill: Row
    private var current: JSONValue?
    let location: String

    init(reader: FixtureReader, codec: FixtureCodec, fill: Row, location: String) {
        self.reader = reader
        self.codec = codec
        self.fill = fill
        self.location = location
    }

    var rawHeader: [UInt8] { [] }
    var rawExtension: String { "jsonl" }

    func next() throws -> SourceRow? {
        while let object = try reader.next() {
            guard case .string(let label)? = object["model"], label.lowercased() == codec.table.modelLabel
            else { continue }
            current = object
            do {
                var row = try codec.row(object, fill: fill, path: reader.position)
                row.line = reader.line
                return row
            } catch {
                throw error.at(location: location, line: reader.line, table: codec.table.name)
            }
        }
        return nil
    }

    /// The object as it was (compact, in its own key order), one per line.
    func rawRecord() -> [UInt8] {
        Array(((current?.text ?? "") + "\n").utf8)
    }
}
