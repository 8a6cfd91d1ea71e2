import ClinicPipeline
import ClinicSchema

/// The rows of a many-to-many link table, read from the lists its owner's objects carry
/// (`"groups": [1, 2]` in a user's fields), as Django's serializers write them.
///
/// Fixtures carry no ids for link rows (Django gives them their own): they are numbered in the
/// order the lists come, as `loaddata` would insert them.
final class LinkFixtureCursor: RowCursor {
    /// The owner's next object, parsed, the line it starts on and its position among the fixture's
    /// objects; `nil` at the end.
    typealias Objects = () throws -> (object: JSONValue, line: Int, index: Int)?

    private let objects: Objects
    private let keys: NaturalKeys
    /// The tables the owner and the list's items are rows of.
    private let ownerTable: String
    private let targetTable: String
    /// The model the list names, for messages.
    private let targetModel: String
    private let table: Table
    private let field: String
    private let positions: (id: Int, owner: Int, target: Int)
    private let fill: Row
    let location: String
    private var pending: [SourceRow] = []
    private var nextID: Int64 = 0
    private var current: Row = []

    /// Reads `table`'s rows from `objects`; `fill` is a row of the table's defaults.
    init(table: Table, objects: @escaping Objects, keys: NaturalKeys, fill: Row, location: String) throws {
        guard let link = table.link, let positions = table.linkPositions,
            let target = table.columns[positions.target].references?.table
        else {
            throw ETLError(.usage, "\(table.name) is not a link table")
        }
        self.keys = keys
        ownerTable = link.owner
        targetTable = target
        targetModel = link.target
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
            guard let (object, line, index) = try objects() else { return nil }
            guard let list = object["fields"]?[field] else { continue }
            let owner =
                try NaturalKeys.integer(object["pk"]) ?? keys.generatedPK(of: ownerTable, index: index)
            guard case .array(let items) = list else {
                pending.append(
                    row(owner: owner, target: nil, line: line, problem: (.type, "is not a list of ids")))
                continue
            }
            for item in items {
                if case .array = item {
                    let target = try keys.id(of: targetTable, key: item)
                    let problem =
                        "the natural key \(item.text) names no \(targetModel) in the fixture or the target"
                    pending.append(
                        row(
                            owner: owner, target: target, line: line,
                            problem: target == nil ? (.foreignKey, problem) : nil))
                } else {
                    let target = NaturalKeys.integer(item)
                    pending.append(
                        row(
                            owner: owner, target: target, line: line,
                            problem: target == nil ? (.type, "\(item.text) is not an id") : nil))
                }
            }
        }
        let row = pending.removeFirst()
        current = row.values
        return row
    }

    private func row(owner: Int64?, target: Int64?, line: Int, problem: (rule: Rule, message: String)?)
        -> SourceRow
    {
        nextID += 1
        var values = fill
        values[positions.id] = .integer(nextID)
        values[positions.owner] = owner.map(Value.integer) ?? .null
        values[positions.target] = target.map(Value.integer) ?? .null
        var row = SourceRow(values: values, line: line)
        if let problem {
            row.problems.append(
                FieldProblem(
                    column: table.columns[positions.target].name, rule: problem.rule, message: problem.message
                ))
        }
        if owner == nil {
            row.problems.append(
                FieldProblem(
                    column: table.columns[positions.owner].name, rule: .type,
                    message: "the \(field) list belongs to an object without an integer pk"))
        }
        return row
    }
}
