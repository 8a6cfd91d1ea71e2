import ClinicPipeline
import Crypto

/// The header of an age file (age-encryption.org/v1): the version line, the recipient stanzas and
/// the MAC line that binds them to the file key.
struct AgeHeader {
    static let versionLine = Array("age-encryption.org/v1".utf8)
    /// A header larger than this is refused, so a hostile file cannot make us buffer without end.
    static let maxBytes = 1 << 20

    /// The stanzas, in file order.
    var stanzas: [AgeStanza]

    /// The header's bytes up to and including `---`: what the MAC covers.
    var macInput: [UInt8] {
        var out = Self.versionLine + [UInt8(ascii: "\n")]
        for stanza in stanzas { out += stanza.encoded }
        return out + Array("---".utf8)
    }

    /// The whole header with its MAC under `fileKey`, ending with a line break.
    func encoded(fileKey: SymmetricKey) -> [UInt8] {
        let input = macInput
        return input + [UInt8(ascii: " ")] + AgeBase64.encode(Self.mac(input, fileKey: fileKey)) + [
            UInt8(ascii: "\n")
        ]
    }

    /// HMAC-SHA256 of the header under a key derived from the file key by HKDF ("header").
    static func mac(_ input: [UInt8], fileKey: SymmetricKey) -> [UInt8] {
        let key = HKDF<Crypto.SHA256>.deriveKey(
            inputKeyMaterial: fileKey, salt: [UInt8](), info: Array("header".utf8), outputByteCount: 32)
        return Array(HMAC<Crypto.SHA256>.authenticationCode(for: input, using: key))
    }

    /// Parses the header from `lines` (the file's bytes from the start, split after each line
    /// break; the last element is the rest); returns the header, its MAC and how many lines it took.
    static func parse(_ lines: [ArraySlice<UInt8>]) throws -> (
        header: AgeHeader, mac: [UInt8], lineCount: Int
    ) {
        guard let first = lines.first, first.last == UInt8(ascii: "\n"),
            Array(first.dropLast()) == versionLine
        else {
            throw ETLError(
                .badInput, "not an age-encrypted file (it does not start with age-encryption.org/v1)",
                hint: "a .age file is written by clinic-etl or `age -e`; rename a plain file without .age")
        }
        var stanzas: [AgeStanza] = []
        var i = 1
        while true {
            guard i < lines.count, lines[i].last == UInt8(ascii: "\n") else {
                throw malformed("it ends inside")
            }
            let line = lines[i].dropLast()
            i += 1
            if line.starts(with: Array("---".utf8)) {
                let parts = line.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
                guard parts.count == 2, parts[0].elementsEqual("---".utf8),
                    let mac = AgeBase64.decode(parts[1]),
                    mac.count == 32
                else { throw malformed("its MAC line is not `--- ` and 43 base64 characters") }
                return (AgeHeader(stanzas: stanzas), mac, i)
            }
            let parts = line.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
            guard parts.count >= 2, parts[0].elementsEqual("->".utf8),
                parts.dropFirst().allSatisfy(AgeStanza.isValid)
            else { throw malformed("line \(i) is neither a stanza nor the MAC line") }
            var body: [UInt8] = []
            while true {
                guard i < lines.count, lines[i].last == UInt8(ascii: "\n") else {
                    throw malformed("it ends inside a stanza")
                }
                guard let chunk = AgeBase64.decode(lines[i].dropLast()), chunk.count <= 48 else {
                    throw malformed("line \(i + 1) is not a canonical base64 stanza body line")
                }
                i += 1
                body += chunk
                if chunk.count < 48 { break }
            }
            stanzas.append(
                AgeStanza(
                    type: String(decoding: parts[1], as: UTF8.self),
                    arguments: parts.dropFirst(2).map { String(decoding: $0, as: UTF8.self) }, body: body))
        }
    }

    /// Reads the header from the start of `source`; returns it, its MAC and the bytes read past it
    /// (the start of the payload).
    static func read(from source: any ByteSource) throws -> (header: AgeHeader, mac: [UInt8], rest: [UInt8]) {
        var bytes: [UInt8] = []
        var lines: [ArraySlice<UInt8>] = []
        var lineStart = 0
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
            if n == 0 {
                lines.append(bytes[lineStart...])
                _ = try parse(lines)  // throws the reason the header is incomplete
                throw malformed("it ends inside")
            }
            var scan = bytes.count
            bytes += chunk[0..<n]
            while let newline = bytes[scan...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = bytes[lineStart...newline]
                lines.append(line)
                lineStart = newline + 1
                scan = lineStart
                if lines.count > 1, line.starts(with: Array("---".utf8)) {
                    let (header, mac, _) = try parse(lines)
                    return (header, mac, Array(bytes[lineStart...]))
                }
                if lines.count == 1, Array(line.dropLast()) != versionLine { _ = try parse(lines) }
            }
            if lines.isEmpty, bytes.count > versionLine.count { _ = try parse([bytes[...]]) }
            guard bytes.count <= maxBytes else { throw malformed("it is larger than 1 MiB") }
        }
    }

    private static func malformed(_ what: String) -> ETLError {
        ETLError(
            .badInput, "the age header is malformed: \(what)",
            hint: "the file is damaged or was altered; use another copy")
    }
}
