/// The value checks the spec states in words: email format and Django password hashes.
enum ValueChecks {
    private static let atomCharacters = Set("!#$%&'*+-/=?^_`{|}~".unicodeScalars)

    private static func isASCIILetter(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c)
    }

    private static func isASCIILetterOrDigit(_ c: Unicode.Scalar) -> Bool {
        isASCIILetter(c) || ("0"..."9").contains(c)
    }

    /// Whether `text` is an address Django's `EmailValidator` would accept: a dot-atom local part
    /// and a domain of letter-digit-hyphen labels with a top-level label of letters (or
    /// `localhost`), without spaces.
    static func isEmail(_ text: String) -> Bool {
        var copy = text
        if let answer = copy.withUTF8({ $0.allSatisfy { $0 < 0x80 } ? isASCIIEmail($0) : nil }) {
            return answer
        }
        guard let at = text.lastIndex(of: "@") else { return false }
        let local = text[..<at]
        let domain = text[text.index(after: at)...]
        guard !local.isEmpty, local.utf8.count <= 64, !domain.isEmpty else { return false }
        for part in local.split(separator: ".", omittingEmptySubsequences: false) {
            guard !part.isEmpty,
                part.unicodeScalars.allSatisfy({ isASCIILetterOrDigit($0) || atomCharacters.contains($0) })
            else { return false }
        }
        if domain == "localhost" { return true }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        for label in labels {
            guard !label.isEmpty, label.utf8.count <= 63, label.first != "-", label.last != "-",
                label.unicodeScalars.allSatisfy({
                    // Unicode's letter test only for non-ASCII (internationalized domains): it is slow.
                    $0.isASCII ? isASCIILetterOrDigit($0) || $0 == "-" : $0.properties.isAlphabetic
                })
            else { return false }
        }
        guard let top = labels.last else { return false }
        return top.count >= 2
            && (top.unicodeScalars.allSatisfy { $0.isASCII ? isASCIILetter($0) : $0.properties.isAlphabetic }
                || top.hasPrefix("xn--"))
    }

    /// `isEmail` for ASCII text, on its bytes: the common case, checked on every user row, and
    /// about a hundred times cheaper than walking substrings' scalars.
    private static func isASCIIEmail(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        func isLetter(_ b: UInt8) -> Bool {
            (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z")
        }
        func isLetterOrDigit(_ b: UInt8) -> Bool {
            isLetter(b) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
        }
        guard let at = bytes.lastIndex(of: UInt8(ascii: "@")) else { return false }
        let local = bytes[..<at]
        let domain = bytes[(at + 1)...]
        guard !local.isEmpty, local.count <= 64, !domain.isEmpty else { return false }
        for part in local.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
            guard !part.isEmpty, part.allSatisfy({ isLetterOrDigit($0) || atomBytes.contains($0) }) else {
                return false
            }
        }
        if domain.elementsEqual("localhost".utf8) { return true }
        let labels = domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        for label in labels {
            guard !label.isEmpty, label.count <= 63, label.first != UInt8(ascii: "-"),
                label.last != UInt8(ascii: "-"),
                label.allSatisfy({ isLetterOrDigit($0) || $0 == UInt8(ascii: "-") })
            else { return false }
        }
        guard let top = labels.last else { return false }
        return top.count >= 2 && (top.allSatisfy(isLetter) || top.starts(with: "xn--".utf8))
    }

    private static let atomBytes = Array("!#$%&'*+-/=?^_`{|}~".utf8)

    /// Whether `text` is what Django stores in `password`: `algorithm$…` or unusable `!…`.
    static func isDjangoPassword(_ text: String) -> Bool {
        if text.hasPrefix("!") { return true }
        guard let dollar = text.firstIndex(of: "$"), dollar != text.startIndex,
            text.index(after: dollar) != text.endIndex
        else { return false }
        return text[..<dollar].unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
        }
    }
}
