import ArgumentParser
import ClinicPipeline
import ClinicStores
import ClinicTransform

/// `clinic-etl check SOURCE`.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate a location against every constraint of the schema, writing nothing.",
        discussion: """
            Checks types, NOT NULL, lengths, choices, decimal precision, UNIQUE, foreign keys and the \
            spec's rules, and warns about inconsistent statuses. Foreign keys to tables the source \
            does not hold are not checked. Exit status: 0 valid, 65 invalid rows, 64 usage, 69/74 \
            database or file errors.

            Examples:
              clinic-etl check samples/clinic
              clinic-etl check legacy/ --report check.json --rejects legacy.rejects
              clinic-etl check legacy/ --mapping legacy.yml --encoding windows-1252
              clinic-etl check backup-2025-11.tar.gz
              clinic-etl check clinic.tar.gz.age --identity backup-key.txt
            """ + LocationForms.helpSection)

    @Argument(help: "What to check: any location (see Locations above).")
    var source: String

    @Option(help: "Only these tables, comma-separated.")
    var tables: String?

    @OptionGroup(title: "Source and target") var keys: KeyOptions

    @OptionGroup(title: "Validation") var validation: ValidationOptions

    @OptionGroup(title: "CSV files") var csv: CSVOptions

    @OptionGroup(title: "Transformation") var transform: TransformOptions

    @OptionGroup(title: "Transformation") var clock: TimeZoneOptions

    @OptionGroup var common: CommonOptions

    func run() throws {
        try auditing(common, source: source, target: nil) { record in
            common.prepare()
            // Checking writes rejects only where asked to.
            let rejects = validation.rejectsFolder(
                source: source, keep: validation.rejects != nil, modes: common.modes)
            let zone = try clock.zone()
            let secret = try keys.readPassphrase(confirm: false)
            let decryption = try keys.decryption(for: try Location(source), passphrase: secret)
            let input = try transform.openSource(
                source, now: .now(), zone: zone, decryption: decryption, csv: csv)
            let job = CopyJob(
                source: input.source, sink: nil,
                selection: try TableSelection.parse(tables), maxErrors: validation.maxErrors,
                rejects: rejects,
                progress: .terminal(quiet: common.quiet), strict: validation.isStrict(input))
            let result = try job.run()
            input.printNotes()
            TimeZoneOptions.printNote(zone)
            record.note(result)
            try validation.finish(
                result, rejects: rejects, showWritten: false, modes: common.modes,
                hint: try CSVHints.invalidRows(
                    result, source: input, location: source, csv: csv, tables: tables))
        }
    }
}
