/// One recipient stanza of an age header: `-> type arg…` and a base64 body wrapped at 64 columns.
struct AgeStanza: Equatable {
    /// The recipient type (`X25519`, `scrypt`, or one this tool does not know).
    var type: String
    /// The arguments after the type.
    var arguments: [String]
    /// The wrapped file key (or whatever the type puts there).
    var body: [UInt8]

    /// The stanza as it stands in a header, ending with a line break.
    var encoded: [UInt8] {
        var out = Array("->".utf8)
        for part in [type] + arguments { out += [UInt8(ascii: " ")] + Array(part.utf8) }
        out.append(UInt8(ascii: "\n"))
        let text = AgeBase64.encode(body)
        var start = 0
        // Every line is 64 columns but the last, which is shorter, even when that makes it empty.
        while true {
            let end = min(start + 64, text.count)
            out += text[start..<end] + [UInt8(ascii: "\n")]
            if end - start < 64 { break }
            start = end
        }
        return out
    }

    /// Whether `argument` may stand in a stanza line: printable ASCII without spaces, not empty.
    static func isValid(_ argument: some Collection<UInt8>) -> Bool {
        !argument.isEmpty && argument.allSatisfy { (33...126).contains($0) }
    }
}
