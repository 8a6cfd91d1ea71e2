import ClinicPipeline
import Crypto
import _CryptoExtras

/// Someone an age file is encrypted to: an X25519 public key (`age1…`) or a passphrase (scrypt).
// @unchecked: swift-crypto 3.12 does not mark its key types Sendable, but they are immutable values
// (their bytes are never changed after the key is made).
public enum AgeRecipient: @unchecked Sendable {
    /// An X25519 public key.
    case x25519(Curve25519.KeyAgreement.PublicKey)
    /// A passphrase, stretched with scrypt at 2^`workFactor` (age's default is 18, about a second).
    case scrypt(passphrase: String, workFactor: Int)

    /// The HKDF info of X25519 wrap keys.
    static let x25519Label = Array("age-encryption.org/v1/X25519".utf8)
    /// The prefix of scrypt salts.
    static let scryptLabel = Array("age-encryption.org/v1/scrypt".utf8)

    /// Parses an `age1…` public key; the message never repeats the text (it may be a secret pasted by mistake).
    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let (hrp, data) = Bech32.decode(trimmed), hrp == "age", data.count == 32,
            let key = try? Curve25519.KeyAgreement.PublicKey(rawRepresentation: data)
        else {
            let secret = trimmed.uppercased().hasPrefix("AGE-SECRET-KEY-")
            throw ETLError(
                .usage,
                secret
                    ? "a secret key was given where a recipient (public key) belongs"
                    : "not an age recipient",
                hint: secret
                    ? "give the public key (age1…, printed by `clinic-etl keygen`), and keep the secret one off this machine"
                    : "an age recipient is a public key starting with age1 (see `clinic-etl keygen`)")
        }
        self = .x25519(key)
    }

    /// The passphrase recipient with age's default work factor.
    public static func passphrase(_ text: String) -> AgeRecipient {
        .scrypt(passphrase: text, workFactor: 18)
    }

    /// The `age1…` text of an X25519 recipient.
    public var encoded: String? {
        guard case .x25519(let key) = self else { return nil }
        return Bech32.encode(hrp: "age", data: Array(key.rawRepresentation))
    }

    /// Wraps `fileKey` for this recipient.
    func wrap(_ fileKey: SymmetricKey) throws -> AgeStanza {
        switch self {
        case .x25519(let recipient):
            let ephemeral = Curve25519.KeyAgreement.PrivateKey()
            let share = Array(ephemeral.publicKey.rawRepresentation)
            let shared = try ephemeral.sharedSecretFromKeyAgreement(with: recipient)
            let key = Self.x25519WrapKey(shared, share: share, recipient: Array(recipient.rawRepresentation))
            return AgeStanza(
                type: "X25519", arguments: [String(decoding: AgeBase64.encode(share), as: UTF8.self)],
                body: try Self.seal(fileKey, with: key))
        case .scrypt(let passphrase, let workFactor):
            let salt = AgeRandom.bytes(16)
            let key = try Self.scryptKey(passphrase, salt: salt, workFactor: workFactor)
            return AgeStanza(
                type: "scrypt",
                arguments: [String(decoding: AgeBase64.encode(salt), as: UTF8.self), String(workFactor)],
                body: try Self.seal(fileKey, with: key))
        }
    }

    /// HKDF-SHA256 of the shared secret, salted with the ephemeral share and the recipient.
    static func x25519WrapKey(_ shared: SharedSecret, share: [UInt8], recipient: [UInt8]) -> SymmetricKey {
        shared.hkdfDerivedSymmetricKey(
            using: Crypto.SHA256.self, salt: share + recipient, sharedInfo: x25519Label, outputByteCount: 32)
    }

    /// scrypt(passphrase, label ‖ salt, N = 2^workFactor, r = 8, p = 1).
    static func scryptKey(_ passphrase: String, salt: [UInt8], workFactor: Int) throws -> SymmetricKey {
        do {
            return try KDF.Scrypt.deriveKey(
                from: Array(passphrase.utf8), salt: scryptLabel + salt, outputByteCount: 32,
                rounds: 1 << workFactor, blockSize: 8, parallelism: 1)
        } catch {
            throw ETLError(.io, "scrypt failed at work factor \(workFactor) (not enough memory?)")
        }
    }

    /// ChaCha20-Poly1305 with the all-zero nonce: each wrap key is used once.
    static func seal(_ fileKey: SymmetricKey, with key: SymmetricKey) throws -> [UInt8] {
        let box = try ChaChaPoly.seal(
            fileKey.withUnsafeBytes { Array($0) }, using: key,
            nonce: ChaChaPoly.Nonce(data: [UInt8](repeating: 0, count: 12)))
        return Array(box.ciphertext) + Array(box.tag)
    }

    /// The file key from a wrapped body, or `nil` when `key` does not open it.
    static func open(_ body: [UInt8], with key: SymmetricKey) -> SymmetricKey? {
        guard body.count == 32,
            let box = try? ChaChaPoly.SealedBox(
                nonce: ChaChaPoly.Nonce(data: [UInt8](repeating: 0, count: 12)), ciphertext: body.prefix(16),
                tag: body.suffix(16)),
            let fileKey = try? ChaChaPoly.open(box, using: key)
        else { return nil }
        return SymmetricKey(data: fileKey)
    }
}
