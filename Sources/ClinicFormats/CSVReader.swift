import ClinicPipeline

/// A streaming reader of PostgreSQL's COPY CSV dialect (RFC 4180 quoting), with any delimiter.
///
/// Each call to `nextRecord` reuses one buffer for all fields; a field's bytes stay valid until the
/// next call. Unquoted empty fields are NULL, quoted empty fields are empty strings.
public final class CSVReader {
    private let source: any ByteSource
    private let maxFieldBytes: Int
    private let maxRecordBytes: Int
    /// Input; the current record always lies whole in it (from `recordStart`), moved to the front
    /// when more must be read, and the buffer grows when a record is longer than it, up to the limits.
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var position = 0
    private var end = 0
    private var atEnd = false
    private var recordStart = 0
    /// Each field of the current record: where it starts and ends, relative to `recordStart`, or
    /// in `unescaped` when it held doubled quotes; fixed buffers (a record has at most
    /// `InputLimits.fieldsPerRecord` fields, plus one after a trailing comma).
    private let starts: UnsafeMutablePointer<Int>
    private let ends: UnsafeMutablePointer<Int>
    private let kinds: UnsafeMutablePointer<FieldKind>
    private var count = 0
    /// The contents of quoted fields that held doubled quotes, unescaped (the record itself stays
    /// as read, for `rawRecord`); a buffer of its own, since `field` hands out pointers into it.
    private var unescaped: UnsafeMutablePointer<UInt8>
    private var unescapedCapacity = 1 << 10
    private var unescapedCount = 0
    /// Which bytes end an unquoted field or are a quote, so the byte loop makes one test per byte.
    private let special: UnsafeMutablePointer<Bool>
    private var line = 1
    private var checkedBOM = false
    /// The byte between fields (`,` unless the dialect says otherwise).
    private let delimiter: UInt8

    private enum FieldKind: UInt8 {
        case plain, quoted, unescaped
    }

    /// The line on which the current record starts.
    public private(set) var recordLine = 0

