import ClinicPipeline
import Crypto

/// Decrypts an age file from `inner` as it is read.
///
/// The header and its MAC are checked when the reader is made; each 64 KiB chunk is authenticated
/// before any of its bytes are handed out, and the end must be a valid final chunk, so a wrong key,
/// an altered header or payload, or a cut-off file throws instead of returning data.
public final class AgeReader: ByteSource {
    public let name: String
    private let inner: any ByteSource
    private var payload: AgePayload
    /// Ciphertext read but not yet opened.
    private var sealed: [UInt8]
    private var plain: [UInt8] = []
    private var position = 0
    private var innerEnded = false
    private var finished = false

    /// Reads the header from `inner` and unwraps the file key with `keys`.
    public init(_ inner: any ByteSource, keys: AgeDecryption) throws {
        self.inner = inner
        name = inner.name
        do {
            let (header, mac, rest) = try AgeHeader.read(from: inner)
            let fileKey = try keys.fileKey(for: header)
            guard
                HMAC<Crypto.SHA256>.isValidAuthenticationCode(
                    mac, authenticating: header.macInput,
                    using: HKDF<Crypto.SHA256>.deriveKey(
                        inputKeyMaterial: fileKey, salt: [UInt8](), info: Array("header".utf8),
                        outputByteCount: 32))
            else { throw AgeFailure.mac }
            sealed = rest
            sealed.reserveCapacity(AgePayload.sealedChunkSize + 1 + 4096)
            try Self.fill(&sealed, from: inner, to: AgePayload.nonceSize, ended: &innerEnded)
            guard sealed.count >= AgePayload.nonceSize else { throw AgeFailure.truncated }
            payload = AgePayload(fileKey: fileKey, nonce: Array(sealed.prefix(AgePayload.nonceSize)))
            sealed.removeFirst(AgePayload.nonceSize)
        } catch let error as ETLError {
            throw error.at(location: inner.name)
        }
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while position == plain.count {
            if finished { return 0 }
            do {
                try openChunk()
            } catch let error as ETLError {
                throw error.at(location: name)
            }
        }
        let n = min(buffer.count, plain.count - position)
        plain.withUnsafeBytes {
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[position..<(position + n)]))
        }
        position += n
        return n
    }

    /// Opens the next chunk: a full chunk with more bytes after it is a middle chunk; anything
    /// else must be the final one.
    private func openChunk() throws {
        try Self.fill(&sealed, from: inner, to: AgePayload.sealedChunkSize + 1, ended: &innerEnded)
        let last = sealed.count <= AgePayload.sealedChunkSize
        let size = min(sealed.count, AgePayload.sealedChunkSize)
        let index = payload.counter
        guard size > 0 else { throw AgeFailure.truncated }
        guard let opened = try payload.open(sealed[..<size], last: last) else {
            if last,
                size < AgePayload.sealedChunkSize || (try? payload.open(sealed[..<size], last: false)) == nil
            {
                throw AgeFailure.chunk(index, atEnd: true)
            }
            throw last ? AgeFailure.truncated : AgeFailure.chunk(index, atEnd: false)
        }
        // An empty final chunk is only allowed when it is the whole payload.
        if last, opened.isEmpty, index > 0 { throw AgeFailure.chunk(index, atEnd: true) }
        sealed.removeFirst(size)
        plain = opened
        position = 0
        finished = last
    }

    /// Reads from `source` until `buffer` holds `count` bytes or the source ends.
    private static func fill(
        _ buffer: inout [UInt8], from source: any ByteSource, to count: Int, ended: inout Bool
    )
        throws
    {
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while buffer.count < count, !ended {
            let n = try chunk.withUnsafeMutableBytes {
                try source.read(
                    into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<min($0.count, count - buffer.count)])
                )
            }
            if n == 0 { ended = true } else { buffer += chunk[0..<n] }
        }
    }
}
