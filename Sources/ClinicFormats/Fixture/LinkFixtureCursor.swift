import ClinicPipeline
import ClinicSchema

/// The rows of a many-to-many link table, read from the lists its owner's objects carry
/// (`"groups": [1, 2]` in a user's fields), as Django's serializers write them.
///
/// Fixtures carry no ids for link rows (Django gives them their own): they are numbered in the
/// order the lists come, as `loaddata` would insert them.
final class LinkFixtureCursor: RowCursor {
    /// The owner's next object, parsed, and the line it starts on; `nil` at the end.
    typealias Objects = () throws -> (object: JSONValue, line: Int)?

    private let objects: Objects
    private let table: Table
    private let field: String
    private let positions: (id: Int, owner: Int, target: Int)
    private let fill: Row
    let location: String
    private var pending: [SourceRow] = []
    private var nextID: Int64 = 0
    private var current: Row = []

    /// Reads `table`'s rows from `objects`; `fill` is a row of the table's defaults.
    init(table: Table, objects: @escaping Objects, fill: Row, location: String) throws {
        guard let link = table.link, let positions = table.linkPositions else {
            throw ETLError(.usage, "\(table.name) is not a link table")
        }
        self.table = table
        self.objects = objects
        self.fill = fill
        self.location = location
        field = link.field
        self.positions = positions
    }

    var rawHeader: [UInt8] { CSVLine.header(table.columnNames) }
    func rawRecord() -> [UInt8] { CSVLine.encode(current) }

    func next() throws -> SourceRow? {
        while pending.isEmpty {
            guard let (object, line) = try objects() else { return nil }
            guard let list = object["fields"]?[field] else { continue }
            let owner = Self.id(object["pk"])
            guard case .array(let items) = list else {
                pending.append(row(owner: owner, target: nil, line: line, problem: "is not a list of ids"))
                continue
            }
            for item in items {
                let target = Self.id(item)
                let problem =
                    target != nil
                    ? nil
                    : "\(item.text) is not an id; natural keys in lists (dumpdata --natural-foreign) are not "
                        + "read yet, dump without them"
                pending.append(row(owner: owner, target: target, line: line, problem: problem))
            }
        }
        let row = pending.removeFirst()
        current = row.values
        return row
    }

    private func row(owner: Int64?, target: Int64?, line: Int, problem: String?) -> SourceRow {
        nextID += 1
        var values = fill
        values[positions.id] = .integer(nextID)
        values[positions.owner] = owner.map(Value.integer) ?? .null
        values[positions.target] = target.map(Value.integer) ?? .null
        var row = SourceRow(values: values, line: line)
        if let problem {
            row.problems.append(
                FieldProblem(column: table.columns[positions.target].name, rule: .type, message: problem))
        }
        if owner == nil {
            row.problems.append(
                FieldProblem(
                    column: table.columns[positions.owner].name, rule: .type,
                    message: "the \(field) list belongs to an object without an integer pk"))
        }
        return row
    }

    /// An id as fixtures write it: a number, or a string of digits.
    private static func id(_ value: JSONValue?) -> Int64? {
        switch value {
        case .number(let text), .string(let text): Int64(text)
        default: nil
        }
    }
}
