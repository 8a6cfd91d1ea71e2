import ClinicPipeline

/// The encodings legacy exports come in; everything inside the tool is UTF-8.
public enum TextEncoding: String, Sendable, CaseIterable, Codable {
    /// UTF-8, with or without a byte-order mark.
    case utf8 = "utf-8"
    /// Windows-1252, what spreadsheet programs on older Windows PCs write.
    case windows1252 = "windows-1252"
    /// ISO-8859-1.
    case latin1 = "latin-1"

    /// The encoding named `name`, accepting the usual spellings (`UTF8`, `cp1252`, `iso-8859-1`).
    public init?(named name: String) {
        let key = name.lowercased().filter { $0.isLetter || $0.isNumber }
        switch key {
        case "utf8", "utf8bom", "utf8sig": self = .utf8
        case "windows1252", "cp1252", "win1252": self = .windows1252
        case "latin1", "iso88591", "l1": self = .latin1
        default: return nil
        }
    }

    /// The encoding named `name`, or a usage error listing the ones there are.
    public static func named(_ name: String) throws(ETLError) -> TextEncoding {
        guard let encoding = TextEncoding(named: name) else {
            throw ETLError(
                .usage, "unknown encoding \"\(name)\"",
                hint: "use one of: \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return encoding
    }
}

/// Reads text in `encoding` and hands on UTF-8, refusing bytes the encoding does not define.
///
/// A byte that cannot be decoded stops the read with its byte offset and line: replacing it would
/// change a patient's name without anyone noticing.
public final class TranscodingSource: ByteSource {
    private let source: any ByteSource
    private let encoding: TextEncoding
    private var input: [UInt8] = []
    /// Bytes of an unfinished UTF-8 sequence at the end of the last chunk.
    private var pending: [UInt8] = []
    private var offset = 0
    private var line = 1
    private var started = false

    public var name: String { source.name }

    /// Decodes `source`, which is in `encoding`.
    public init(_ source: any ByteSource, encoding: TextEncoding) {
        self.source = source
        self.encoding = encoding
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        // A byte becomes at most three (€ in Windows-1252), so read a third of the room.
        let room = max(1, buffer.count / 3)
        if input.count < room { input = [UInt8](repeating: 0, count: room) }
        while true {
            let count = try input.withUnsafeMutableBytes {
                try source.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[..<room]))
            }
            if count == 0 {
                guard pending.isEmpty else {
                    throw invalid(at: offset - pending.count, "an unfinished UTF-8 sequence at the end")
                }
                return 0
            }
            var written = 0
            let out = buffer.bindMemory(to: UInt8.self)
            for i in 0..<count {
                let byte = input[i]
                defer { offset += 1 }
                if byte == UInt8(ascii: "\n") { line += 1 }
                switch encoding {
                case .utf8:
                    written += try utf8(byte, into: out, at: written)
                case .latin1:
                    written += put(UInt32(byte), into: out, at: written)
                case .windows1252:
                    guard let scalar = TranscodingSource.windows1252(byte) else {
                        throw invalid(
                            at: offset,
                            "byte 0x\([byte].hexDigits.uppercased()) is not defined in Windows-1252")
                    }
                    written += put(scalar, into: out, at: written)
                }
            }
            if written > 0 { return written }
        }
    }

    /// Passes UTF-8 through while checking it; drops a byte-order mark at the start.
    private func utf8(_ byte: UInt8, into out: UnsafeMutableBufferPointer<UInt8>, at index: Int) throws -> Int
    {
        if pending.isEmpty && byte < 0x80 {
            started = true
            out[index] = byte
            return 1
        }
        pending.append(byte)
        let lead = pending[0]
        let length =
            switch lead {
            case 0xC2...0xDF: 2
            case 0xE0...0xEF: 3
            case 0xF0...0xF4: 4
            default: 0
            }
        guard length > 0 else {
            throw invalid(
                at: offset, "byte 0x\([lead].hexDigits.uppercased()) cannot start a UTF-8 character")
        }
        if pending.count > 1 {
            let second = pending[1]
            let low: UInt8 = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80
            let high: UInt8 = lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF
            let valid = pending.count == 2 ? (low...high).contains(second) : (0x80...0xBF).contains(byte)
            guard valid else {
                throw invalid(at: offset - pending.count + 1, "invalid UTF-8 sequence")
            }
        }
        guard pending.count == length else { return 0 }
        defer { pending.removeAll(keepingCapacity: true) }
        if !started && pending == [0xEF, 0xBB, 0xBF] {
            started = true
            return 0
        }
        started = true
        for (k, b) in pending.enumerated() { out[index + k] = b }
        return length
    }

    private func put(_ scalar: UInt32, into out: UnsafeMutableBufferPointer<UInt8>, at index: Int) -> Int {
        switch scalar {
        case 0..<0x80:
            out[index] = UInt8(scalar)
            return 1
        case 0x80..<0x800:
            out[index] = UInt8(0xC0 | (scalar >> 6))
            out[index + 1] = UInt8(0x80 | (scalar & 0x3F))
            return 2
        default:
            out[index] = UInt8(0xE0 | (scalar >> 12))
            out[index + 1] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
            out[index + 2] = UInt8(0x80 | (scalar & 0x3F))
            return 3
        }
    }

    private func invalid(at byteOffset: Int, _ what: String) -> ETLError {
        ETLError(
            .badInput,
            "\(what) at byte offset \(byteOffset) (line \(line)); the file is not \(encoding.rawValue)",
            hint: encoding == .utf8
                ? "give the file's encoding: --encoding windows-1252 or latin-1 (or `encoding:` in the mapping)"
                : "check the file's encoding; nothing was replaced or written"
        ).at(location: name, line: line)
    }

    /// The Unicode scalar of a Windows-1252 byte; `nil` for the five bytes it leaves undefined.
    static func windows1252(_ byte: UInt8) -> UInt32? {
        guard (0x80...0x9F).contains(byte) else { return UInt32(byte) }
        let table: [UInt32] = [
            0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152,
            0,
            0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161,
            0x203A,
            0x0153, 0, 0x017E, 0x0178,
        ]
        let scalar = table[Int(byte - 0x80)]
        return scalar == 0 ? nil : scalar
    }
}
