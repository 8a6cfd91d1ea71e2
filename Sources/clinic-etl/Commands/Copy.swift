import ArgumentParser
import ClinicFormats
import ClinicPipeline
import ClinicSchema
import ClinicStores
import ClinicTransform

/// `clinic-etl copy SOURCE TARGET`.
struct Copy: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy every table from one location to another, in one transaction.",
        discussion: """
            Tables are copied in foreign-key order. The target is written whole or not at all: a \
            database load is one transaction, a CSV folder appears only when complete. Every row is \
            validated first (see `clinic-etl check`); by default one invalid row means nothing is \
            written. With --on-error reject, valid rows are loaded and invalid ones (and rows that \
            reference them) go to a rejects folder, exactly as they were, with _reasons.csv. \
            Files and folders are written owner-only (--file-mode) and an existing one is replaced \
            only with --force. A target or source named ….age (an archive or fixture) is encrypted \
            in the age format (age-encryption.org/v1; `age -d -i key.txt` opens it) to --recipient / \
            --recipients-file or --passphrase, and decrypted with --identity or --passphrase; an \
            encrypted source is authenticated whole before anything is written.

            Exit status: 0 clean, 3 loaded with rejects, 65 invalid data (nothing written), \
            64 usage, 69 database error, 73 target not empty, 74 file error, 75 another load into \
            the database is running, 130 interrupted (129 after SIGHUP).

            Examples:
              clinic-etl copy samples/clinic sqlite:///clinic.sqlite3
              clinic-etl copy sqlite:///db.sqlite3 "$DATABASE_URL" --truncate
              clinic-etl copy postgresql://app@db.internal/clinic dump/ --compress
              clinic-etl copy legacy/ "$DATABASE_URL" --on-error reject --report load.json
              clinic-etl copy legacy/ "$DATABASE_URL" --mapping legacy.yml --mode upsert
              clinic-etl copy "$DATABASE_URL" backup-2025-11.tar.gz
              clinic-etl copy "$DATABASE_URL" clinic.tar.gz.age --recipient age1…
              clinic-etl copy "$DATABASE_URL" b.tar.gz.age --recipients-file backup-key.pub
              clinic-etl copy clinic.tar.gz.age "$DATABASE_URL" --identity backup-key.txt
              CLINIC_ETL_PASSPHRASE=… clinic-etl copy dump/ fixture.json.age --passphrase
              clinic-etl copy "$DATABASE_URL" monthly/ --since 2025-10-01T00:00:00+08:00
              clinic-etl copy "$DATABASE_URL" changes.jsonl.gz --state state.json --force
              clinic-etl copy "$DATABASE_URL" test.sqlite3 --anonymize --anonymize-key "$K"
              clinic-etl copy "$DATABASE_URL" b.tar.gz --force --audit-log audit.jsonl
              clinic-etl copy sqlite:///db.sqlite3 fixture.json
              clinic-etl copy "$DATABASE_URL" big-dump.gz --format jsonl
            """ + LocationForms.helpSection)

    @Argument(help: "Where to read: any location (see Locations above).")
    var source: String

    @Argument(help: "Where to write: any location but a pg_dump file (see Locations above).")
    var target: String

    @OptionGroup(title: "Source and target") var targeting: TargetOptions

    @OptionGroup(title: "Source and target") var recipients: RecipientOptions

    @OptionGroup(title: "Source and target") var keys: KeyOptions

    @OptionGroup(title: "Loading") var load: LoadOptions

    @OptionGroup(title: "Loading") var extract: ExtractOptions

    @OptionGroup(title: "Validation") var validation: ValidationOptions

    @OptionGroup(title: "Transformation") var transform: TransformOptions

    @OptionGroup(title: "Transformation") var clock: TimeZoneOptions

    @OptionGroup(title: "Transformation") var anonymizing: AnonymizeOptions

    @OptionGroup(title: "CSV files") var csv: CSVOptions

    @OptionGroup var common: CommonOptions

    func validate() throws {
        let (truncate, append, force, mode) = (load.truncate, load.append, targeting.force, load.mode)
        if truncate && append { throw ValidationError("--truncate and --append exclude each other") }
        if force && append { throw ValidationError("--force and --append exclude each other") }
        if let mode, truncate || append {
            throw ValidationError(
                "--mode \(mode.rawValue) and --\(truncate ? "truncate" : "append") exclude each other")
        }
        if force, let mode, mode != .truncate {
            throw ValidationError("--force replaces the target; it excludes --mode \(mode.rawValue)")
        }
    }

    func run() throws {
        try auditing(common, source: source, target: target) { record in
            common.prepare()
            let rejects = validation.rejectsFolder(
                source: source, keep: validation.onError == .reject, modes: common.modes)
            let (truncate, append, force, mode) = (load.truncate, load.append, targeting.force, load.mode)
            let location = try Location(target, format: targeting.format)
            if force && !location.isFile {
                throw ETLError(
                    .usage, "--force replaces files and folders; \(location) is a database",
                    hint: "use --truncate to empty its tables first")
            }
            let from = try Location(source)
            let encrypting = if case .encrypted = location { true } else { false }
            let secret = try keys.readPassphrase(confirm: encrypting && !recipients.given)
            let plain = try location.openSink(
                compress: targeting.compress, modes: common.modes,
                encryption: try recipients.encryption(for: location, passphrase: secret))
            // Hashing every row costs time; only the audit log asks for it.
            let checksums = common.auditLog == nil ? nil : ChecksummingSink(plain)
            let zone = try clock.zone()
            let input = try transform.openSource(
                source, now: .now(), zone: zone,
                decryption: try keys.decryption(for: from, passphrase: secret), csv: csv)
            input.attach(checksums ?? plain)
            let incremental = try extract.restrict(input.origin)
            let job = CopyJob(
                source: anonymizing.wrap(input.source), sink: checksums ?? plain,
                selection: try TableSelection.parse(load.tables),
                mode: mode ?? (truncate || force ? .truncate : append ? .append : .insert),
                policy: validation.onError,
                maxErrors: validation.maxErrors, rejects: rejects, progress: .terminal(quiet: common.quiet),
                strict: validation.isStrict(input))
            let result = try job.run()
            input.printNotes()
            TimeZoneOptions.printNote(zone)
            try extract.finish(result, run: incremental, modes: common.modes)
            record.note(result, checksums: checksums)
            try validation.finish(
                result, rejects: rejects, showWritten: true, modes: common.modes,
                hint: try CSVHints.invalidRows(
                    result, source: input, location: source, csv: csv, tables: load.tables))
        }
    }
}

/// Parsing `--tables`.
enum TableSelection {
    /// Table names from a comma-separated list, accepting `api_user` or `user`.
    static func parse(_ list: String?, catalog: Catalog = .clinic) throws -> Set<String>? {
        guard let list else { return nil }
        var names: Set<String> = []
        for item in list.split(separator: ",") {
            let name = item.trimmingCharacters(in: .whitespaces)
            guard let table = catalog.table(named: name) else {
                let full = catalog.tables.map(\.name)
                let short = full.map { $0.hasPrefix("api_") ? String($0.dropFirst(4)) : $0 }
                let suggestion = NameSuggestion.closest(
                    to: name, among: name.hasPrefix("api_") ? full : short + full)
                throw ETLError(
                    .usage,
                    "unknown table \"\(name)\"" + (suggestion.map { "; did you mean \"\($0)\"?" } ?? ""),
                    hint: "the tables are: \(full.joined(separator: ", "))")
            }
            names.insert(table.name)
        }
        return names
    }
}
