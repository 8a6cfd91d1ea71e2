import ArgumentParser
import ClinicFormats
import ClinicPipeline
import Foundation

/// `clinic-etl keygen FILE`.
struct Keygen: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Make an age key pair for encrypted backups: the secret key into FILE, the public key printed.",
        discussion: """
            FILE is written owner-only (0600) in age-keygen's format, so `age -d -i FILE` opens the \
            backups too. Keep it off the database server: the server needs only the public key \
            (age1…, printed on standard output), given to `copy` with --recipient or --recipients-file. \
            An existing FILE is never replaced.

            Examples:
              clinic-etl keygen backup-key.txt > backup-key.pub
              clinic-etl copy "$DATABASE_URL" b.tar.gz.age --recipients-file backup-key.pub
              clinic-etl copy b.tar.gz.age sqlite:///restored.db --identity backup-key.txt
            """)

    @Argument(help: "Where to write the secret key (an age identity file).")
    var file: String

    @Flag(name: .shortAndLong, help: "Print only the public key.")
    var quiet = false

    func run() throws {
        try reportingErrors {
            Console.configure(quiet: quiet, json: false)
            let identity = AgeIdentity.generate()
            guard let secret = identity.encoded, let publicKey = identity.recipient?.encoded else {
                throw ETLError(.io, "cannot encode the new key")
            }
            let created = Value.timestamp(.now()).postgresText ?? ""
            let text = "# created: \(created)\n# public key: \(publicKey)\n\(secret)\n"
            let staged = try StagedFile(path: file, replace: false, modes: .ownerOnly)
            let sink = try staged.create()
            try sink.write(Array(text.utf8))
            try sink.close()
            try staged.commit()
            Console.diagnostic("wrote the secret key to \(file) (0600); the public key is:")
            Console.data(publicKey)
        }
    }
}
