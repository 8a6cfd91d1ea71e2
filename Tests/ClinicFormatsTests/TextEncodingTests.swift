import ClinicPipeline
import TestSupport
import Testing

@testable import ClinicFormats

/// Legacy files in Windows-1252 and Latin-1 arrive as UTF-8; bytes an encoding does not define stop
/// the read with their offset and line, never replaced.
@Suite struct TextEncodingTests {
    final class Bytes: ByteSource {
        let name = "legacy.csv"
        var data: [UInt8]
        let chunk: Int
        init(_ data: [UInt8], chunk: Int = 3) {
            self.data = data
            self.chunk = chunk
        }
        func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            let n = min(chunk, buffer.count, data.count)
            for i in 0..<n { buffer[i] = data[i] }
            data.removeFirst(n)
            return n
        }
    }

    func decode(_ bytes: [UInt8], _ encoding: TextEncoding, chunk: Int = 3) throws -> String {
        let source = TranscodingSource(Bytes(bytes, chunk: chunk), encoding: encoding)
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16)
        while true {
            let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
            if n == 0 { break }
            out += buffer[..<n]
        }
        return String(decoding: out, as: UTF8.self)
    }

    @Test func decodesLatin1AndWindows1252() throws {
        // "Peña, José" in Latin-1; "€5 “ok” – Ñ" in Windows-1252.
        #expect(
            try decode([0x50, 0x65, 0xF1, 0x61, 0x2C, 0x20, 0x4A, 0x6F, 0x73, 0xE9], .latin1) == "Peña, José")
        let cp1252: [UInt8] = [0x80, 0x35, 0x20, 0x93, 0x6F, 0x6B, 0x94, 0x20, 0x96, 0x20, 0xD1]
        #expect(try decode(cp1252, .windows1252) == "€5 “ok” – Ñ")
        // The same bytes read as Latin-1 are C1 controls, not the quotes: the encodings differ.
        #expect(try decode([0x93], .latin1) == "\u{93}")
    }

    @Test func passesUTF8ThroughAndDropsTheByteOrderMark() throws {
        let text = "id,name\n1,Peña 😀\n"
        #expect(try decode([0xEF, 0xBB, 0xBF] + Array(text.utf8), .utf8, chunk: 1) == text)
        #expect(try decode(Array(text.utf8), .utf8, chunk: 2) == text)
    }

    @Test func refusesInvalidBytesNamingOffsetAndLine() throws {
        let latin1 = Array("id,name\n1,ok\n2,Pe".utf8) + [0xF1] + Array("a\n".utf8)
        do {
            _ = try decode(latin1, .utf8)
            Issue.record("Latin-1 read as UTF-8")
        } catch let error as ETLError {
            #expect(error.description.contains("legacy.csv:3"))
            #expect(error.description.contains("byte offset 17"))
            #expect(error.hint?.contains("--encoding") == true)
        }
        do {
            _ = try decode(Array("ab\n".utf8) + [0x81], .windows1252)
            Issue.record("an undefined Windows-1252 byte was read")
        } catch let error as ETLError {
            #expect(
                error.description.contains(
                    "byte 0x81 is not defined in Windows-1252 at byte offset 3 (line 2)"))
        }
        #expect(throws: ETLError.self) { try decode(Array("ok".utf8) + [0xE2, 0x82], .utf8) }
        #expect(throws: ETLError.self) { try decode([0xED, 0xA0, 0x80], .utf8) }
        #expect(throws: ETLError.self) { try decode([0xC0, 0xAF], .utf8) }
    }

    @Test func knowsTheUsualSpellings() {
        #expect(TextEncoding(named: "CP1252") == .windows1252)
        #expect(TextEncoding(named: "ISO-8859-1") == .latin1)
        #expect(TextEncoding(named: "utf8") == .utf8)
        #expect(TextEncoding(named: "ebcdic") == nil)
    }
}
