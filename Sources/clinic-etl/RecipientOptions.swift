import ArgumentParser
import ClinicFormats
import ClinicPipeline
import ClinicStores

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
