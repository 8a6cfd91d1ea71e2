import ClinicPipeline
import Crypto

/// Encrypts what is written to it into an age file on `inner`, in 64 KiB chunks as they fill, so
/// memory stays at one chunk however much is written.
public final class AgeWriter: ByteSink {
    public var name: String { inner.name }
    private let inner: any ByteSink
    private var payload: AgePayload
    private var chunk: [UInt8] = []
    private var closed = false

    /// Writes the header for `recipients` (and the payload nonce) to `inner` at once.
    public init(_ inner: any ByteSink, recipients: [AgeRecipient]) throws {
        guard !recipients.isEmpty else { throw ETLError(.usage, "an encrypted file needs a recipient") }
        if recipients.count > 1, recipients.contains(where: { if case .scrypt = $0 { true } else { false } })
        {
            throw ETLError(
                .usage, "a passphrase cannot be combined with recipients in one age file",
                hint: "use either --passphrase or --recipient/--recipients-file")
        }
        self.inner = inner
        let fileKey = SymmetricKey(size: .bits128)
        let header = AgeHeader(stanzas: try recipients.map { try $0.wrap(fileKey) })
        let nonce = AgeRandom.bytes(AgePayload.nonceSize)
        payload = AgePayload(fileKey: fileKey, nonce: nonce)
        chunk.reserveCapacity(AgePayload.chunkSize)
        try inner.write(header.encoded(fileKey: fileKey) + nonce)
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        var rest = bytes
        while !rest.isEmpty {
            // A full chunk is sealed only once more bytes follow: the last chunk carries a flag.
            if chunk.count == AgePayload.chunkSize { try sealChunk(last: false) }
            let n = min(rest.count, AgePayload.chunkSize - chunk.count)
            chunk.append(contentsOf: UnsafeRawBufferPointer(rebasing: rest[0..<n]))
            rest = UnsafeRawBufferPointer(rebasing: rest[n...])
        }
    }

    /// Seals the final chunk and closes `inner`.
    public func close() throws {
        guard !closed else { return }
        closed = true
        try sealChunk(last: true)
        try inner.close()
    }

    private func sealChunk(last: Bool) throws {
        let sealed = try chunk.withUnsafeBytes { try payload.seal($0, last: last) }
        chunk.removeAll(keepingCapacity: true)
        try inner.write(sealed)
    }
}
