/// Encodes rows as lines of PostgreSQL's COPY CSV: the one text form rows take in files, COPY
/// streams and rejects files.
public enum CSVLine {
    /// Appends one record and its line break.
    ///
    /// NULL is written as nothing, everything else in PostgreSQL's text
    /// form, quoted when empty or when it holds a comma, quote, CR or LF. `scratch` is reused.
    public static func append(_ row: Row, to out: inout [UInt8], scratch: inout [UInt8]) {
        for (i, value) in row.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            scratch.removeAll(keepingCapacity: true)
            guard value.appendPostgresText(to: &scratch) else { continue }
            appendField(scratch, to: &out)
        }
        out.append(UInt8(ascii: "\n"))
    }

    /// One record as bytes.
    public static func encode(_ row: Row) -> [UInt8] {
        var out: [UInt8] = []
        var scratch: [UInt8] = []
        append(row, to: &out, scratch: &scratch)
        return out
    }

    /// A header line of plain column names.
    public static func header(_ names: [String]) -> [UInt8] {
        encode(names.map { Value.text($0) })
    }

    private static func appendField(_ field: [UInt8], to out: inout [UInt8]) {
        let needsQuotes =
            field.isEmpty
            || field.contains {
                $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n")
                    || $0 == UInt8(ascii: "\r")
            }
        guard needsQuotes else {
            out.append(contentsOf: field)
            return
        }
        out.append(UInt8(ascii: "\""))
        for byte in field {
            if byte == UInt8(ascii: "\"") { out.append(byte) }
            out.append(byte)
        }
        out.append(UInt8(ascii: "\""))
    }
}
