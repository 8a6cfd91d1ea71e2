import ClinicPipeline
import ClinicSchema

/// Turns CSV records into rows of one table.
public final class CSVRowCursor: RowCursor {
    private let reader: CSVReader
    private let table: Table
    private let binding: ColumnBinding

    /// Reads rows whose fields are named by `binding` (from a header or a known column list).
    public init(reader: CSVReader, table: Table, binding: ColumnBinding) {
        self.reader = reader
        self.table = table
        self.binding = binding
    }

    /// Reads the header line of `reader` and binds it to `table`.
    public convenience init(readingHeaderOf reader: CSVReader, table: Table, now: Timestamp) throws {
        guard try reader.nextRecord() else {
            throw ETLError(.badInput, "the file is empty; expected a header line")
                .at(location: reader.name, line: 1, table: table.name)
        }
        let names = try reader.strings()
        do {
            let binding = try ColumnBinding(table: table, names: names, now: now)
            self.init(reader: reader, table: table, binding: binding)
        } catch {
            throw error.at(location: reader.name, line: reader.recordLine)
        }
    }

    public func next() throws -> Row? {
        guard try reader.nextRecord() else { return nil }
        guard reader.fieldCount == binding.fieldCount else {
            throw ETLError(
                .badInput, "row has \(reader.fieldCount) fields but the header has \(binding.fieldCount)"
            ).at(location: reader.name, line: reader.recordLine, table: table.name)
        }
        var row = binding.fill
        for (i, column) in table.columns.enumerated() {
            guard let index = binding.sourceIndex[i] else { continue }
            let bytes = reader.field(index)
            if bytes.isEmpty && !reader.isQuoted(index) { continue }  // NULL: `fill` holds .null here
            do {
                row[i] = try Value.parse(bytes, for: column)
            } catch {
                throw error.at(
                    location: reader.name, line: reader.recordLine, table: table.name, column: column.name)
            }
        }
        return row
    }
}
