import ClinicPipeline
import Crypto
import Foundation
import TestSupport
import Testing
import _CryptoExtras

@testable import ClinicFormats

/// The age format (age-encryption.org/v1) in memory: keys, round trips at chunk edges, and every
/// kind of damage refused with its own message.
@Suite struct AgeTests {
    static let identity = AgeIdentity.generate()
    static var recipient: AgeRecipient { identity.recipient ?? .passphrase("unused") }

    static func encrypt(_ plain: [UInt8], to recipients: [AgeRecipient] = [recipient]) throws -> [UInt8] {
        let sink = MemorySink()
        let writer = try AgeWriter(sink, recipients: recipients)
        // Odd-sized writes cross the chunk edges.
        var at = 0
        while at < plain.count {
            let n = min(7919, plain.count - at)
            try writer.write(Array(plain[at..<(at + n)]))
            at += n
        }
        try writer.close()
        return sink.bytes
    }

    static func decrypt(_ sealed: [UInt8], with identities: [AgeIdentity] = [identity]) throws -> [UInt8] {
        try sealed.withUnsafeBytes { raw in
            let reader = try AgeDecryption(identities: identities).reader(MemoryBytes(raw))
            var out: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 5000)
            while true {
                let n = try buffer.withUnsafeMutableBytes { try reader.read(into: $0) }
                if n == 0 { return out }
                out += buffer[0..<n]
            }
        }
    }

    static func random(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// The message of the ETLError `body` throws.
    static func failure(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "no error"
        } catch let error as ETLError {
            return error.message
        } catch {
            return "\(error)"
        }
    }

    @Test func bech32FollowsBIP173() throws {
        // BIP 173's valid strings, and one with a changed character.
        #expect(Bech32.decode("A12UEL5L")?.hrp == "a")
        let long = try #require(Bech32.decode("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw"))
        #expect(long.hrp == "abcdef")
        #expect(
            Bech32.encode(hrp: "abcdef", data: long.data) == "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw")
        #expect(Bech32.decode("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxx") == nil)
        #expect(Bech32.decode("A12uEL5L") == nil)
        // Keys go both ways, and a secret key is not taken for a recipient.
        let secret = try #require(Self.identity.encoded)
        #expect(secret.hasPrefix("AGE-SECRET-KEY-1") && secret == secret.uppercased())
        let key = try AgeIdentity(parsing: secret)
        #expect(key.recipient?.encoded == Self.recipient.encoded)
        #expect(try AgeRecipient(parsing: #require(Self.recipient.encoded)).encoded == Self.recipient.encoded)
        #expect(Self.failure { _ = try AgeRecipient(parsing: secret) }.contains("secret key was given"))
    }

    @Test func scryptIsRFC7914s() throws {
        // RFC 7914 section 12, the second vector (the first has an empty password).
        let key = try KDF.Scrypt.deriveKey(
            from: Array("password".utf8), salt: Array("NaCl".utf8), outputByteCount: 64, rounds: 1024,
            blockSize: 8, parallelism: 16)
        #expect(
            key.withUnsafeBytes { Array($0) }.hexDigits
                == "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640"
        )
    }

    @Test(arguments: [0, 1, 65_535, 65_536, 65_537, 2 * 65_536, 200_000])
    func roundTripsAtChunkEdges(size: Int) throws {
        let plain = Self.random(size)
        let sealed = try Self.encrypt(plain)
        // Header, 16-byte nonce, then each chunk plus a 16-byte tag.
        let chunks = max(1, (size + 65_535) / 65_536)
        #expect(try Self.decrypt(sealed) == plain)
        #expect(sealed.count - size - 16 * chunks - 16 > 100)
        #expect(String(decoding: sealed.prefix(22), as: UTF8.self) == "age-encryption.org/v1\n")
    }

    @Test func passphrasesAndSeveralRecipients() throws {
        let plain = Self.random(70_000)
        let other = AgeIdentity.generate()
        let both = try Self.encrypt(plain, to: [Self.recipient, try #require(other.recipient)])
        #expect(try Self.decrypt(both, with: [other]) == plain)
        #expect(try Self.decrypt(both) == plain)
        let locked = try Self.encrypt(plain, to: [.scrypt(passphrase: "correct horse", workFactor: 10)])
        #expect(try Self.decrypt(locked, with: [.passphrase("correct horse")]) == plain)
        #expect(
            Self.failure { _ = try Self.decrypt(locked, with: [.passphrase("wrong")]) }
                == "the passphrase is wrong")
        #expect(Self.failure { _ = try Self.decrypt(locked) }.contains("encrypted with a passphrase"))
        #expect(
            Self.failure { _ = try Self.decrypt(both, with: [.generate()]) }.contains(
                "none of the given identities"))
        #expect(
            Self.failure {
                _ = try Self.encrypt(plain, to: [Self.recipient, .scrypt(passphrase: "x", workFactor: 10)])
            }.contains("cannot be combined"))
    }

    @Test func everyKindOfDamageIsRefused() throws {
        let plain = Self.random(3 * 65_536 + 100)
        let sealed = try Self.encrypt(plain)
        let headerEnd = try #require(sealed.firstRange(of: Array("\n---".utf8))).lowerBound + 1
        let payload = try #require(sealed[headerEnd...].firstIndex(of: 0x0A)) + 1
        func flipped(_ offset: Int) -> [UInt8] {
            var copy = sealed
            copy[offset] ^= 0x01
            return copy
        }
        // In the header's base64, one letter for another (not a line's last, which may carry unused
        // bits): a flipped bit can make a byte that is no base64 at all, a malformed header instead.
        func letter(from offset: Int) -> Int {
            var i = offset
            while !(0x41...0x5A).contains(sealed[i]) && !(0x61...0x7A).contains(sealed[i])
                || sealed[i + 1] == 0x0A
            {
                i += 1
            }
            return i
        }
        // The stanza's share, its body, the MAC (changed letters), the nonce, chunks 0 and 2, the
        // final chunk's tag (flipped bits).
        for offset in [letter(from: 30), letter(from: headerEnd - 12), letter(from: headerEnd + 8)] {
            var copy = sealed
            copy[offset] = sealed[offset] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
            let message = offset > headerEnd ? "MAC does not match" : "none of the given identities"
            #expect(Self.failure { _ = try Self.decrypt(copy) }.contains(message), "offset \(offset)")
        }
        let cases: [(Int, String)] = [
            (payload + 3, "fails authentication"),
            (payload + 16 + 5, "chunk 0 fails authentication"),
            (payload + 16 + 2 * 65_552 + 9, "chunk 2 fails authentication"),
            (sealed.count - 1, "chunk 3 is not a valid final chunk"),
        ]
        for (offset, message) in cases {
            #expect(
                Self.failure { _ = try Self.decrypt(flipped(offset)) }.contains(message), "offset \(offset)")
        }
        // Cut inside a chunk, exactly after a full chunk, and with bytes added at the end.
        #expect(
            Self.failure { _ = try Self.decrypt(Array(sealed.dropLast(50))) }.contains(
                "not a valid final chunk"))
        let atEdge = Array(sealed.prefix(payload + 16 + 2 * 65_552))
        #expect(Self.failure { _ = try Self.decrypt(atEdge) }.contains("cut short"))
        #expect(Self.failure { _ = try Self.decrypt(sealed + [0]) }.contains("chunk 3"))
        #expect(
            Self.failure { _ = try Self.decrypt(Array(sealed.prefix(payload + 5))) }.contains("cut short"))
        #expect(
            Self.failure { _ = try Self.decrypt(Array("PK\u{3}\u{4}zip".utf8)) }.contains(
                "not an age-encrypted"))
        #expect(
            Self.failure { _ = try Self.decrypt(Array(sealed.prefix(40))) }.contains("header is malformed"))
    }

    @Test func theWriterStreamsChunkByChunk() throws {
        let sink = MemorySink()
        let writer = try AgeWriter(sink, recipients: [Self.recipient])
        let block = Self.random(1 << 20)
        try writer.write(block)
        // All but the last chunk of the first MiB is out before anything more is written.
        #expect(sink.bytes.count > (1 << 20) - 65_536)
        try writer.write(block)
        try writer.close()
        #expect(try Self.decrypt(sink.bytes) == block + block)
    }
}
