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
    /// For each table, the indexes of its first and last objects.
    private var ranges: [String: Range<Int>]?

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
        Set(try objectRanges().keys)
    }

    /// One fast pass that finds each model's objects, so reading a table can skip the rest.
    private func objectRanges() throws -> [String: Range<Int>] {
        if let ranges { return ranges }
        var found: [String: Range<Int>] = [:]
        var reader = try FixtureReader(path: path, format: format, gzip: gzip)
        while let raw = try reader.nextRaw() {
            guard let label = FixtureReader.model(of: raw)?.lowercased() else {
                throw ETLError(.badInput, "object \(reader.position) has no \"model\"").at(
                    location: path, line: reader.line)
            }
            guard let table = catalog.table(named: label), label == table.modelLabel else {
                throw ETLError(
                    .badInput, "unknown model \"\(label)\" at \(reader.position)",
                    hint: "the models are \(catalog.tables.map(\.modelLabel).joined(separator: ", "))"
                ).at(location: path, line: reader.line)
            }
            let index = reader.index
            found[table.name] = (found[table.name]?.lowerBound ?? index)..<(index + 1)
        }
        ranges = found
        return found
    }

    public func open(_ table: Table) throws -> any RowCursor {
        let fill = try table.columns.map { try ColumnBinding.fill($0, now: now) }
        return FixtureCursor(
            reader: try FixtureReader(path: path, format: format, gzip: gzip),
            codec: FixtureCodec(table: table),
            fill: fill, location: path, range: try objectRanges()[table.name] ?? 0..<0)
    }

    public func close() {}
}

/// The objects of one model in a fixture.
final class FixtureCursor: RowCursor {
    private var reader: FixtureReader
    private let codec: FixtureCodec
    private let fill: Row
    private let range: Range<Int>
    private var current: [UInt8] = []
    let location: String

    init(reader: FixtureReader, codec: FixtureCodec, fill: Row, location: String, range: Range<Int>) {
        self.reader = reader
        self.codec = codec
        self.fill = fill
        self.location = location
        self.range = range
    }

    var rawHeader: [UInt8] { [] }
    var rawExtension: String { "jsonl" }

    func next() throws -> SourceRow? {
        while reader.index + 1 < range.upperBound, let raw = try reader.nextRaw() {
            guard reader.index >= range.lowerBound,
                FixtureReader.model(of: raw)?.lowercased() == codec.table.modelLabel
            else { continue }
            current = raw
            let object = try reader.parse(raw)
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

    /// The object exactly as it was in the file, on one line.
    func rawRecord() -> [UInt8] {
        current.map { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") ? UInt8(ascii: " ") : $0 } + [
            UInt8(ascii: "\n")
        ]
    }
}
