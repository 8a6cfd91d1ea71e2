import ClinicPipeline
import Foundation

/// The recipients `.age` targets are encrypted to.
public struct AgeEncryption: Sendable {
    /// Everyone who can open the file.
    public let recipients: [AgeRecipient]

    /// Encrypts to `recipients`; a passphrase must stand alone, as age requires.
    public init(recipients: [AgeRecipient]) {
        self.recipients = recipients
    }

    /// Reads an age recipients file: one `age1…` per line, `#` comments and blank lines allowed.
    public static func recipients(fromFile path: String) throws -> [AgeRecipient] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ETLError(.usage, "cannot read the recipients file").at(location: path)
        }
        var found: [AgeRecipient] = []
        let text = String(decoding: data, as: UTF8.self)
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            do {
                found.append(try AgeRecipient(parsing: trimmed))
            } catch let error as ETLError {
                throw error.at(location: path, line: number + 1)
            }
        }
        guard !found.isEmpty else {
            throw ETLError(.usage, "the recipients file holds no age1… public key").at(location: path)
        }
        return found
    }

    /// An `AgeWriter` onto `sink`.
    public func writer(_ sink: any ByteSink) throws -> AgeWriter {
        try AgeWriter(sink, recipients: recipients)
    }
}
