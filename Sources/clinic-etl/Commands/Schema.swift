import ArgumentParser
import ClinicPipeline
import ClinicSchema
import ClinicStores

/// `clinic-etl schema`.
struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the DDL of the 19 tables, or create them in an empty database.",
        discussion: """
            The DDL matches what the app's Django migrations create. Tables are listed in \
            foreign-key order.

            Examples:
              clinic-etl schema --dialect sqlite
              clinic-etl schema --create postgresql://postgres@localhost/clinic
              clinic-etl schema --personal
            """)

    @Option(help: "The SQL dialect to print: postgres or sqlite.")
    var dialect: SQLDialect = .postgres

    @Option(help: "Create the tables in this database (PostgreSQL or SQLite) instead of printing.")
    var create: String?

    @Option(help: "Only these tables, comma-separated.")
    var tables: String?

    @Flag(help: "List the columns that hold personal data, which `copy --anonymize` replaces.")
    var personal = false

    @Flag(name: .shortAndLong, help: "With --create, print nothing on success.")
    var quiet = false

    func run() throws {
        try reportingErrors {
            Console.configure(quiet: quiet, json: false)
            let selection = try TableSelection.parse(tables)
            if personal {
                for table in Catalog.clinic.loadOrder(selecting: selection) {
                    for column in table.columns {
                        guard let kind = column.personal else { continue }
                        Console.data("\(table.name).\(column.name)\t\(kind.rawValue)")
                    }
                }
                return
            }
            guard let create else {
                for statement in Catalog.clinic.ddl(dialect, tables: selection) {
                    Console.data(statement + ";\n")
                }
                return
            }
            let location = try Location(create)
            let created = try SchemaCreator.create(at: location, tables: selection)
            Console.result("created \(Counting.count(created.count, "table")) in \(location)")
        }
    }
}

extension SQLDialect: ExpressibleByArgument {}
