import ArgumentParser
import ClinicPipeline
import ClinicTransform
import Foundation

/// `--anonymize`: a copy with personal data replaced, for testing on realistic data.
struct AnonymizeOptions: ParsableArguments {
    @Flag(
        help:
            "Replace personal data (the columns `clinic-etl schema --personal` lists) with deterministic pseudonyms."
    )
    var anonymize = false

    @Option(
        help: ArgumentHelp(
            "The secret the pseudonyms derive from (or $CLINIC_ETL_ANONYMIZE_KEY); the same key gives the "
                + "same copy. Without one, a random key is used.",
            valueName: "key"))
    var anonymizeKey: String?

    func validate() throws {
        if anonymizeKey != nil && !anonymize { throw ValidationError("--anonymize-key needs --anonymize") }
    }

    /// `source`, anonymized when asked.
    func wrap(_ source: any Source) -> any Source {
        guard anonymize else { return source }
        let key = anonymizeKey ?? ProcessInfo.processInfo.environment["CLINIC_ETL_ANONYMIZE_KEY"]
        if key == nil {
            Console.diagnostic(
                "note: no --anonymize-key given; a random key is used, so another run gives other pseudonyms")
        }
        let secret = key ?? (0..<4).map { _ in String(UInt64.random(in: .min ... .max), radix: 16) }.joined()
        return AnonymizingSource(source, anonymizer: Anonymizer(key: secret))
    }
}
