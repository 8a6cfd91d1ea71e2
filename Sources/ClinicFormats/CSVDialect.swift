import ClinicPipeline

/// How a CSV file is written, the way psql's `\copy … csv` options say it: the delimiter, the
/// text that means NULL and the encoding.
public struct CSVDialect: Sendable, Equatable {
    /// The byte between fields (`,`, `;`, tab).
    public var delimiter: UInt8 = UInt8(ascii: ",")
    /// The unquoted text that is NULL, like COPY's `NULL` option.
    ///
    /// With one, an unquoted empty field is an empty string; `nil`: an unquoted empty field is NULL
    /// (COPY's CSV default).
    public var null: [UInt8]?
    /// The file's encoding; everything read is turned into UTF-8.
    public var encoding: TextEncoding = .utf8

    /// PostgreSQL's COPY CSV: commas, unquoted empty fields NULL, UTF-8.
    public init() {}

    /// A dialect; `delimiter` and `null` as given on the command line or in a mapping.
    public init(delimiter: String?, null: String?, encoding: TextEncoding?) throws(ETLError) {
        if let delimiter { self.delimiter = try Self.delimiter(delimiter) }
        self.null = null.map { Array($0.utf8) }
        if let encoding { self.encoding = encoding }
        if let null, null.utf8.contains(self.delimiter) || null.contains("\"") || null.contains("\n") {
            throw ETLError(
                .usage, "the NULL text \"\(null)\" holds the delimiter, a quote or a line break",
                hint: "use a text no field holds, such as \\N")
        }
    }

    /// Whether records are PostgreSQL's COPY CSV as they are, so they can be copied unchanged.
    public var isCopyCSV: Bool { delimiter == UInt8(ascii: ",") && null == nil }

    /// The delimiter `text` names: one ASCII character other than a quote or line break, or `\t` / `tab`.
    private static func delimiter(_ text: String) throws(ETLError) -> UInt8 {
        let named: [String: UInt8] = ["\\t": 9, "tab": 9, "\t": 9]
        if let byte = named[text.lowercased()] { return byte }
        guard text.utf8.count == 1, let byte = text.utf8.first, byte < 0x80,
            ![UInt8(ascii: "\""), UInt8(ascii: "\n"), UInt8(ascii: "\r")].contains(byte)
        else {
            throw ETLError(
                .usage, "the delimiter \"\(text)\" is not one character",
                hint: "give one ASCII character other than a quote, such as ';' or '|', or '\\t' for tab")
        }
        return byte
    }

    /// The delimiter as people write it, for messages.
    public var delimiterName: String { delimiter == 9 ? "\\t" : String(UnicodeScalar(delimiter)) }

    /// Whether field bytes that were not quoted are NULL in this dialect.
    @inline(__always)
    public func isNull(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let null else { return bytes.isEmpty }
        return bytes.count == null.count && bytes.elementsEqual(null)
    }

    /// A header read whole as one field, that another delimiter would split into names: a hint
    /// naming `--delimiter` (or the mapping's `delimiter:`).
    public func misreadHeader(_ names: [String], option: String) -> String? {
        guard names.count == 1, let header = names.first else { return nil }
        for (byte, shown) in [(UInt8(ascii: ";"), "';'"), (UInt8(9), "'\\t'"), (UInt8(ascii: "|"), "'|'")]
        where byte != delimiter && header.utf8.contains(byte) {
            return "the header is one field holding \(shown == "'\\t'" ? "tab" : shown)-separated names; "
                + "give \(option) \(shown)"
        }
        return nil
    }
}
