import ClinicPipeline

/// Parses one JSON value from a byte cursor, with a nesting limit so hostile input cannot
/// exhaust the stack.
public struct JSONParser {
    /// The deepest nesting accepted.
    public static let maxDepth = 512

    /// Where bytes come from: `peek` and `advance`, and the line for messages.
    public protocol Input {
        /// The next byte without consuming it, `nil` at the end.
        mutating func peek() throws -> UInt8?
        /// Consumes one byte.
        mutating func advance() throws
        /// The current line, 1-based.
        var line: Int { get }
    }

    /// Reads one value, skipping whitespace before it.
    public static func value<I: Input>(from input: inout I) throws -> JSONValue {
        try value(from: &input, depth: 0)
    }

    /// Skips whitespace; returns the next byte without consuming it.
    public static func skipSpace<I: Input>(_ input: inout I) throws -> UInt8? {
        while let b = try input.peek(), b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 {
            try input.advance()
        }
        return try input.peek()
    }

    private static func value<I: Input>(from input: inout I, depth: Int) throws -> JSONValue {
        guard let b = try skipSpace(&input) else { throw failure("unexpected end of JSON", input) }
        switch b {
        case UInt8(ascii: "{"):
            guard depth < maxDepth else { throw failure("JSON nested deeper than \(maxDepth) levels", input) }
            try input.advance()
            var members: [(String, JSONValue)] = []
            if try skipSpace(&input) == UInt8(ascii: "}") {
                try input.advance()
                return .object(members)
            }
            while true {
                guard try skipSpace(&input) == UInt8(ascii: "\"") else {
                    throw failure("expected a quoted key", input)
                }
                let key = try string(&input)
                guard try skipSpace(&input) == UInt8(ascii: ":") else { throw failure("expected ':'", input) }
                try input.advance()
                members.append((key, try value(from: &input, depth: depth + 1)))
                let next = try skipSpace(&input)
                try input.advance()
                if next == UInt8(ascii: "}") { return .object(members) }
                guard next == UInt8(ascii: ",") else { throw failure("expected ',' or '}'", input) }
            }
        case UInt8(ascii: "["):
            guard depth < maxDepth else { throw failure("JSON nested deeper than \(maxDepth) levels", input) }
            try input.advance()
            var items: [JSONValue] = []
            if try skipSpace(&input) == UInt8(ascii: "]") {
                try input.advance()
                return .array(items)
            }
            while true {
                items.append(try value(from: &input, depth: depth + 1))
                let next = try skipSpace(&input)
                try input.advance()
                if next == UInt8(ascii: "]") { return .array(items) }
                guard next == UInt8(ascii: ",") else { throw failure("expected ',' or ']'", input) }
            }
        case UInt8(ascii: "\""):
            return .string(try string(&input))
        case UInt8(ascii: "t"):
            try literal("true", &input)
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false", &input)
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null", &input)
            return .null
        default:
            return .number(try number(&input))
        }
    }

    private static func literal<I: Input>(_ word: String, _ input: inout I) throws {
        for expected in word.utf8 {
            guard try input.peek() == expected else { throw failure("unexpected character", input) }
            try input.advance()
        }
    }

    private static func number<I: Input>(_ input: inout I) throws -> String {
        var bytes: [UInt8] = []
        while let b = try input.peek(),
            (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "-")
                || b == UInt8(ascii: "+") || b == UInt8(ascii: ".") || b == UInt8(ascii: "e")
                || b == UInt8(ascii: "E")
        {
            bytes.append(b)
            try input.advance()
            guard bytes.count <= JSONSyntax.maxNumberLength else { throw failure("number too long", input) }
        }
        let text = String(decoding: bytes, as: UTF8.self)
        guard !bytes.isEmpty, bytes.withUnsafeBufferPointer({ JSONSyntax.problem(in: $0) }) == nil else {
            throw failure("unexpected character", input)
        }
        return text
    }

    /// Reads a string literal (the opening quote is next), limited to `InputLimits.fieldBytes`.
    private static func string<I: Input>(_ input: inout I) throws -> String {
        let bytes = try unescaped(&input)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw failure("invalid UTF-8", input)
        }
        return text
    }

    /// The bytes of a string literal with its escapes undone, not yet checked as UTF-8 (the
    /// opening quote is next), limited to `InputLimits.fieldBytes`.
    static func unescaped<I: Input>(_ input: inout I) throws -> [UInt8] {
        try input.advance()
        var bytes: [UInt8] = []
        while true {
            guard let b = try input.peek() else { throw failure("unterminated string", input) }
            try input.advance()
            if b == UInt8(ascii: "\"") { break }
            guard bytes.count < InputLimits.fieldBytes else {
                throw failure("a string longer than \(InputLimits.fieldBytes >> 20) MiB", input)
            }
            if b < 0x20 { throw failure("control character in a string", input) }
            guard b == UInt8(ascii: "\\") else {
                bytes.append(b)
                continue
            }
            guard let e = try input.peek() else { throw failure("unterminated string", input) }
            try input.advance()
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): bytes.append(e)
            case UInt8(ascii: "b"): bytes.append(0x08)
            case UInt8(ascii: "f"): bytes.append(0x0C)
            case UInt8(ascii: "n"): bytes.append(0x0A)
            case UInt8(ascii: "r"): bytes.append(0x0D)
            case UInt8(ascii: "t"): bytes.append(0x09)
            case UInt8(ascii: "u"):
                var code = try hex4(&input)
                if (0xD800..<0xDC00).contains(code) {
                    guard try input.peek() == UInt8(ascii: "\\") else {
                        throw failure("lone surrogate", input)
                    }
                    try input.advance()
                    guard try input.peek() == UInt8(ascii: "u") else {
                        throw failure("lone surrogate", input)
                    }
                    try input.advance()
                    let low = try hex4(&input)
                    guard (0xDC00..<0xE000).contains(low) else { throw failure("bad surrogate pair", input) }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(code) else { throw failure("bad \\u escape", input) }
                bytes.append(contentsOf: Array(String(scalar).utf8))
            default:
                throw failure("bad escape", input)
            }
        }
        return bytes
    }

    private static func hex4<I: Input>(_ input: inout I) throws -> UInt32 {
        var code: UInt32 = 0
        for _ in 0..<4 {
            guard let c = try input.peek() else { throw failure("short \\u escape", input) }
            try input.advance()
            let digit: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw failure("bad \\u escape", input)
            }
            code = code * 16 + digit
        }
        return code
    }

    private static func failure<I: Input>(_ message: String, _ input: I) -> ETLError {
        ETLError(.badInput, message).at(line: input.line)
    }
}

/// JSON parser input over bytes in memory, from any position in them, without a copy.
struct BufferInput: JSONParser.Input {
    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>, position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    /// The line of `position` within `bytes`, counted only when a message needs it.
    var line: Int { 1 + bytes[..<min(position, bytes.count)].count { $0 == UInt8(ascii: "\n") } }

    mutating func peek() throws -> UInt8? { position < bytes.count ? bytes[position] : nil }

    mutating func advance() throws { position += 1 }
}
