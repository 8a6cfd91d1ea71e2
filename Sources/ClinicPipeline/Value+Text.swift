import ClinicSchema

/// Parsing the text forms PostgreSQL prints (and accepts) into values of a column's type.
extension Value {
    /// Parses `text` as a value of `column`'s type; the caller decides whether the field is NULL.
    public static func parse(_ text: String, for column: Column) throws(ETLError) -> Value {
        try parse(text, type: column.type)
    }

    /// Parses `text` as a value of `type`.
    public static func parse(_ text: String, type: ColumnType) throws(ETLError) -> Value {
        var text = text
        return try text.withUTF8 { bytes in
            Result { () throws(ETLError) in try parse(bytes, type: type) }
        }.get()
    }

    /// Parses UTF-8 bytes as a value of `column`'s type.
    @inline(__always)
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, for column: Column) throws(ETLError)
        -> Value
    {
        try parse(bytes, type: column.type)
    }

    /// Parses UTF-8 bytes as a value of `type`.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, type: ColumnType) throws(ETLError) -> Value
    {
        switch type {
        case .primaryKey, .bigint, .integer, .autoKey, .positiveSmallInt:
            guard let n = TextScanner.integer(bytes) else {
                throw invalid(bytes, "is not an integer", .type)
            }
            // A pattern, not `==`: the derived equality of an enum with payloads is a call per field.
            switch type {
            case .integer, .autoKey:
                if Int32(exactly: n) == nil {
                    throw invalid(bytes, "is out of range for a 32-bit integer", .type)
                }
            case .positiveSmallInt:
                if !(0...32767).contains(n) { throw invalid(bytes, "is not within 0…32767", .type) }
            default: break
            }
            return .integer(n)
        case .varchar, .text, .file:
            return .text(try string(bytes))
        case .json:
            let text = try string(bytes)
            if let problem = JSONSyntax.problem(in: bytes) {
                throw invalid(bytes, "is not valid JSON: \(problem)", .json)
            }
            return .json(text)
        case .decimal(let precision, let scale):
            guard let parsed = ExactDecimal.parse(bytes) else {
                throw invalid(bytes, "is not a decimal number", .type)
            }
            guard let value = parsed.rescaled(to: scale) else {
                throw invalid(bytes, "has more than \(scale) digits after the decimal point", .decimalScale)
            }
            guard value.integerDigits <= precision - scale else {
                throw invalid(
                    bytes, "has more than \(precision - scale) digits before the decimal point",
                    .decimalPrecision)
            }
            return .decimal(value)
        case .boolean:
            guard let flag = TextScanner.boolean(bytes) else {
                throw invalid(bytes, "is not a boolean (t/f)", .type)
            }
            return .boolean(flag)
        case .date:
            guard let date = TextScanner.date(bytes) else {
                throw invalid(bytes, "is not a date (YYYY-MM-DD)", .type)
            }
            return .date(date)
        case .time:
            guard let time = TextScanner.time(bytes) else {
                throw invalid(bytes, "is not a time (HH:MM:SS)", .type)
            }
            return .time(time)
        case .timestamp:
            guard let stamp = TextScanner.timestamp(bytes) else {
                throw invalid(bytes, "is not a timestamp (YYYY-MM-DD HH:MM:SS[.ffffff][+HH:MM])", .type)
            }
            return .timestamp(stamp)
        }
    }

    /// The bytes as a Swift string, refusing invalid UTF-8 and NUL (which PostgreSQL text cannot hold).
    static func string(_ bytes: UnsafeBufferPointer<UInt8>) throws(ETLError) -> String {
        // Most fields are ASCII: one pass finds NULs and non-ASCII bytes, and ASCII needs no validation.
        var combined: UInt8 = 0
        var hasNul = false
        for byte in bytes {
            combined |= byte
            hasNul = hasNul || byte == 0
        }
        if hasNul {
            var error = ETLError(.badValue, "contains a NUL byte, which PostgreSQL cannot store")
            error.rule = .encoding
            throw error
        }
        if combined < 0x80 { return String(decoding: bytes, as: UTF8.self) }
        guard let string = String(validating: bytes, as: UTF8.self) else {
            var error = ETLError(.badValue, "is not valid UTF-8", hint: "convert the file to UTF-8 first")
            error.rule = .encoding
            throw error
        }
        return string
    }

    /// A value error; the message says what is wrong, the report shows the value beside it.
    private static func invalid(_ bytes: UnsafeBufferPointer<UInt8>, _ problem: String, _ rule: Rule)
        -> ETLError
    {
        var error = ETLError(.badValue, problem)
        error.rule = rule
        return error
    }
}
