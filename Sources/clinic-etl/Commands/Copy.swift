import ArgumentParser
import ClinicPipeline
import ClinicSchema
import ClinicStores

/// `clinic-etl copy SOURCE TARGET`.
struct Copy: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy every table from one location to another, in one transaction.",
        discussion: """
            Tables are copied in foreign-key order. The target is written whole or not at all: a
            database load is one transaction, a CSV folder appears only when complete.

            Examples:
              clinic-etl copy samples/clinic sqlite:///clinic.sqlite3
              clinic-etl copy sqlite:///db.sqlite3 "$DATABASE_URL" --truncate
              clinic-etl copy postgresql://app@db.internal/clinic dump/ --compress
            """)

    @Argument(help: "Where to read: a PostgreSQL URL, an SQLite URL or file, or a CSV folder.")
    var source: String

    @Argument(help: "Where to write: a PostgreSQL URL, an SQLite URL or file, or a CSV folder.")
    var target: String

    @Option(help: "Only these tables, comma-separated (api_user or user).")
    var tables: String?

    @Flag(help: "Empty the target tables first, in the same transaction.")
    var truncate = false

    @Flag(help: "Add to tables that already hold rows.")
    var append = false

    @Flag(help: "Write api_<table>.csv.gz instead of .csv into a CSV folder.")
    var compress = false

    @OptionGroup var common: CommonOptions

    func validate() throws {
        if truncate && append { throw ValidationError("--truncate and --append exclude each other") }
    }

    func run() throws {
        try reportingErrors {
            Interrupt.install()
            let now = Timestamp.now()
            let source = try Location(source).openSource(now: now)
            let job = CopyJob(
                source: source, sink: try Location(target).openSink(compress: compress),
                selection: try TableSelection.parse(tables),
                mode: truncate ? .truncate : append ? .append : .insert,
                progress: .terminal(quiet: common.quiet))
            let summary = try job.run()
            print(summary.rendered)
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
                throw ETLError(
                    .usage, "unknown table \"\(name)\"",
                    hint: "the tables are: \(catalog.tables.map(\.name).joined(separator: ", "))")
            }
            names.insert(table.name)
        }
        return names
    }
}
