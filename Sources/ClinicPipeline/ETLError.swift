/// The one error type of the pipeline: what went wrong, where, and what to do next.
///
/// `description` names the place (file, line, table, column) and the rule; it never holds a
/// password. Data values appear only where they are what the user must fix.
public struct ETLError: Error, CustomStringConvertible, Sendable {
    /// Broad classes of failure, which decide the exit status.
    public enum Code: Sendable {
        /// The command line or a location is wrong.
        case usage
        /// A file is malformed (CSV syntax, gzip, encoding, header).
        case badInput
        /// A value does not fit its column.
        case badValue
        /// The database refused or failed.
        case database
        /// Reading or writing a file failed.
        case io
        /// The target already holds data and no mode was given.
        case targetNotEmpty
        /// Validation found invalid rows and the run was aborted.
        case invalidData
        /// The user or the system stopped the run.
        case interrupted
        /// Another run holds the target; trying again later can work.
        case busy
    }

    /// The class of failure.
    public var code: Code
    /// What went wrong, in one sentence.
    public var message: String
    /// What to do next, when there is something useful to say.
    public var hint: String?
    /// The file or location the error happened in (never with a password).
    public var location: String?
    /// The 1-based line in `location`, for text inputs.
    public var line: Int?
    /// The table being processed.
    public var table: String?
    /// The column being processed.
    public var column: String?
    /// PostgreSQL's SQLSTATE, for database errors.
    public var sqlState: String?
    /// The validation rule a value broke, for value errors.
    public var rule: Rule?

    /// Creates an error; add context with the `with…` helpers as it travels up.
    public init(_ code: Code, _ message: String, hint: String? = nil) {
        self.code = code
        self.message = message
        self.hint = hint
    }

    /// The error with the location filled in when it was not known yet.
    public func at(location: String? = nil, line: Int? = nil, table: String? = nil, column: String? = nil)
        -> ETLError
    {
        var copy = self
        copy.location = copy.location ?? location
        copy.line = copy.line ?? line
        copy.table = copy.table ?? table
        copy.column = copy.column ?? column
        return copy
    }

    public var description: String {
        var place: [String] = []
        if let location { place.append(line.map { "\(location):\($0)" } ?? location) }
        if let table { place.append(column.map { "\(table).\($0)" } ?? table) }
        var text = place.isEmpty ? message : place.joined(separator: ": ") + ": " + message
        if let sqlState { text += " (SQLSTATE \(sqlState))" }
        if let hint { text += "\n  hint: \(hint)" }
        return text
    }

    /// The process exit status for this error.
    public var exitStatus: Int32 {
        switch code {
        case .usage: 64
        case .badInput, .badValue: 65
        case .database: 69
        case .io: 74
        case .targetNotEmpty: 73
        case .invalidData: 65
        case .interrupted: Interrupt.exitStatus
        case .busy: 75
        }
    }
}

extension Error {
    /// Adds context when this is an `ETLError`; other errors pass through unchanged.
    public func at(location: String? = nil, line: Int? = nil, table: String? = nil, column: String? = nil)
        -> any Error
    {
        guard let error = self as? ETLError else { return self }
        return error.at(location: location, line: line, table: table, column: column)
    }
}
