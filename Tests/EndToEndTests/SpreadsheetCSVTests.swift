import Foundation
import TestSupport
import Testing

/// Spreadsheet exports read the psql way: --delimiter, --null, --encoding, and the same per file
/// in mappings; each hint's command is run and seen to work.
@Suite struct SpreadsheetCSVTests {
    static let header = ["id", "name", "category", "description", "created_at"]

    /// A folder with api_service.csv written with `delimiter`, `description` empty in the first row.
    func folder(_ scratch: ScratchDirectory, delimiter: String, encoding: String.Encoding = .utf8) throws
        -> String
    {
        let rows = [
            Self.header, ["1", "Cleaning", "preventive", "", "2025-01-01 00:00:00+00"],
            [
                "2", "\"Filling\(delimiter) deep\"", "restorations", "\"Señora's \"\"best\"\"\"",
                "2025-01-01 00:00:00+00",
            ],
        ]
        let text = rows.map { $0.joined(separator: delimiter) + "\r\n" }.joined()
        let path = scratch.file("in")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try #require(text.data(using: encoding)).write(to: URL(fileURLWithPath: path + "/api_service.csv"))
        return path
    }

    @Test(arguments: [(";", "';'"), ("\t", "'\\t'")])
    func aSeparatedHeaderIsNamedWithAHintAndTheHintedDelimiterWorks(delimiter: String, shown: String) throws {
        let scratch = try ScratchDirectory()
        let input = try folder(scratch, delimiter: delimiter)
        let refused = try CLI.run(["check", input])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("give --delimiter \(shown)"), "\(refused.stderr)")
        let option = delimiter == "\t" ? "\\t" : delimiter
        let hinted = try CLI.run([
            "copy", input, scratch.file("out"), "--delimiter", option, "--null", "\\N", "--quiet",
        ])
        #expect(hinted.status == 0, "\(hinted.stderr)")
        let written = try String(contentsOfFile: scratch.file("out/api_service.csv"), encoding: .utf8)
        #expect(
            written.contains("2,Filling\(delimiter) deep,restorations,\"Señora's \"\"best\"\"\",,"),
            "\(written)")
        #expect(written.contains("1,Cleaning,preventive,\"\",,"), "\(written)")
    }

    @Test func emptyCellsOfANotNullTextColumnHintNullAndTheHintWorks() throws {
        let scratch = try ScratchDirectory()
        let input = try folder(scratch, delimiter: ",")
        let refused = try CLI.run(["copy", input, "sqlite:///" + scratch.file("a.sqlite3")])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("--null '\\N' reads them as empty strings"), "\(refused.stderr)")
        let hinted = try CLI.run(["copy", input, "sqlite:///" + scratch.file("a.sqlite3"), "--null", "\\N"])
        #expect(hinted.status == 0, "\(hinted.stderr)")
        // With --null, only the NULL text is NULL: an unquoted \N in a nullable column.
        try "id,name,category,description,image,created_at\n3,X,all,x,\\N,2025-01-01 00:00:00+00\n".write(
            toFile: input + "/api_service.csv", atomically: true, encoding: .utf8)
        #expect(try CLI.run(["copy", input, scratch.file("out"), "--null", "\\N", "--quiet"]).status == 0)
        #expect(
            try String(contentsOfFile: scratch.file("out/api_service.csv"), encoding: .utf8).contains(
                "3,X,all,x,,2025"))
    }

    @Test func encodingReadsAnyCSVFolder() throws {
        let scratch = try ScratchDirectory()
        let input = try folder(scratch, delimiter: ";", encoding: .windowsCP1252)
        let refused = try CLI.run(["check", input, "--delimiter", ";", "--null", "\\N"])
        #expect(refused.status != 0)
        let read = try CLI.run([
            "copy", input, scratch.file("out"), "--delimiter", ";", "--null", "\\N", "--encoding",
            "windows-1252",
            "--quiet",
        ])
        #expect(read.status == 0, "\(read.stderr)")
        #expect(
            try String(contentsOfFile: scratch.file("out/api_service.csv"), encoding: .utf8).contains(
                "Señora"))
        let notCSV = try CLI.run(["check", scratch.file("x.tar.gz"), "--delimiter", ";"])
        #expect(notCSV.status == 64)
        #expect(notCSV.stderr.contains("--delimiter applies to a folder of CSV files"))
    }

    @Test func usDatesPointToAMappingWithFormatAndTheHintWorks() throws {
        let scratch = try ScratchDirectory()
        let input = scratch.file("in")
        try FileManager.default.createDirectory(atPath: input, withIntermediateDirectories: true)
        try "id,name,category,description,created_at\n1,Cleaning,all,x,10/31/2025 09:00\n".write(
            toFile: input + "/api_service.csv", atomically: true, encoding: .utf8)
        let refused = try CLI.run(["check", input])
        #expect(refused.status == 65)
        let hint = "`created_at: {from: created_at, format: MM/dd/yyyy HH:mm}`"
        #expect(refused.stderr.contains("--mapping FILE with \(hint)"), "\(refused.stderr)")
        try """
        tables:
          - file: api_service.csv
            table: api_service
            columns:
              id: id
              name: name
              category: category
              description: description
              created_at: {from: created_at, format: MM/dd/yyyy HH:mm}
        """.write(toFile: scratch.file("map.yml"), atomically: true, encoding: .utf8)
        let hinted = try CLI.run(["check", input, "--mapping", scratch.file("map.yml")])
        #expect(hinted.status == 0, "\(hinted.stderr)")
    }

    @Test func aMappingReadsEachFileInItsOwnDialect() throws {
        let scratch = try ScratchDirectory()
        let input = try folder(scratch, delimiter: ";", encoding: .windowsCP1252)
        let entry = """
            tables:
              - file: api_service.csv
                table: api_service
                %@
                columns:
                  id: id
                  name: name
                  category: category
                  description: {from: description, default: "-"}
                  created_at: created_at
            """
        try entry.replacingOccurrences(of: "%@", with: "encoding: windows-1252").write(
            toFile: scratch.file("plain.yml"), atomically: true, encoding: .utf8)
        let refused = try CLI.run(["check", input, "--mapping", scratch.file("plain.yml")])
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("give the file's entry delimiter: ';'"), "\(refused.stderr)")
        try entry.replacingOccurrences(of: "%@", with: "encoding: windows-1252\n    delimiter: \";\"").write(
            toFile: scratch.file("semi.yml"), atomically: true, encoding: .utf8)
        let read = try CLI.run([
            "copy", input, scratch.file("out"), "--mapping", scratch.file("semi.yml"), "--quiet",
        ])
        #expect(read.status == 0, "\(read.stderr)")
        let written = try String(contentsOfFile: scratch.file("out/api_service.csv"), encoding: .utf8)
        #expect(written.contains("Filling; deep") && written.contains("Señora"))
    }
}
