import CLibPQ
import ClinicPipeline

/// A PostgreSQL error as our own message: what was refused, and where (table, COPY line,
/// column, constraint), with the SQLSTATE.
///
/// The server's DETAIL ("Failing row contains (…)", "Key (email)=(…)") and CONTEXT ("COPY
/// api_user, line 1: "…"") quote whole rows, password hashes and patients' notes included,
/// and the messages of data exceptions quote the value ("invalid input syntax for type integer:
/// "…""). None of them reach a message, which goes to the terminal and into the audit log: only
/// the place is kept, parsed from CONTEXT's leading `COPY table, line n, column c`.
struct ServerError {
    var sqlState: String?
    var message: String
    var table: String?
    var column: String?
    var constraint: String?
    var type: String?
    var context: String?

    /// The fields of a failed result.
    init(_ result: PGResult) {
        sqlState = result.errorField(UInt8(ascii: "C"))
        // libpq's own errors ("server closed the connection unexpectedly") have no fields.
        message = result.errorField(UInt8(ascii: "M")) ?? Self.clientMessage(result)
        table = result.errorField(UInt8(ascii: "t"))
        column = result.errorField(UInt8(ascii: "c"))
        constraint = result.errorField(UInt8(ascii: "n"))
        type = result.errorField(UInt8(ascii: "d"))
        context = result.errorField(UInt8(ascii: "W"))
    }

    private static func clientMessage(_ result: PGResult) -> String {
        var text = PQresultErrorMessage(result.handle).map { String(cString: $0) } ?? ""
        while text.last?.isWhitespace == true { text.removeLast() }
        return text.isEmpty ? "the server refused the statement" : text
    }

    /// Where in a COPY the server was: its table, the 1-based line of its data and the column.
    var copyPlace: (table: String, line: Int, column: String?)? {
        guard let context, let match = context.firstMatch(of: Self.copyContext) else { return nil }
        let (_, table, line, column) = match.output
        guard let number = Int(line) else { return nil }
        return (String(table), number, column.map(String.init))
    }

    nonisolated(unsafe) private static let copyContext =
        #/COPY ([A-Za-z0-9_]+), line ([0-9]+)(?:, column ([A-Za-z0-9_]+))?/#

    /// The error to show and log.
    var error: ETLError {
        let place = copyPlace
        let table = self.table ?? place?.table
        let column = self.column ?? place?.column
        var text = what
        if let place { text = "line \(place.line) of the COPY: " + text }
        var error = ETLError(.database, text)
        error.sqlState = sqlState
        return error.at(table: table, column: column)
    }

    /// The message, in our words for the classes whose server text can hold a value (22, data
    /// exceptions) or come with one in DETAIL (23, integrity constraints); the server's own
    /// otherwise, which names a statement's objects, never a row's values.
    private var what: String {
        let named = constraint.map { " (constraint \($0))" } ?? ""
        let typed = type.map { " (type \($0))" } ?? ""
        switch sqlState ?? "" {
        case "23505": return "a value that must be unique appears twice\(named)"
        case "23503": return "a reference to a row that does not exist\(named)"
        case "23502": return "a NULL where the column is NOT NULL\(named)"
        case "23514": return "a row breaks a check\(named)"
        case "23P01": return "a row conflicts with another one\(named)"
        case "22001": return "a value is too long for the column\(typed)"
        case "22003": return "a number is out of range for the column\(typed)"
        case "22P02": return "a value is not valid for the column's type\(typed)"
        case "22007", "22008": return "a date or time is not valid or out of range\(typed)"
        case "22021": return "a value holds bytes that are not valid in the database's encoding"
        case "22P04", "22P05": return "a line of the COPY data is malformed"
        case let state where state.hasPrefix("22"): return "the server refused a value\(typed)"
        case let state where state.hasPrefix("23"): return "the server refused a row\(named)"
        default: return message
        }
    }
}
