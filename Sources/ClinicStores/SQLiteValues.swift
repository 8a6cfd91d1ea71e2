import CSQLite3
import ClinicPipeline
import ClinicSchema
import Foundation

/// Converting between values and what Django's SQLite backend stores: booleans as 0/1, decimals in
/// NUMERIC-affinity columns (so `150.00` comes back as the integer 150 and `150.50` as the real
/// 150.5), datetimes as UTC text without an offset.
enum SQLiteValues {
    /// Reads column `index` of the current row as a value of `column`'s type.
    static func read(_ statement: SQLiteStatement, _ index: Int32, as column: Column) throws(ETLError)
        -> Value
    {
        switch statement.type(index) {
        case SQLITE_NULL:
            return .null
        case SQLITE_INTEGER:
            let n = statement.int64(index)
            if column.type == .boolean { return .boolean(n != 0) }
            return try Value.parse(String(n), for: column)
        case SQLITE_FLOAT:
            let x = statement.double(index)
            if case .decimal(_, let scale) = column.type {
                // The shortest text that reads back as this double is the decimal Django wrote;
                // a value another program stored with more digits is rounded to the scale, as Django does.
                if let value = try? Value.parse(x.description, for: column) { return value }
                return try Value.parse(String(format: "%.\(scale)f", x), for: column)
            }
            return try Value.parse(x.description, for: column)
        default:
            return try Value.parse(statement.bytes(index), for: column)
        }
    }

    /// Binds `value` at parameter `index` the way Django writes it.
    static func bind(_ value: Value, to statement: SQLiteStatement, at index: Int32) {
        switch value {
        case .null: statement.bindNull(index)
        case .integer(let n): statement.bind(index, n)
        case .boolean(let b): statement.bind(index, b ? 1 : 0)
        case .text(let s), .json(let s): statement.bind(index, s)
        case .decimal(let d): statement.bind(index, d.description)
        case .date, .time, .timestamp: statement.bind(index, value.djangoSQLiteText ?? "")
        }
    }
}
