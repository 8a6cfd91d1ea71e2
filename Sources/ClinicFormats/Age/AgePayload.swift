import ClinicPipeline
import Crypto

/// The payload key and nonces of age's STREAM construction: ChaCha20-Poly1305 over 64 KiB chunks,
/// each sealed under an 11-byte big-endian counter and a last-chunk flag.
struct AgePayload {
    /// Plaintext bytes per chunk.
    static let chunkSize = 64 << 10
    /// Ciphertext bytes per full chunk: the chunk and its 16-byte tag.
    static let sealedChunkSize = chunkSize + 16
    /// The payload starts with this many random bytes.
    static let nonceSize = 16

    private let key: SymmetricKey
    /// The next chunk's index.
    private(set) var counter: UInt64 = 0

    /// The payload key, HKDF-SHA256 of the file key salted with the payload nonce ("payload").
    init(fileKey: SymmetricKey, nonce: [UInt8]) {
        key = HKDF<Crypto.SHA256>.deriveKey(
            inputKeyMaterial: fileKey, salt: nonce, info: Array("payload".utf8), outputByteCount: 32)
    }

    private func nonce(last: Bool) throws -> ChaChaPoly.Nonce {
        var bytes = [UInt8](repeating: 0, count: 12)
        for i in 0..<8 { bytes[10 - i] = UInt8(truncatingIfNeeded: counter >> (8 * UInt64(i))) }
        bytes[11] = last ? 1 : 0
        return try ChaChaPoly.Nonce(data: bytes)
    }

    /// Seals the next chunk.
    mutating func seal(_ chunk: UnsafeRawBufferPointer, last: Bool) throws -> [UInt8] {
        let box = try ChaChaPoly.seal(chunk, using: key, nonce: nonce(last: last))
        counter += 1
        var out: [UInt8] = []
        out.reserveCapacity(chunk.count + 16)
        out += box.ciphertext
        out += box.tag
        return out
    }

    /// Opens the next chunk; `nil` when it fails authentication as a chunk of that kind.
    mutating func open(_ sealed: ArraySlice<UInt8>, last: Bool) throws -> [UInt8]? {
        guard sealed.count >= 16,
            let box = try? ChaChaPoly.SealedBox(
                nonce: nonce(last: last), ciphertext: sealed.dropLast(16), tag: sealed.suffix(16)),
            let plain = try? ChaChaPoly.open(box, using: key)
        else { return nil }
        counter += 1
        return Array(plain)
    }
}
