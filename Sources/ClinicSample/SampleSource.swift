import ClinicPipeline
import ClinicSchema

/// The sample data set as a source: every table is generated row by row as it is read, so any
/// size streams in constant memory.
public final class SampleSource: Source {
    private let generator: SampleGenerator

    public var displayName: String {
        "sample(patients: \(generator.plan.patients), seed: \(generator.plan.seed))"
    }

    /// Generates the data set described by `plan`.
    public init(plan: SamplePlan) {
        generator = SampleGenerator(plan: plan)
    }

    public func availableTables() throws -> Set<String> { Set(Catalog.clinic.appTables.map(\.name)) }

    public func open(_ table: Table) throws -> any RowCursor {
        SampleCursor(generator: generator, table: table)
    }

    public func close() {}
}

/// Rows 1…n of one table.
final class SampleCursor: RowCursor {
    private let generator: SampleGenerator
    private let table: Table
    private let count: Int
    private var id = 0
    private var current: Row = []
    /// For each of the table's columns, the position of its field in what the generator makes.
    private var positions: [Int] = []

    var location: String { "sample" }
    var rawHeader: [UInt8] { CSVLine.header(table.columnNames) }
    func rawRecord() -> [UInt8] { CSVLine.encode(current) }

    init(generator: SampleGenerator, table: Table) {
        self.generator = generator
        self.table = table
        count = generator.plan.rowCount(table.name)
    }

    func next() throws -> SourceRow? {
        guard id < count else { return nil }
        id += 1
        let fields = generator.row(table.name, id: id)
        if id == 1 {
            // The generators name their fields so a mismatch with the catalog is caught, not loaded.
            let names = fields.map(\.0)
            guard names.count == table.columns.count, Set(names) == Set(table.columnNames) else {
                throw ETLError(.usage, "sample generator out of step with the schema").at(table: table.name)
            }
            positions = table.columnNames.compactMap { names.firstIndex(of: $0) }
        }
        current = positions.map { fields[$0].1 }
        return SourceRow(values: current)
    }
}
