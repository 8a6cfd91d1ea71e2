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
    private let zone: WallClockZone?
    private let decryption: AgeDecryption?
    /// For each table, the indexes of its first and last objects.
    private var ranges: [String: Range<Int>]?
    /// For each table, where its first object starts.
    private var marks: [String: FixtureReader.Mark] = [:]
    /// The natural keys the fixture names rows by, and the ids they stand for.
    private let keys: NaturalKeys

    /// Where natural keys the fixture does not define are looked up (the load's target).
    public var target: (any Sink)? {
        get { keys.target }
        set { keys.target = newValue }
    }

    public var displayName: String { path }

    /// Reads the fixture at `path`; `now` fills `auto_now` fields an object lacks; datetimes
    /// without an offset are read in `zone` (UTC without one); `decryption` opens an age-encrypted file.
    public init(
        path: String, format: FixtureFormat, gzip: Bool, catalog: Catalog = .clinic, now: Timestamp,
        zone: WallClockZone? = nil, decryption: AgeDecryption? = nil
    ) {
        self.zone = zone
        self.path = path
        self.decryption = decryption
        self.format = format
        self.gzip = gzip
        self.catalog = catalog
        self.now = now
        keys = NaturalKeys(catalog: catalog)
    }

    /// The tables the fixture has objects of; an unknown model label is an error naming where it is.
    public func availableTables() throws -> Set<String> {
        let found = Set(try objectRanges().keys)
        // Link tables stand in their owner's objects, as lists; dumpdata writes them on every
        // object, so the first one tells.
        var links: [String] = []
        // Each owner's first object, read once for all its lists.
        var firsts: [String: JSONValue?] = [:]
        for table in catalog.tables {
            guard let link = table.link, found.contains(link.owner),
                let owner = catalog.table(named: link.owner)
            else { continue }
            if firsts[owner.name] == nil { firsts[owner.name] = .some(try objects(of: owner)()?.object) }
            guard let first = firsts[owner.name] ?? nil, first["fields"]?[link.field] != nil else { continue }
            links.append(table.name)
        }
        return found.union(links)
    }

    /// One fast pass that finds each model's objects, so reading a table can skip the rest.
    private func objectRanges() throws -> [String: Range<Int>] {
        if let ranges { return ranges }
        var found: [String: Range<Int>] = [:]
        if format == .xml {
            let reader = try XMLObjectReader(path: path, gzip: gzip, decryption: decryption)
            while let label = try reader.nextObject() {
                let table = try known(label.lowercased(), at: reader.position, line: reader.line)
                found[table.name] = (found[table.name]?.lowerBound ?? reader.index)..<(reader.index + 1)
                if NaturalKeys.names(table.name) {
                    keys.note(
                        try reader.object(model: label, table: table).object, table: table.name,
                        index: reader.index)
                } else {
                    try reader.skipObject()
                }
            }
            ranges = found
            return found
        }
        var reader = try FixtureReader(path: path, format: format, gzip: gzip, decryption: decryption)
        // Labels as they are written, so the catalog is searched once per model, not per object.
        var tables: [String: Table] = [:]
        while let raw = try reader.nextRaw() {
            guard let label = FixtureReader.model(of: raw) else {
                throw ETLError(.badInput, "object \(reader.position) has no \"model\"").at(
                    location: path, line: reader.line)
            }
            let table = try tables[label] ?? known(label.lowercased(), at: reader.position, line: reader.line)
            tables[label] = table
            let index = reader.index
            if marks[table.name] == nil { marks[table.name] = reader.mark }
            found[table.name] = (found[table.name]?.lowerBound ?? index)..<(index + 1)
            if NaturalKeys.names(table.name) {
                let object = try raw.withUnsafeBufferPointer { bytes in
                    var input = BufferInput(bytes)
                    return try JSONParser.value(from: &input)
                }
                keys.note(object, table: table.name, index: index)
            }
        }
        ranges = found
        return found
    }

    private func known(_ label: String, at position: String, line: Int) throws -> Table {
        guard let table = catalog.table(named: label), label == table.modelLabel else {
            throw ETLError(
                .badInput, "unknown model \"\(label)\" at \(position)",
                hint: "the models are \(catalog.tables.compactMap(\.modelLabel).joined(separator: ", "))"
            ).at(location: path, line: line)
        }
        return table
    }

    public func open(_ table: Table) throws -> any RowCursor {
        try keys.resolve()
        let fill = try table.columns.map { try ColumnBinding.fill($0, now: now) }
        if let link = table.link, let owner = catalog.table(named: link.owner) {
            return try LinkFixtureCursor(
                table: table, objects: try objects(of: owner), keys: keys, fill: fill, location: path)
        }
        if format == .xml {
            return XMLFixtureCursor(
                reader: try XMLObjectReader(path: path, gzip: gzip, decryption: decryption),
                parser: FixtureRowParser(codec: FixtureCodec(table: table, zone: zone), keys: keys),
                fill: fill,
                location: path)
        }
        let range = try objectRanges()[table.name] ?? 0..<0
        return FixtureCursor(
            reader: try FixtureReader(
                path: path, format: format, gzip: gzip, from: marks[table.name], decryption: decryption),
            parser: FixtureRowParser(codec: FixtureCodec(table: table, zone: zone), keys: keys), fill: fill,
            location: path, range: range)
    }

    public func close() {}

    /// The objects of `table`, parsed whole (for the lists of link tables).
    private func objects(of table: Table) throws -> LinkFixtureCursor.Objects {
        let label = table.modelLabel ?? table.name
        if format == .xml {
            let reader = try XMLObjectReader(path: path, gzip: gzip, decryption: decryption)
            return {
                while let model = try reader.nextObject() {
                    guard model.lowercased() == label else {
                        try reader.skipObject()
                        continue
                    }
                    let line = reader.line
                    return (try reader.object(model: model, table: table).object, line, reader.index)
                }
                return nil
            }
        }
        let range = try objectRanges()[table.name] ?? 0..<0
        var reader = try FixtureReader(
            path: path, format: format, gzip: gzip, from: marks[table.name], decryption: decryption)
        return {
            while reader.index + 1 < range.upperBound, let raw = try reader.nextRaw() {
                guard reader.index >= range.lowerBound, FixtureReader.model(of: raw)?.lowercased() == label
                else {
                    continue
                }
                let object = try raw.withUnsafeBufferPointer { bytes in
                    var input = BufferInput(bytes)
                    return try JSONParser.value(from: &input)
                }
                return (object, reader.line, reader.index)
            }
            return nil
        }
    }
}

