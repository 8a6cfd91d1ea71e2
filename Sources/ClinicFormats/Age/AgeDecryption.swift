import ClinicPipeline
import Crypto
import Foundation

/// The identities that open `.age` locations, and the file keys already unwrapped with them.
///
/// A source reads its file several times (a fixture once per table, an archive to verify and
/// then to load); the file key is unwrapped once per header, so a passphrase's scrypt (about a
/// second and 256 MiB) runs once.
public final class AgeDecryption: @unchecked Sendable {
    // @unchecked: the cache is guarded by `lock`; the identities (key values) are never changed.
    private let identities: [AgeIdentity]
    private var cache: [[UInt8]: SymmetricKey] = [:]
    private let lock = NSLock()

    /// Opens files with any of `identities`, tried in order.
    public init(identities: [AgeIdentity]) {
        self.identities = identities
    }

    /// Reads the X25519 identities of an age identity file.
    ///
    /// `#` comments and blank lines are allowed, as age-keygen writes them.
    public static func identities(fromFile path: String) throws -> [AgeIdentity] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ETLError(
                .usage, "cannot read the identity file",
                hint: "give the path of a key file made by `clinic-etl keygen`"
            )
            .at(location: path)
        }
        let text = String(decoding: data, as: UTF8.self)
        var found: [AgeIdentity] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            do {
                found.append(try AgeIdentity(parsing: trimmed))
            } catch let error as ETLError {
                throw error.at(location: path, line: number + 1)
            }
        }
        guard !found.isEmpty else {
            throw ETLError(.usage, "the identity file holds no AGE-SECRET-KEY-1 line").at(location: path)
        }
        return found
    }

    /// An `AgeReader` over `source`.
    public func reader(_ source: any ByteSource) throws -> AgeReader {
        try AgeReader(source, keys: self)
    }

    /// Reads the age file at `path` to its end, authenticating every chunk, and discards what it
    /// decrypts: a check before anything of it is used.
    public func verify(path: String) throws {
        let reader = try self.reader(FileSource(path: path))
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while try buffer.withUnsafeMutableBytes({ try reader.read(into: $0) }) > 0 {}
    }

    /// The file key of `header`, from the cache or the first identity that unwraps a stanza.
    func fileKey(for header: AgeHeader) throws -> SymmetricKey {
        let id = header.macInput
        lock.lock()
        defer { lock.unlock() }
        if let key = cache[id] { return key }
        for identity in identities {
            if let key = try identity.unwrap(header.stanzas) {
                cache[id] = key
                return key
            }
        }
        throw AgeFailure.noIdentity(header.stanzas)
    }
}
