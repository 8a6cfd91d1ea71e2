/// Checks that bytes are one JSON document (RFC 8259) that PostgreSQL's `jsonb` accepts.
///
/// The document is not built. Nesting is tracked on an explicit stack, so deep input cannot overflow the call stack.
public enum JSONSyntax {
    /// The deepest nesting accepted.
    public static let maxDepth = 10_000

    /// The longest number accepted: jsonb numbers are `numeric`, up to 131072 digits before the
    /// point and 16383 after it.
    public static let maxNumberLength = 147_500

    /// A description of the first problem, or `nil` when the bytes are valid JSON.
    public static func problem(in b: UnsafeBufferPointer<UInt8>) -> String? {
        var i = 0
        var stack: [UInt8] = []  // "{" or "["
        var expectValue = true
        func skipSpace() {
            while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
        }
        while true {
            skipSpace()
            if expectValue {
                guard i < b.count else { return "unexpected end of JSON" }
                switch b[i] {
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    guard stack.count < maxDepth else { return "JSON nested deeper than \(maxDepth) levels" }
                    stack.append(b[i])
                    i += 1
                    skipSpace()
                    let close = stack.last == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                    if i < b.count, b[i] == close {
                        stack.removeLast()
                        i += 1
                        expectValue = false
                        continue
                    }
                    if stack.last == UInt8(ascii: "{") {
                        if let error = key() { return error }
                    }
                    continue
                case UInt8(ascii: "\""):
                    if let error = string() { return error }
                case UInt8(ascii: "t"): if let error = literal("true") { return error }
                case UInt8(ascii: "f"): if let error = literal("false") { return error }
                case UInt8(ascii: "n"): if let error = literal("null") { return error }
                default: if let error = number() { return error }
                }
                expectValue = false
                continue
            }
            guard let open = stack.last else {
                return i == b.count ? nil : "unexpected text after the JSON value at byte \(i + 1)"
            }
            guard i < b.count else { return "unexpected end of JSON" }
            let close = open == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            if b[i] == close {
                stack.removeLast()
                i += 1
            } else if b[i] == UInt8(ascii: ",") {
                i += 1
                if open == UInt8(ascii: "{") {
                    skipSpace()
                    if let error = key() { return error }
                }
                expectValue = true
            } else {
                return "expected ',' or '\(Character(Unicode.Scalar(close)))' at byte \(i + 1)"
            }
        }

        func key() -> String? {
            guard i < b.count, b[i] == UInt8(ascii: "\"") else {
                return "expected a quoted key at byte \(i + 1)"
            }
            if let error = string() { return error }
            skipSpace()
            guard i < b.count, b[i] == UInt8(ascii: ":") else { return "expected ':' at byte \(i + 1)" }
            i += 1
            expectValue = true
            return nil
        }

        func string() -> String? {
            i += 1
            while i < b.count {
                let c = b[i]
                if c == UInt8(ascii: "\"") {
                    i += 1
                    return nil
                }
                if c < 0x20 { return "control character in a JSON string at byte \(i + 1)" }
                if c == UInt8(ascii: "\\") {
                    guard i + 1 < b.count else { break }
                    switch b[i + 1] {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                        UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        i += 2
                    case UInt8(ascii: "u"):
                        guard i + 5 < b.count else { return "short \\u escape at byte \(i + 1)" }
                        var code = 0
                        for k in 2...5 {
                            guard let digit = hexValue(b[i + k]) else {
                                return "bad \\u escape at byte \(i + 1)"
                            }
                            code = code * 16 + digit
                        }
                        if code == 0 { return "\\u0000 at byte \(i + 1) (PostgreSQL's jsonb cannot hold it)" }
                        if (0xDC00..<0xE000).contains(code)
                            || ((0xD800..<0xDC00).contains(code) && !lowSurrogate(at: i + 6))
                        {
                            return
                                "a lone surrogate \\u\(String(code, radix: 16)) at byte \(i + 1) (PostgreSQL's jsonb refuses it)"
                        }
                        i += (0xD800..<0xDC00).contains(code) ? 12 : 6
                    default:
                        return "bad escape at byte \(i + 1)"
                    }
                    continue
                }
                i += 1
            }
            return "unterminated JSON string"
        }

        /// Whether `\\uDC00`…`\\uDFFF` starts at `k`.
        func lowSurrogate(at k: Int) -> Bool {
            guard k + 5 < b.count, b[k] == UInt8(ascii: "\\"), b[k + 1] == UInt8(ascii: "u") else {
                return false
            }
            var code = 0
            for m in 2...5 {
                guard let digit = hexValue(b[k + m]) else { return false }
                code = code * 16 + digit
            }
            return (0xDC00..<0xE000).contains(code)
        }

        func literal(_ word: StaticString) -> String? {
            let count = word.utf8CodeUnitCount
            guard i + count <= b.count else { return "unexpected end of JSON" }
            for k in 0..<count where b[i + k] != word.utf8Start[k] {
                return "unexpected character at byte \(i + 1)"
            }
            i += count
            return nil
        }

        func number() -> String? {
            let start = i
            if i < b.count, b[i] == UInt8(ascii: "-") { i += 1 }
            guard i < b.count, isDigit(b[i]) else { return "unexpected character at byte \(start + 1)" }
            if b[i] == UInt8(ascii: "0") {
                i += 1
            } else {
                while i < b.count, isDigit(b[i]) { i += 1 }
            }
            if i < b.count, b[i] == UInt8(ascii: ".") {
                i += 1
                guard i < b.count, isDigit(b[i]) else { return "bad number at byte \(start + 1)" }
                while i < b.count, isDigit(b[i]) { i += 1 }
            }
            if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
                i += 1
                if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
                guard i < b.count, isDigit(b[i]) else { return "bad number at byte \(start + 1)" }
                while i < b.count, isDigit(b[i]) { i += 1 }
            }
            return nil
        }
    }

    private static func isDigit(_ c: UInt8) -> Bool { c &- UInt8(ascii: "0") < 10 }

    private static func hexValue(_ c: UInt8) -> Int? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(c - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(c - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(c - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
