import ClinicPipeline

/// A streaming reader of PostgreSQL's COPY CSV dialect (RFC 4180 quoting).
///
/// Each call to `nextRecord` reuses one buffer for all fields; a field's bytes stay valid until the
/// next call. Unquoted empty fields are NULL, quoted empty fields are empty strings.
public final class CSVReader {
    private let source: any ByteSource
    private let maxFieldBytes: Int
    private let maxRecordBytes: Int
    private var input: UnsafeMutableRawBufferPointer
    private var position = 0
    private var end = 0
    private var atEnd = false
    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var length = 0
    /// Where each field of the current record ends in `storage`, and whether it was quoted; fixed
    /// buffers (a record has at most `InputLimits.fieldsPerRecord` fields, plus one after a
    /// trailing comma), so adding a field costs no array bookkeeping.
    private let ends: UnsafeMutablePointer<Int>
    private let quoted: UnsafeMutablePointer<Bool>
    private var count = 0
    private var line = 1
    private var checkedBOM = false
    /// Where the current record starts in `input`, and its bytes from earlier buffers.
    private var recordStart = 0
    private var carry: [UInt8] = []

    /// The line on which the current record starts.
    public private(set) var recordLine = 0

    /// Reads CSV from `source`, refusing a field or record larger than the limits, so a file
    /// without line breaks or quotes that never close cannot exhaust memory.
    public init(
        _ source: any ByteSource, maxFieldBytes: Int = InputLimits.fieldBytes,
        maxRecordBytes: Int = InputLimits.recordBytes
    ) {
        self.source = source
        self.maxFieldBytes = maxFieldBytes
        self.maxRecordBytes = maxRecordBytes
        input = .allocate(byteCount: 1 << 16, alignment: 1)
        ends = .allocate(capacity: InputLimits.fieldsPerRecord + 2)
        quoted = .allocate(capacity: InputLimits.fieldsPerRecord + 2)
        capacity = 1 << 12
        storage = .allocate(capacity: capacity)
    }

    deinit {
        input.deallocate()
        storage.deallocate()
        ends.deallocate()
        quoted.deallocate()
    }

    /// The name of what is read, for messages.
    public var name: String { source.name }

    /// The number of fields in the current record.
    public var fieldCount: Int { count }

    /// The bytes of field `i` of the current record.
    public func field(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        precondition(i >= 0 && i < count, "no field \(i)")
        let start = i == 0 ? 0 : ends[i - 1]
        return UnsafeBufferPointer(start: storage + start, count: ends[i] - start)
    }

    /// Whether field `i` was quoted (so an empty one is an empty string, not NULL).
    public func isQuoted(_ i: Int) -> Bool {
        precondition(i >= 0 && i < count, "no field \(i)")
        return quoted[i]
    }

    /// The fields of the current record as strings (for headers).
    public func strings() throws -> [String] {
        try (0..<fieldCount).map { i in
            guard let s = String(validating: field(i), as: UTF8.self) else {
                throw error("invalid UTF-8 in header")
            }
            return s
        }
    }

    /// Advances to the next record; `false` at the end of the input.
    public func nextRecord() throws -> Bool {
        length = 0
        count = 0
        if !checkedBOM { try skipBOM() }
        carry.removeAll(keepingCapacity: true)
        recordStart = position
        guard let first = try peek() else { return false }
        recordLine = line
        var byte = first
        while true {
            if byte == UInt8(ascii: "\"") {
                position += 1
                try readQuoted()
                quoted[count] = true
            } else {
                try readUnquoted()
                quoted[count] = false
            }
            ends[count] = length
            count += 1
            guard count <= InputLimits.fieldsPerRecord else {
                throw error("a record has more than \(InputLimits.fieldsPerRecord) fields")
            }
            guard let next = try peek() else { return true }
            position += 1
            switch next {
            case UInt8(ascii: ","):
                guard let following = try peek() else {
                    ends[count] = length
                    quoted[count] = false
                    count += 1
                    return true
                }
                byte = following
            case UInt8(ascii: "\n"):
                line += 1
                return true
            case UInt8(ascii: "\r"):
                if try peek() == UInt8(ascii: "\n") { position += 1 }
                line += 1
                return true
            default:
                throw error(
                    "unexpected character after a closing quote (a quote inside a field must be doubled)")
            }
        }
    }

