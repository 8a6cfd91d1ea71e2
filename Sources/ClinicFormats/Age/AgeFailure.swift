import ClinicPipeline

/// The errors an age file can give, worded for people: what is wrong and what to do next.
///
/// None holds a key, a passphrase or decrypted bytes.
enum AgeFailure {
    /// What to do about a damaged file.
    static let damaged = "the file is damaged or was altered; use another copy of the backup"

    /// A header that does not follow the format.
    static func header(_ what: String) -> ETLError {
        ETLError(.badInput, "the age header is malformed: \(what)", hint: damaged)
    }

    /// No identity given opens any stanza.
    static func noIdentity(_ stanzas: [AgeStanza]) -> ETLError {
        let passphrase = stanzas.contains { $0.type == "scrypt" }
        return ETLError(
            .badInput,
            passphrase
                ? "the file is encrypted with a passphrase"
                : "none of the given identities can decrypt the file (it was encrypted to other keys)",
            hint: passphrase
                ? "pass --passphrase (it is read from $CLINIC_ETL_PASSPHRASE or asked for on the terminal)"
                : "pass --identity with the secret key file whose public key the backup was encrypted to")
    }

    /// The header MAC does not match: the header was altered after it was written.
    static let mac = ETLError(
        .badInput, "the age header was altered: its MAC does not match the file key", hint: damaged)

    /// A payload chunk fails authentication.
    static func chunk(_ index: UInt64, atEnd: Bool) -> ETLError {
        ETLError(
            .badInput,
            atEnd
                ? "the encrypted data is cut short or altered: chunk \(index) is not a valid final chunk"
                : "the encrypted data was altered: chunk \(index) fails authentication",
            hint: damaged)
    }

    /// The payload ends before its final chunk, or before the nonce.
    static let truncated = ETLError(
        .badInput, "the encrypted file is cut short: it ends before its final chunk",
        hint: "the copy is incomplete; use a complete one")
}