/// The objects of one model in a fixture.
final class FixtureCursor: RowCursor {
    private var reader: FixtureReader
    private let parser: FixtureRowParser
    private let fill: Row
    private let range: Range<Int>
    private var current: [UInt8] = []
    private let label: String
    let location: String

    init(reader: FixtureReader, parser: FixtureRowParser, fill: Row, location: String, range: Range<Int>) {
        label = parser.table.modelLabel ?? parser.table.name
        self.reader = reader
        self.parser = parser
        self.fill = fill
        self.location = location
        self.range = range
    }

    var rawHeader: [UInt8] { [] }
    var rawExtension: String { "jsonl" }

    func next() throws -> SourceRow? {
        while reader.index + 1 < range.upperBound, let raw = try reader.nextRaw() {
            guard reader.index >= range.lowerBound,
                FixtureReader.model(of: raw)?.lowercased() == label
            else { continue }
            current = raw
            return try parser.row(
                raw, fill: fill, position: reader.position, line: reader.line, index: reader.index,
                location: location)
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

/// The objects of one model in an XML fixture.
final class XMLFixtureCursor: RowCursor {
    private let reader: XMLObjectReader
    private let parser: FixtureRowParser
    private let fill: Row
    private var current: JSONValue?
    let location: String

    init(reader: XMLObjectReader, parser: FixtureRowParser, fill: Row, location: String) {
        self.reader = reader
        self.parser = parser
        self.fill = fill
        self.location = location
    }

    var rawHeader: [UInt8] { [] }
    var rawExtension: String { "jsonl" }

    func next() throws -> SourceRow? {
        while let label = try reader.nextObject() {
            guard label.lowercased() == parser.table.modelLabel else {
                try reader.skipObject()
                continue
            }
            let (object, problems) = try reader.object(model: label, table: parser.table)
            current = object
            // The element as the JSON object it stands for, read by the one object reader.
            var row = try parser.row(
                Array(object.text.utf8), fill: fill, position: reader.position, line: reader.line,
                index: reader.index, location: location)
            row.problems += problems
            return row
        }
        return nil
    }

    /// The object in the JSON fixture form, one per line (XML elements do not stand alone).
    func rawRecord() -> [UInt8] { Array(((current?.text ?? "") + "\n").utf8) }
}
