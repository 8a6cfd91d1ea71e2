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
