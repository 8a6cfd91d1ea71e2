import ClinicPipeline

/// A byte source read through a buffer one byte at a time, counting lines: the input of the JSON
/// parser for fixtures.
public struct ByteInput: JSONParser.Input {
    private let source: any ByteSource
    private var buffer: [UInt8] = Array(repeating: 0, count: 1 << 16)
    private var position = 0
    private var end = 0
    private var exhausted = false
    /// The current line, 1-based.
    public private(set) var line = 1

    /// Reads `source`.
    public init(_ source: any ByteSource) {
        self.source = source
    }

    public mutating func peek() throws -> UInt8? {
        if position == end {
            guard !exhausted else { return nil }
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
}
