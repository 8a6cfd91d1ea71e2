import ClinicPipeline
import ClinicSchema

/// Streams one table of a source for a report: rows as values, looked up by column name.
struct TableReader {
    let source: any Source
    let available: Set<String>
    var notes: [String] = []

    /// Calls `body` for every readable row of `name`; false when the source lacks the table.
    mutating func each(_ name: String, _ body: (Fields) throws -> Void) throws -> Bool {
        guard available.contains(name), let table = Catalog.clinic.table(named: name) else {
            notes.append("\(name) is not in the source; its figures are empty")
            return false
        }
        let cursor = try source.open(table)
        let fields = Fields(table: table)
        var skipped = 0
        var read = 0
        while let row = try cursor.next() {
            // A report writes nothing until every table is read; a signal stops it here.
            read += 1
            if read & 1023 == 0 { try Interrupt.check() }
            guard row.problems.isEmpty else {
                skipped += 1
                continue
            }
            fields.values = row.values
            try body(fields)
        }
        try Interrupt.check()
        if skipped > 0 {
            notes.append("\(skipped) unreadable rows of \(name) were left out (run `clinic-etl check`)")
        }
        return true
    }
}

/// One row's values by column name; the names come from the catalog, so a miss is a programming error.
final class Fields {
    private let positions: [String: Int]
    var values: Row = []

    init(table: Table) {
        positions = Dictionary(uniqueKeysWithValues: table.columns.enumerated().map { ($1.name, $0) })
    }

    subscript(_ name: String) -> Value {
        guard let i = positions[name] else { preconditionFailure("no column \(name)") }
        return values[i]
    }

    func int(_ name: String) -> Int64? {
        if case .integer(let n) = self[name] { return n }
        return nil
    }

    func text(_ name: String) -> String {
        if case .text(let s) = self[name] { return s }
        return ""
    }

    func money(_ name: String) -> Money {
        if case .decimal(let d) = self[name] { return Money(d) }
        return .zero
    }

    func date(_ name: String) -> LocalDate? {
        if case .date(let d) = self[name] { return d }
        return nil
    }

    func time(_ name: String) -> LocalTime? {
        if case .time(let t) = self[name] { return t }
        return nil
    }

    func stamp(_ name: String) -> Timestamp? {
        if case .timestamp(let t) = self[name] { return t }
        return nil
    }

    func bool(_ name: String) -> Bool {
        if case .boolean(let b) = self[name] { return b }
        return false
    }
}