    /// Reads CSV from `source`, refusing a field or record larger than the limits, so a file
    /// without line breaks or quotes that never close cannot exhaust memory.
    public init(
        _ source: any ByteSource, maxFieldBytes: Int = InputLimits.fieldBytes,
        maxRecordBytes: Int = InputLimits.recordBytes, delimiter: UInt8 = UInt8(ascii: ",")
    ) {
        self.source = source
        self.delimiter = delimiter
        self.maxFieldBytes = maxFieldBytes
        self.maxRecordBytes = maxRecordBytes
        capacity = 1 << 16
        buffer = .allocate(capacity: capacity)
        starts = .allocate(capacity: InputLimits.fieldsPerRecord + 2)
        ends = .allocate(capacity: InputLimits.fieldsPerRecord + 2)
        kinds = .allocate(capacity: InputLimits.fieldsPerRecord + 2)
        unescaped = .allocate(capacity: unescapedCapacity)
        special = .allocate(capacity: 256)
        special.initialize(repeating: false, count: 256)
        for byte in [delimiter, UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\"")] {
            special[Int(byte)] = true
        }
    }

    deinit {
        buffer.deallocate()
        starts.deallocate()
        ends.deallocate()
        kinds.deallocate()
        unescaped.deallocate()
        special.deallocate()
    }

    /// The name of what is read, for messages.
    public var name: String { source.name }

    /// The number of fields in the current record.
    public var fieldCount: Int { count }

    /// The bytes of field `i` of the current record.
    public func field(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        precondition(i >= 0 && i < count, "no field \(i)")
        if kinds[i] == .unescaped {
            return UnsafeBufferPointer(start: unescaped + starts[i], count: ends[i] - starts[i])
        }
        return UnsafeBufferPointer(start: buffer + recordStart + starts[i], count: ends[i] - starts[i])
    }

    /// Whether field `i` was quoted (so an empty one is an empty string, not NULL).
    public func isQuoted(_ i: Int) -> Bool {
        precondition(i >= 0 && i < count, "no field \(i)")
        return kinds[i] != .plain
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
        count = 0
        unescapedCount = 0
        if !checkedBOM { try skipBOM() }
        recordStart = position
        // Offsets below are relative to `recordStart`, so moving the record keeps them valid.
        var p = 0
        if position == end { guard try more(fieldStart: 0) else { return false } }
        recordLine = line
        while true {
            let fieldStart = p
            if buffer[recordStart + p] == UInt8(ascii: "\"") {
                p = try readQuoted(from: p + 1)
            } else {
                p = try readUnquoted(from: p)
                try addField(fieldStart, p, .plain)
            }
            guard count <= InputLimits.fieldsPerRecord else {
                throw error("a record has more than \(InputLimits.fieldsPerRecord) fields")
            }
            if recordStart + p == end, try !more(fieldStart: p) {
                position = recordStart + p
                return true
            }
            let next = buffer[recordStart + p]
            p += 1
            if next == delimiter {
                if recordStart + p == end, try !more(fieldStart: p) {
                    try addField(p, p, .plain)
                    position = recordStart + p
                    return true
                }
                continue
            }
            switch next {
            case UInt8(ascii: "\n"):
                line += 1
                position = recordStart + p
                return true
            case UInt8(ascii: "\r"):
                if try recordStart + p < end || more(fieldStart: p),
                    buffer[recordStart + p] == UInt8(ascii: "\n")
                {
                    p += 1
                }
                line += 1
                position = recordStart + p
                return true
            default:
                position = recordStart + p - 1
                throw error(
                    "unexpected character after a closing quote (a quote inside a field must be doubled)")
            }
        }
    }

    /// Finds the end of the unquoted field at `p`: the offset of the byte that ends it, or of the end of input.
    private func readUnquoted(from start: Int) throws -> Int {
        var p = start
        while true {
            // Locals, not properties, in the byte loop: no exclusivity checks per byte.
            let base = buffer + recordStart
            let limit = end - recordStart
            let special = self.special
            p = Self.firstSpecial(base, from: p, limit: limit, delimiter: delimiter)
            while p < limit, !special[Int(base[p])] { p += 1 }
            if p < limit {
                if base[p] == UInt8(ascii: "\"") {
                    position = recordStart + p
                    throw error(
                        "a quote inside an unquoted field (quote the whole field and double the quote)")
                }
                return p
            }
            guard try more(fieldStart: start) else { return p }
        }
    }

    /// Skips eight bytes at a time while none is the delimiter, a line break or a quote (the
    /// usual zero-byte test on each pattern); returns where the byte loop takes over: at the
    /// first such byte, or within the last eight bytes.
    @inline(__always)
    private static func firstSpecial(
        _ base: UnsafeMutablePointer<UInt8>, from start: Int, limit: Int, delimiter: UInt8
    ) -> Int {
        let delimiters = 0x0101_0101_0101_0101 &* UInt64(delimiter)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func zeroBytes(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & highs }
        var p = start
        while p + 8 <= limit {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + p).loadUnaligned(as: UInt64.self))
            let found =
                zeroBytes(word ^ delimiters) | zeroBytes(word ^ (ones &* 0x0A))
                | zeroBytes(word ^ (ones &* 0x0D)) | zeroBytes(word ^ (ones &* 0x22))
            // The lowest flagged byte is always a real match (only bytes above it can be false).
            if found != 0 { return p + found.trailingZeroBitCount >> 3 }
            p += 8
        }
        return p
    }

    /// Reads the quoted field whose contents start at `p` (after the opening quote) and records
    /// it; returns the offset after the closing quote.
    private func readQuoted(from start: Int) throws -> Int {
        let startLine = line
        var p = start
        var copied: Int?  // where this field starts in `unescaped`, once it held a doubled quote
        var segment = start
        while true {
            let base = buffer + recordStart
            let limit = end - recordStart
            var newlines = 0
            while p < limit, base[p] != UInt8(ascii: "\"") {
                if base[p] == UInt8(ascii: "\n") { newlines += 1 }
                p += 1
            }
            line += newlines
            if p == limit {
                guard try more(fieldStart: start) else {
                    throw ETLError(
                        .badInput, "unterminated quoted field (the quote opened on line \(startLine))"
                    )
                    .at(location: name, line: startLine)
                }
                continue
            }
            // A quote: doubled (one quote of the contents) or the closing one.
            if p + 1 == limit { _ = try more(fieldStart: start) }
            let doubled = recordStart + p + 1 < end && buffer[recordStart + p + 1] == UInt8(ascii: "\"")
            if doubled || copied != nil {
                if copied == nil { copied = unescapedCount }
                appendUnescaped(buffer + recordStart + segment, count: p - segment + (doubled ? 1 : 0))
                if unescapedCount - (copied ?? 0) > maxFieldBytes { throw fieldTooLarge() }
            }
            if doubled {
                p += 2
                segment = p
                continue
            }
            if p - start > maxFieldBytes { throw fieldTooLarge() }
            if let copied {
                try addField(copied, unescapedCount, .unescaped)
            } else {
                try addField(start, p, .quoted)
            }
            return p + 1
        }
    }

    /// Records the next field of the record: bytes `start..<end` of the record (or of `unescaped`).
    private func addField(_ start: Int, _ end: Int, _ kind: FieldKind) throws {
        if end - start > maxFieldBytes { throw fieldTooLarge() }
        starts[count] = start
        ends[count] = end
        kinds[count] = kind
        count += 1
    }

    /// `bytes` moved into a new allocation of `capacity` (the old one is freed).
    private static func moved(
        _ bytes: UnsafeMutablePointer<UInt8>, count: Int, toCapacity capacity: Int
    ) -> UnsafeMutablePointer<UInt8> {
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        grown.update(from: bytes, count: count)
        bytes.deallocate()
        return grown
    }

    private func appendUnescaped(_ bytes: UnsafePointer<UInt8>, count: Int) {
        if unescapedCount + count > unescapedCapacity {
            var grownCapacity = unescapedCapacity * 2
            while grownCapacity < unescapedCount + count { grownCapacity *= 2 }
            unescaped = Self.moved(unescaped, count: unescapedCount, toCapacity: grownCapacity)
            unescapedCapacity = grownCapacity
        }
        (unescaped + unescapedCount).update(from: bytes, count: count)
        unescapedCount += count
    }

    /// Moves the current record to the front of the buffer (growing it when the record fills it)
    /// and reads more after it; `false` at the end of the input.
    private func more(fieldStart: Int) throws -> Bool {
        guard !atEnd else { return false }
        let used = end - recordStart
        if recordStart > 0 {
            if used > 0 { buffer.update(from: buffer + recordStart, count: used) }
            position -= recordStart
            recordStart = 0
            end = used
        }
        // Limits are checked before reading, and reads stop just past them, so a field or record
        // that never ends costs at most the limit in memory and in reading.
        if end - fieldStart > maxFieldBytes { throw fieldTooLarge() }
        if end > maxRecordBytes {
            throw error(
                "a record is larger than \(Self.size(maxRecordBytes))",
                hint: "raise --max-field-mib if it is real")
        }
        if end == capacity {
            capacity = min(capacity * 2, maxRecordBytes + 1)
            buffer = Self.moved(buffer, count: end, toCapacity: capacity)
        }
        let room = min(capacity - end, maxFieldBytes + 1 - (end - fieldStart), maxRecordBytes + 1 - end)
        let n = try source.read(into: UnsafeMutableRawBufferPointer(start: buffer + end, count: room))
        if n == 0 {
            atEnd = true
            return false
        }
        end += n
        return true
    }

    /// The current record's bytes exactly as read, line break included (one is added to the last
    /// record of a file that ends without one, so records can be written one after another).
    public func rawRecord() -> [UInt8] {
        var bytes = Array(UnsafeBufferPointer(start: buffer + recordStart, count: position - recordStart))
        if bytes.last != UInt8(ascii: "\n") { bytes.append(UInt8(ascii: "\n")) }
        return bytes
    }

    /// Appends the current record's bytes, its line ending made `\n`.
    public func appendRecord(to out: inout [UInt8]) {
        var n = position - recordStart
        if n > 0, buffer[recordStart + n - 1] == UInt8(ascii: "\n") { n -= 1 }
        if n > 0, buffer[recordStart + n - 1] == UInt8(ascii: "\r") { n -= 1 }
        out.append(contentsOf: UnsafeBufferPointer(start: buffer + recordStart, count: n))
        out.append(UInt8(ascii: "\n"))
    }

    private func fieldTooLarge() -> ETLError {
        error(
            "a field is larger than \(Self.size(maxFieldBytes))", hint: "raise --max-field-mib if it is real")
    }

    private func skipBOM() throws {
        checkedBOM = true
        recordStart = position
        while end - position < 3, try more(fieldStart: 0) {}
        if end - position >= 3, buffer[position] == 0xEF, buffer[position + 1] == 0xBB,
            buffer[position + 2] == 0xBF
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
