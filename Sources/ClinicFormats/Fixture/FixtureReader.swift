import ClinicPipeline

/// Streams the objects of a fixture file one at a time.
///
/// They are the elements of a JSON array, or the lines
/// of JSON Lines. Only the current object is in memory.
struct FixtureReader {
    private var input: ByteInput
    private let format: FixtureFormat
    private let path: String
    private var started = false
    private var finished = false
    /// The index of the last object read, 0-based.
    private(set) var index = -1
    /// The line the last object started on.
    private(set) var line = 0

    init(path: String, format: FixtureFormat, gzip: Bool) throws {
        var bytes: any ByteSource = try FileSource(path: path)
        if gzip { bytes = try GzipSource(bytes) }
        input = ByteInput(bytes)
        self.format = format
        self.path = path
    }

    /// Where the last object is, for messages: `$[12]` (JSON) or `line 13` (JSON Lines).
    var position: String { format == .json ? "$[\(index)]" : "line \(line)" }

    /// The next object, or `nil` at the end.
    mutating func next() throws -> JSONValue? {
        do {
            return try readNext()
        } catch let error as ETLError {
            throw error.at(location: path)
        }
    }

    private mutating func readNext() throws -> JSONValue? {
        guard !finished else { return nil }
        if format == .json && !started {
            started = true
            guard try JSONParser.skipSpace(&input) == UInt8(ascii: "[") else {
                throw ETLError(.badInput, "a Django JSON fixture is an array of objects; expected '['")
                    .at(line: input.line)
            }
            try input.advance()
            if try JSONParser.skipSpace(&input) == UInt8(ascii: "]") {
                try input.advance()
                return try end()
            }
        } else if format == .json {
            let separator = try JSONParser.skipSpace(&input)
            try input.advance()
            if separator == UInt8(ascii: "]") { return try end() }
            guard separator == UInt8(ascii: ",") else {
                throw ETLError(.badInput, "expected ',' or ']' after object \(index)").at(line: input.line)
            }
        } else if try JSONParser.skipSpace(&input) == nil {
            finished = true
            return nil
        }
        _ = try JSONParser.skipSpace(&input)
        line = input.line
        index += 1
        let value = try JSONParser.value(from: &input)
        guard case .object = value else {
            throw ETLError(.badInput, "object \(index) is not a JSON object").at(line: line)
        }
        return value
    }

    private mutating func end() throws -> JSONValue? {
        finished = true
        guard try JSONParser.skipSpace(&input) == nil else {
            throw ETLError(.badInput, "unexpected text after the fixture's closing ']'").at(line: input.line)
        }
        return nil
    }
}