    private func readUnquoted() throws {
        while true {
            if position == end { guard try refill() else { return } }
            let base = input.baseAddress.unsafelyUnwrapped.assumingMemoryBound(to: UInt8.self)
            let start = position
            let stop = end
            var i = start
            // Locals, not properties, in the byte loop: no exclusivity checks per byte.
            while i < stop {
                let b = base[i]
                if b == UInt8(ascii: ",") || b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") { break }
                if b == UInt8(ascii: "\"") {
                    position = i
                    throw error(
                        "a quote inside an unquoted field (quote the whole field and double the quote)")
                }
                i += 1
            }
            position = i
            try append(base + start, i - start)
            if i < stop { return }
        }
    }

    private func readQuoted() throws {
        let startLine = line
        while true {
            if position == end {
                guard try refill() else {
                    throw ETLError(
                        .badInput, "unterminated quoted field (the quote opened on line \(startLine))"
                    )
                    .at(location: name, line: startLine)
                }
            }
            let base = input.baseAddress.unsafelyUnwrapped.assumingMemoryBound(to: UInt8.self)
            let start = position
            let stop = end
            var i = start
            var newlines = 0
            while i < stop, base[i] != UInt8(ascii: "\"") {
                if base[i] == UInt8(ascii: "\n") { newlines += 1 }
                i += 1
            }
            line += newlines
            position = i
            try append(base + start, i - start)
            if i == stop { continue }
            position += 1  // the quote
            if try peek() == UInt8(ascii: "\"") {
                position += 1
                var quote = UInt8(ascii: "\"")
                try append(&quote, 1)
            } else {
                return
            }
        }
    }

    private func append(_ bytes: UnsafePointer<UInt8>, _ count: Int) throws {
        guard count > 0 else { return }
        let fieldStart = self.count > 0 ? ends[self.count - 1] : 0
        if length + count - fieldStart > maxFieldBytes {
            throw error(
                "a field is larger than \(Self.size(maxFieldBytes))",
                hint: "raise --max-field-mib if it is real")
        }
        if length + count + self.count > maxRecordBytes {
            throw error(
                "a record is larger than \(Self.size(maxRecordBytes))",
                hint: "raise --max-field-mib if it is real")
        }
        if length + count > capacity {
            var newCapacity = capacity * 2
            while newCapacity < length + count { newCapacity *= 2 }
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            grown.update(from: storage, count: length)
            storage.deallocate()
            storage = grown
            capacity = newCapacity
        }
        (storage + length).update(from: bytes, count: count)
        length += count
    }

    private func peek() throws -> UInt8? {
        if position == end { guard try refill() else { return nil } }
        return input.load(fromByteOffset: position, as: UInt8.self)
    }

    /// The current record's bytes exactly as read, line break included (one is added to the last
    /// record of a file that ends without one, so records can be written one after another).
    public func rawRecord() -> [UInt8] {
        var bytes = carry
        if position > recordStart {
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[recordStart..<position]))
        }
        if bytes.last != UInt8(ascii: "\n") { bytes.append(UInt8(ascii: "\n")) }
        return bytes
    }

    /// Appends the current record's bytes, its line ending made `\n`.
    public func appendRecord(to out: inout [UInt8]) {
        let start = out.count
        out.append(contentsOf: carry)
        if position > recordStart {
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[recordStart..<position]))
        }
        if out.count > start, out[out.count - 1] == UInt8(ascii: "\n") { out.removeLast() }
        if out.count > start, out[out.count - 1] == UInt8(ascii: "\r") { out.removeLast() }
        out.append(UInt8(ascii: "\n"))
    }

    private func refill() throws -> Bool {
        guard !atEnd else { return false }
        if end > recordStart {
            carry.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[recordStart..<end]))
        }
        recordStart = 0
        let n = try source.read(into: input)
        position = 0
        end = n
        if n == 0 { atEnd = true }
        return n > 0
    }

    private func skipBOM() throws {
        checkedBOM = true
        guard try peek() == 0xEF, end - position >= 3 else { return }
        if input.load(fromByteOffset: position + 1, as: UInt8.self) == 0xBB,
            input.load(fromByteOffset: position + 2, as: UInt8.self) == 0xBF
        {
            position += 3
        }
    }

    private func error(_ message: String, hint: String? = nil) -> ETLError {
        ETLError(.badInput, message, hint: hint).at(location: name, line: line)
    }

    private static func size(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? "\(bytes >> 20) MiB" : "\(bytes) bytes"
    }
}
