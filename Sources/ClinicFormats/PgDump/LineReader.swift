import ClinicPipeline

/// Lines of a byte stream, read through a buffer; a line handed out is valid until the next call.
final class LineReader {
    private let source: any ByteSource
    private var buffer: [UInt8] = []
    private var start = 0
    private var ended = false
    /// The number of the line last returned, 1-based.
    private(set) var lineNumber = 0

    var name: String { source.name }

    init(_ source: any ByteSource) {
        self.source = source
    }

    /// The next line without its `\n` (a last line without one is returned too); `nil` at the end.
    func next() throws -> ArraySlice<UInt8>? {
        var scanFrom = start
        while true {
            if let end = buffer[scanFrom...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = buffer[start..<end]
                start = end + 1
                lineNumber += 1
                return line
            }
            if ended {
                guard start < buffer.count else { return nil }
                let line = buffer[start...]
                start = buffer.count
                lineNumber += 1
                return line
            }
            if start > 0 {
                buffer.removeFirst(start)
                start = 0
            }
            scanFrom = buffer.count
            guard buffer.count - start < InputLimits.recordBytes else {
                throw ETLError(.badInput, "a line longer than \(InputLimits.recordBytes) bytes").at(
                    location: source.name, line: lineNumber + 1)
            }
            let old = buffer.count
            buffer += [UInt8](repeating: 0, count: 1 << 16)
            let n = try buffer.withUnsafeMutableBytes {
                try source.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[old...]))
            }
            buffer.removeLast((1 << 16) - n)
            if n == 0 { ended = true }
        }
    }
}
