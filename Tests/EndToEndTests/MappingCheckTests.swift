import Foundation
import TestSupport
import Testing

/// Mappings are checked (unknown keys, values in every error), and a mapped run's rejects reload
/// with the same mapping.
@Suite struct MappingCheckTests {
    static let legacy = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("samples/legacy").path

    /// The legacy mapping with `from` replaced by `to`.
    func mapping(_ scratch: ScratchDirectory, replacing from: String, with to: String) throws -> String {
        let text = try String(contentsOfFile: Self.legacy + "/legacy.yml", encoding: .utf8)
        #expect(text.contains(from))
        let path = scratch.file("legacy.yml")
        try text.replacingOccurrences(of: from, with: to).write(
            toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test(arguments: [
        (
            "format: MM/dd/yyyy}", "formt: MM/dd/yyyy}", "unknown key \"formt\" (value \"MM/dd/yyyy\")",
            "(did you mean format?)"
        ),
        (
            "    key: Patient No", "    kye: Patient No",
            "unknown key \"kye\" (value \"Patient No\") in tables[1]", "(did you mean key?)"
        ),
        ("case: lower", "case: lowr", "(value \"lowr\")", "TextCase"),
    ])
    func mappingErrorsNameTheKeyAndShowTheValue(from: String, to: String, message: String, more: String)
        throws
    {
        let scratch = try ScratchDirectory()
        let path = try mapping(scratch, replacing: from, with: to)
        let result = try CLI.run(["check", Self.legacy, "--mapping", path])
        #expect(result.status == 64)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.contains(more), "\(result.stderr)")
    }

    @Test func rejectsOfAMappedRunAreNamedAfterTheirFilesAndReloadWithTheSameMapping() throws {
        let scratch = try ScratchDirectory()
        let db = "sqlite:///" + scratch.file("legacy.sqlite3")
        let mapping = Self.legacy + "/legacy.yml"
        let first = try CLI.run([
            "copy", Self.legacy, db, "--mapping", mapping, "--on-error", "reject", "--rejects",
            scratch.file("rj"),
            "--quiet",
        ])
        #expect(first.status == 3, "\(first.stderr)")
        #expect(Fixtures.listing(scratch.file("rj")) == ["_reasons.csv", "appointments.csv", "patients.csv"])
        let original = try #require(
            String(
                data: try Data(contentsOf: URL(fileURLWithPath: Self.legacy + "/patients.csv")),
                encoding: .isoLatin1))
        let patients = try String(contentsOfFile: scratch.file("rj/patients.csv"), encoding: .utf8)
        let header = try #require(original.split(whereSeparator: \.isNewline).first)
        #expect(patients.hasPrefix(header + "\r\n") || patients.hasPrefix(header + "\n"))
        let reasons = try String(contentsOfFile: scratch.file("rj/_reasons.csv"), encoding: .utf8)
        let lines = reasons.split(separator: "\n")
        #expect(lines.first == "file,table,line,pk,column,value,rule,severity,message")
        #expect(
            lines.contains { $0.hasPrefix("patients.csv,api_user,") && $0.contains(",phone,12345,mapping,") })
        #expect(
            lines.contains {
                $0.hasPrefix("appointments.csv,api_appointment,") && $0.contains(",status,Tentative,")
            })
        // Fixed by hand, the rejects load with the same mapping and --append.
        try patients.replacingOccurrences(of: ",12345,", with: ",0917 555 0101,")
            .replacingOccurrences(of: "02/30/1980", with: "02/28/1980")
            .write(toFile: scratch.file("rj/patients.csv"), atomically: true, encoding: .utf8)
        let appointments = try String(contentsOfFile: scratch.file("rj/appointments.csv"), encoding: .utf8)
        try appointments.replacingOccurrences(of: "Tentative", with: "Pending")
            .write(toFile: scratch.file("rj/appointments.csv"), atomically: true, encoding: .utf8)
        let again = try CLI.run(["copy", scratch.file("rj"), db, "--mapping", mapping, "--append"])
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        let out = scratch.file("out")
        #expect(try CLI.run(["copy", db, out, "--quiet"]).status == 0)
        let users = try Fixtures.rowsByHeader(out + "/api_user.csv")
        #expect(users.contains { $0["first_name"] == "Benjamín" && $0["phone"] == "+639221234572" })
        #expect(
            try Fixtures.rowsByHeader(out + "/api_appointment.csv").contains { $0["status"] == "pending" })
    }
}
