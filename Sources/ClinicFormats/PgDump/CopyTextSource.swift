import ClinicPipeline
import Foundation

/// One table's data in PostgreSQL's text COPY format (what `pg_dump` writes after
/// `COPY … FROM stdin;`), read as COPY CSV with a header line, so the CSV cursor binds, parses and
/// reports it like any CSV file.
///
/// Fields are split at tabs, `\N` is NULL, and the backslash escapes (`\t`, `\n`, `\\`, octal
/// `\123`, hex `\x41`, any other character standing for itself) are decoded. The data ends at a
/// `\.` line or at the end of the input.
final class CopyTextSource: ByteSource {
    let name: String
    private let lines: LineReader
    private var pending: [UInt8]
    private var offset = 0
    private var ended = false
    private var field: [UInt8] = []

    /// Reads the rows of `lines` under a header naming `columns`.
    init(_ lines: LineReader, columns: [String], name: String) {
        self.lines = lines
        self.name = name
        pending = []
        for (i, column) in columns.enumerated() {
            if i > 0 { pending.append(UInt8(ascii: ",")) }
            Self.appendQuoted(Array(column.utf8)[...], to: &pending)
        }
        pending.append(UInt8(ascii: "\n"))
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var written = 0
        while written < buffer.count {
            if offset == pending.count {
                pending.removeAll(keepingCapacity: true)
                offset = 0
                guard !ended, try convertLine() else { break }
                continue
            }
            let n = min(buffer.count - written, pending.count - offset)
            pending.withUnsafeBytes {
                UnsafeMutableRawBufferPointer(rebasing: buffer[written..<(written + n)]).copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + n)]))
            }
            written += n
            offset += n
        }
        return written
    }

    /// Converts the next data line into `pending`; `false` at the end of the data.
    private func convertLine() throws -> Bool {
        guard let line = try lines.next(),
            !(line.count == 2 && line.first == UInt8(ascii: "\\") && line.last == UInt8(ascii: "."))
        else {
            ended = true
            return false
        }
        var first = true
        var i = line.startIndex
        while true {
            var end = i
            while end < line.endIndex && line[end] != UInt8(ascii: "\t") { end += 1 }
            if !first { pending.append(UInt8(ascii: ",")) }
            first = false
            let raw = line[i..<end]
            if !(raw.count == 2 && raw.first == UInt8(ascii: "\\") && raw.last == UInt8(ascii: "N")) {
                try decode(raw)
                Self.appendQuoted(field[...], to: &pending)
            }
            guard end < line.endIndex else { break }
            i = end + 1
        }
        pending.append(UInt8(ascii: "\n"))
        return true
    }

    /// Decodes the backslash escapes of one field into `field`.
    private func decode(_ raw: ArraySlice<UInt8>) throws {
        field.removeAll(keepingCapacity: true)
        var i = raw.startIndex
        func octal(_ b: UInt8) -> UInt8? { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "7") ? b - 48 : nil }
        func hex(_ b: UInt8) -> UInt8? {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): b - 48
            case UInt8(ascii: "a")...UInt8(ascii: "f"): b - 87
            case UInt8(ascii: "A")...UInt8(ascii: "F"): b - 55
            default: nil
            }
        }
        while i < raw.endIndex {
            let b = raw[i]
            i += 1
            guard b == UInt8(ascii: "\\"), i < raw.endIndex else {
                field.append(b)
                continue
            }
            let e = raw[i]
            i += 1
            switch e {
            case UInt8(ascii: "b"): field.append(8)
            case UInt8(ascii: "f"): field.append(12)
            case UInt8(ascii: "n"): field.append(10)
            case UInt8(ascii: "r"): field.append(13)
            case UInt8(ascii: "t"): field.append(9)
            case UInt8(ascii: "v"): field.append(11)
            case UInt8(ascii: "x"):
                guard i < raw.endIndex, var value = hex(raw[i]) else {
                    field.append(e)
                    continue
                }
                i += 1
                if i < raw.endIndex, let low = hex(raw[i]) {
                    value = value << 4 | low
                    i += 1
                }
                field.append(value)
            default:
                if var value = octal(e) {
                    for _ in 0..<2 {
                        guard i < raw.endIndex, let digit = octal(raw[i]) else { break }
                        value = value &<< 3 | digit
                        i += 1
                    }
                    field.append(value)
                } else {
                    field.append(e)
                }
            }
        }
    }

    private static func appendQuoted(_ bytes: ArraySlice<UInt8>, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in bytes {
            if b == UInt8(ascii: "\"") { out.append(b) }
            out.append(b)
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// `COPY public.api_billing (id, amount, …) FROM stdin;`: the table and its columns.
struct CopyStatement {
    var schema: String?
    var table: String
    var columns: [String]

    /// Parses a COPY statement line; `nil` when the line is not one.
    init?(_ line: some Collection<UInt8>) {
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("COPY "), text.hasSuffix(" FROM stdin;"),
            let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")"), open < close
        else { return nil }
        let name = text[text.index(text.startIndex, offsetBy: 5)..<open].trimmingCharacters(in: .whitespaces)
        let parts = Self.identifiers(name, separator: ".")
        guard parts.count == 1 || parts.count == 2 else { return nil }
        schema = parts.count == 2 ? parts[0] : nil
        table = parts[parts.count - 1]
        columns = Self.identifiers(
            String(text[text.index(after: open)..<close]), separator: ",")
        guard !columns.isEmpty else { return nil }
    }

    /// Splits `a, "b c", d` into identifiers, unquoting quoted ones.
    private static func identifiers(_ text: String, separator: Character) -> [String] {
        var result: [String] = []
        var current = ""
        var quoted = false
        var chars = Array(text)
        chars.append(separator)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < chars.count, chars[i + 1] == "\"" {
                        current.append("\"")
                        i += 1
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == separator {
                result.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(c)
            }
            i += 1
        }
        return result
    }
}
