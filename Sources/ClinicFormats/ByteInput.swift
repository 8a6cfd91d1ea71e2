import ClinicPipeline

/// A byte source read through a buffer one byte at a time, counting lines: the input of the JSON
/// parser for fixtures.
public struct ByteInput: JSONParser.Input {
    private let source: any ByteSource
    private var buffer: [UInt8] = Array(repeating: 0, count: 1 << 16)
    private var position = 0
    private var end = 0
    private var exhausted = false
    /// Bytes read before the current buffer.
    private var consumed = 0
    /// The current line, 1-based.
    public private(set) var line = 1

    /// Reads `source`, whose first byte is on line `line`.
    public init(_ source: any ByteSource, line: Int = 1) {
        self.source = source
        self.line = line
    }

    /// How many bytes were consumed: the offset of the next byte in the source.
    public var offset: Int { consumed + position }

    public mutating func peek() throws -> UInt8? {
        if position == end {
            guard !exhausted else { return nil }
            consumed += end
            end = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
            position = 0
            if end == 0 {
                exhausted = true
                return nil
            }
        }
        return buffer[position]
    }

    public mutating func advance() throws {
        guard try peek() != nil else { return }
        if buffer[position] == UInt8(ascii: "\n") { line += 1 }
        position += 1
    }

    /// Reads one object or array whole and returns its bytes, without building it: a fast scan
    /// that only follows strings and nesting, for skipping objects and finding their model.
    public mutating func capture(maxBytes: Int = InputLimits.recordBytes) throws -> [UInt8] {
        guard let first = try peek(), first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else {
            throw ETLError(.badInput, "expected a JSON object").at(line: line)
        }
        var out: [UInt8] = []
        var depth = 0
        var inString = false
        var escaped = false
        while true {
            guard try peek() != nil else {
                throw ETLError(.badInput, "the JSON ends inside an object").at(line: line)
            }
            var newlines = 0
            var closed = false
            var tooDeep = false
            // One pass over the buffered bytes through a raw pointer: this loop skips every object
            // of the other tables, so it must not pay for bounds or exclusivity checks per byte.
            let i = buffer.withUnsafeBufferPointer { bytes -> Int in
                var i = position
                while i < end {
                    if inString {
                        if escaped {
                            escaped = false
                            if bytes[i] == UInt8(ascii: "\n") { newlines += 1 }
                            i += 1
                            continue
                        }
                        // Most of an object is string contents: pass over them without the
                        // structural tests.
                        while i < end, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\"),
                            bytes[i] != UInt8(ascii: "\n")
                        {
                            i += 1
                        }
                        guard i < end else { break }
                        let b = bytes[i]
                        i += 1
                        if b == UInt8(ascii: "\n") {
                            newlines += 1
                        } else if b == UInt8(ascii: "\\") {
                            escaped = true
                        } else {
                            inString = false
                        }
                        continue
                    }
                    let b = bytes[i]
                    i += 1
                    if b == UInt8(ascii: "\n") {
                        newlines += 1
                    } else if b == UInt8(ascii: "\"") {
                        inString = true
                    } else if b == UInt8(ascii: "{") || b == UInt8(ascii: "[") {
                        depth += 1
                        if depth > JSONParser.maxDepth {
                            tooDeep = true
                            return i
                        }
                    } else if b == UInt8(ascii: "}") || b == UInt8(ascii: "]") {
                        depth -= 1
                        if depth == 0 {
                            closed = true
                            return i
                        }
                    }
                }
                return i
            }
            if tooDeep {
                throw ETLError(.badInput, "JSON nested deeper than \(JSONParser.maxDepth) levels").at(
                    line: line)
            }
            out.append(contentsOf: buffer[position..<i])
            line += newlines
            position = i
            if closed { return out }
            guard out.count <= maxBytes else {
                throw ETLError(
                    .badInput, "a JSON object larger than \(maxBytes >> 20) MiB",
                    hint: "raise --max-field-mib if it is real"
                ).at(line: line)
            }
        }
    }
}
