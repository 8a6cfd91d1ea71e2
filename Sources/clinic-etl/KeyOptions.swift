import ArgumentParser
import ClinicFormats
import ClinicPipeline
import ClinicStores

/// `--identity` and `--passphrase`: what opens `.age` sources (and, with `--passphrase`, what
/// `.age` targets are encrypted with).
struct KeyOptions: ParsableArguments {
    @Option(
        name: .customLong("identity"),
        help: ArgumentHelp(
            "Decrypt a .age source with the secret keys in this file (from `clinic-etl keygen` or age-keygen); "
                + "repeatable.",
            valueName: "key-file"))
    var identityFiles: [String] = []

    @Flag(
        help: ArgumentHelp(
            "Encrypt a .age target, or decrypt a .age source, with a passphrase (scrypt): read from "
                + "$CLINIC_ETL_PASSPHRASE, else asked for on the terminal; never given as an argument."))
    var passphrase = false

    /// Reads the passphrase once when `--passphrase` is given; `confirm` asks twice on a terminal
    /// (when it is used to encrypt).
    func readPassphrase(confirm: Bool) throws -> String? {
        guard passphrase else { return nil }
        return try PassphrasePrompt.read(confirm: confirm)
    }

    /// The keys for `location` when it is encrypted; `nil` for a plain one (and then no
    /// `--identity` may be given, so a key meant for another file is not silently unused).
    func decryption(for location: Location, passphrase secret: String?) throws -> AgeDecryption? {
        guard case .encrypted = location else {
            if !identityFiles.isEmpty {
                throw ETLError(
                    .usage, "--identity decrypts a .age source; \(location) is not one",
                    hint: "leave --identity out, or name the encrypted file (….age)")
            }
            return nil
        }
        var identities = try identityFiles.flatMap { try AgeDecryption.identities(fromFile: $0) }
        if let secret { identities.append(.passphrase(secret)) }
        guard !identities.isEmpty else { return nil }
        return AgeDecryption(identities: identities)
    }
}

/// `--recipient` and `--recipients-file`: who a `.age` target is encrypted to.
struct RecipientOptions: ParsableArguments {
    @Option(
        name: .customLong("recipient"),
        help: ArgumentHelp(
            "Encrypt a .age target to this public key (age1…, from `clinic-etl keygen`); repeatable.",
            valueName: "age1…"))
    var recipients: [String] = []

    @Option(
        name: .customLong("recipients-file"),
        help: ArgumentHelp(
            "Encrypt a .age target to every public key in this file (one age1… per line, # comments); "
                + "repeatable.",
            valueName: "file"))
    var recipientFiles: [String] = []

    /// Whether any recipient was named.
    var given: Bool { !recipients.isEmpty || !recipientFiles.isEmpty }

    /// The encryption of `location` when it is a `.age` target; a recipient or passphrase given for
    /// a plain target is refused, so a backup meant to be encrypted is never written in the clear.
    func encryption(for location: Location, passphrase: String?) throws -> AgeEncryption? {
        guard case .encrypted = location else {
            if given {
                throw ETLError(
                    .usage, "--recipient encrypts a .age target; \(location) would be written unencrypted",
                    hint: "name the target ….tar.gz.age or ….json.age")
            }
            return nil
        }
        var list = try recipients.map { try AgeRecipient(parsing: $0) }
        list += try recipientFiles.flatMap { try AgeEncryption.recipients(fromFile: $0) }
        if let passphrase {
            guard list.isEmpty else {
                throw ETLError(
                    .usage, "--passphrase and --recipient exclude each other for one file",
                    hint: "age allows a passphrase only as the sole recipient")
            }
            list = [.passphrase(passphrase)]
        }
        return list.isEmpty ? nil : AgeEncryption(recipients: list)
    }
}
