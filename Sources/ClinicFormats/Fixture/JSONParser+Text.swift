import ClinicPipeline

extension JSONParser {
    /// Parses a whole JSON text held in memory (a JSON column's value); trailing bytes other than
    /// whitespace are an error.
    public static func value(parsing text: String) throws -> JSONValue {
        try Array(text.utf8).withUnsafeBufferPointer { bytes in
            var input = BufferInput(bytes)
            let value = try JSONParser.value(from: &input)
            guard try skipSpace(&input) == nil else { throw ETLError(.badValue, "text after the JSON value") }
            return value
        }
    }
}
