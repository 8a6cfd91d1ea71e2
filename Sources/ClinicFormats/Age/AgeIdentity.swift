import ClinicPipeline
import Crypto
import Foundation

/// What opens an age file: an X25519 secret key (`AGE-SECRET-KEY-1…`) or a passphrase.
// @unchecked: swift-crypto 3.12 does not mark its key types Sendable, but they are immutable values
// (their bytes are never changed after the key is made).
public enum AgeIdentity: @unchecked Sendable {
    /// An X25519 secret key.
    case x25519(Curve25519.KeyAgreement.PrivateKey)
    /// A passphrase; files asking for more scrypt work than 2^`maxWorkFactor` are refused.
    case passphrase(String, maxWorkFactor: Int)

    /// A new random X25519 key.
    public static func generate() -> AgeIdentity { .x25519(Curve25519.KeyAgreement.PrivateKey()) }

    /// A passphrase with age's own limit (2^22, about 15 s and 4 GiB).
    public static func passphrase(_ text: String) -> AgeIdentity { .passphrase(text, maxWorkFactor: 22) }

    /// Parses one `AGE-SECRET-KEY-1…` line; the message never repeats the text.
    public init(parsing text: String) throws {
        guard let (hrp, data) = Bech32.decode(text), hrp == "age-secret-key-", data.count == 32,
            let key = try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: data)
        else {
            throw ETLError(
                .usage, "not an age secret key",
                hint:
                    "an identity file holds lines starting with AGE-SECRET-KEY-1 (from `clinic-etl keygen` or age-keygen)"
            )
        }
        self = .x25519(key)
    }

    /// The `AGE-SECRET-KEY-1…` text of an X25519 identity.
    public var encoded: String? {
        guard case .x25519(let key) = self else { return nil }
        return Bech32.encode(hrp: "age-secret-key-", data: Array(key.rawRepresentation)).uppercased()
    }

    /// The recipient that this identity opens, for an X25519 key.
    public var recipient: AgeRecipient? {
        guard case .x25519(let key) = self else { return nil }
        return .x25519(key.publicKey)
    }

    /// The file key from the first stanza meant for this identity, `nil` when none is.
    func unwrap(_ stanzas: [AgeStanza]) throws -> SymmetricKey? {
        switch self {
        case .x25519(let key):
            for stanza in stanzas where stanza.type == "X25519" {
                guard stanza.arguments.count == 1, let share = AgeBase64.decode(stanza.arguments[0].utf8),
                    share.count == 32, stanza.body.count == 32,
                    let publicShare = try? Curve25519.KeyAgreement.PublicKey(rawRepresentation: share)
                else { throw AgeFailure.header("an X25519 stanza is malformed") }
                guard let shared = try? key.sharedSecretFromKeyAgreement(with: publicShare),
                    shared.withUnsafeBytes({ $0.contains { $0 != 0 } })
                else { throw AgeFailure.header("an X25519 stanza has a low-order share") }
                let wrapKey = AgeRecipient.x25519WrapKey(
                    shared, share: share, recipient: Array(key.publicKey.rawRepresentation))
                if let fileKey = AgeRecipient.open(stanza.body, with: wrapKey) { return fileKey }
            }
            return nil
        case .passphrase(let passphrase, let maxWorkFactor):
            guard let stanza = stanzas.first(where: { $0.type == "scrypt" }) else { return nil }
            guard stanzas.count == 1 else {
                throw AgeFailure.header("an scrypt stanza must be the only one")
            }
            let factor = stanza.arguments.count == 2 ? stanza.arguments[1] : ""
            guard stanza.arguments.count == 2, let salt = AgeBase64.decode(stanza.arguments[0].utf8),
                salt.count == 16, let first = factor.utf8.first, first != UInt8(ascii: "0"),
                factor.utf8.allSatisfy({ (48...57).contains($0) }), factor.utf8.count <= 2,
                let workFactor = Int(factor), stanza.body.count == 32
            else { throw AgeFailure.header("the scrypt stanza is malformed") }
            guard workFactor <= maxWorkFactor else {
                throw ETLError(
                    .badInput,
                    "the file asks for scrypt work factor \(workFactor), more than \(maxWorkFactor)",
                    hint:
                        "this would take minutes and gigabytes; it was not made by clinic-etl or age's defaults"
                )
            }
            let key = try AgeRecipient.scryptKey(passphrase, salt: salt, workFactor: workFactor)
            guard let fileKey = AgeRecipient.open(stanza.body, with: key) else {
                throw ETLError(
                    .badInput, "the passphrase is wrong",
                    hint: "check $CLINIC_ETL_PASSPHRASE (or what was typed) and run again")
            }
            return fileKey
        }
    }
}
