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

    /// Where an object starts, so a later pass over an uncompressed file can begin there.
    struct Mark {
        let offset: Int
        let line: Int
        let index: Int
    }

    /// Reads the fixture from the start, or (for plain files) from the object at `mark`.
    init(
        path: String, format: FixtureFormat, gzip: Bool, from mark: Mark? = nil,
        decryption: AgeDecryption? = nil
    )
        throws
    {
        let resume = gzip || decryption != nil ? nil : mark
        var bytes: any ByteSource = try FileSource(path: path, offset: resume?.offset ?? 0)
        if let decryption { bytes = try decryption.reader(bytes) }
        if gzip { bytes = try GzipSource(bytes) }
        input = ByteInput(bytes, line: resume?.line ?? 1)
        self.format = format
        self.path = path
        if let resume {
            started = true
            atObject = true
            index = resume.index - 1
        }
    }

    /// The next object starts right here (a pass resumed at a mark): no separator before it.
    private var atObject = false
    /// Where the last object started.
    private(set) var mark = Mark(offset: 0, line: 1, index: -1)

    /// Where the last object is, for messages: `$[12]` (JSON) or `line 13` (JSON Lines).
    var position: String { format == .json ? "$[\(index)]" : "line \(line)" }

    /// The next object's bytes, unparsed, or `nil` at the end.
    mutating func nextRaw() throws -> [UInt8]? {
        do {
            return try readNext()
        } catch let error as ETLError {
            throw error.at(location: path)
        }
    }

    /// The `"model"` member of an object's bytes, found by a scan of its top level.
    static func model(of raw: [UInt8]) -> String? {
        var depth = 0
        var i = 0
        while i < raw.count {
            let b = raw[i]
            if b == UInt8(ascii: "\"") {
                let start = i + 1
                i = start
                while i < raw.count, raw[i] != UInt8(ascii: "\"") {
                    i += raw[i] == UInt8(ascii: "\\") ? 2 : 1
                }
                if depth == 1, raw[start..<min(i, raw.count)].elementsEqual("model".utf8) {
                    var j = i + 1
                    while j < raw.count,
                        raw[j] == 0x20 || raw[j] == 0x0A || raw[j] == 0x0D || raw[j] == 0x09
                            || raw[j] == UInt8(ascii: ":")
                    {
                        j += 1
                    }
                    guard j < raw.count, raw[j] == UInt8(ascii: "\"") else { return nil }
                    let valueStart = j + 1
                    var k = valueStart
                    while k < raw.count, raw[k] != UInt8(ascii: "\"") { k += 1 }
                    return String(decoding: raw[valueStart..<min(k, raw.count)], as: UTF8.self)
                }
            } else if b == UInt8(ascii: "{") || b == UInt8(ascii: "[") {
                depth += 1
            } else if b == UInt8(ascii: "}") || b == UInt8(ascii: "]") {
                depth -= 1
            }
            i += 1
        }
        return nil
    }

    private mutating func readNext() throws -> [UInt8]? {
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
        } else if atObject {
            atObject = false
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
        mark = Mark(offset: input.offset, line: input.line, index: index)
        guard try JSONParser.skipSpace(&input) == UInt8(ascii: "{") else {
            throw ETLError(.badInput, "object \(index) is not a JSON object").at(line: line)
        }
        return try input.capture()
    }

    private mutating func end() throws -> [UInt8]? {
        finished = true
        guard try JSONParser.skipSpace(&input) == nil else {
            throw ETLError(.badInput, "unexpected text after the fixture's closing ']'").at(line: input.line)
        }
        return nil
    }
}
