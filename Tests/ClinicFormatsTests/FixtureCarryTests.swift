import ClinicPipeline
import ClinicSchema
import Foundation
import TestSupport
import Testing

@testable import ClinicFormats

@Suite struct FixtureCarryTests {
    /// What PostgreSQL prints for jsonb numbers, beside whether Python's json gives them back.
    @Test(arguments: [
        ("0.00001", true), ("1500", true), ("123.0", true), ("0.5", true), ("-2.25", true),
        ("10000000000000000", true), ("0.1000000000000000055511151231257827", false),
        ("100.50", false), (String(repeating: "9", count: 4300), true),
        (String(repeating: "9", count: 4301), false),
        ("1" + String(repeating: "0", count: 500) + ".5", false),
    ])
    func pythonRoundTripsOfJSONNumbers(number: String, survives: Bool) {
        #expect(FixtureCarry.survivesPython(number) == survives, "\(number.prefix(40))")
    }

    @Test func aFixtureThatLoaddataCouldNotReadIsNotWritten() throws {
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 3, seed: 1)
        let first = try #require(try Fixtures.records(ofFile: scratch.file("in/api_toothchart.csv")).first)
        let patient = try #require(Catalog.clinic.table(named: "api_toothchart")?.index(of: "patient_id"))
        let long = String(repeating: "7", count: 5000)
        try
            "id,patient_id,chart_data,notes,updated_at\n\(first[0] ?? ""),\(first[patient] ?? ""),\"{\"\"11\"\": \(long)}\",\"\",2025-01-01 00:00:00+00\n"
            .write(toFile: scratch.file("in/api_toothchart.csv"), atomically: true, encoding: .utf8)
        // The archive carries the long number, and reading it back gives it exactly.
        try Fixtures.copy(scratch.file("in"), scratch.file("a.tar.gz"))
        try Fixtures.copy(scratch.file("a.tar.gz"), scratch.file("back"))
        let chart = try Fixtures.records(ofFile: scratch.file("back/api_toothchart.csv"))
        let data = try #require(Catalog.clinic.table(named: "api_toothchart")?.index(of: "chart_data"))
        #expect(chart.first?[data] == "{\"11\": \(long)}")
        for name in ["f.json", "f.xml", "f.jsonl"] {
            let error = #expect(throws: ETLError.self) {
                try Fixtures.copy(scratch.file("in"), scratch.file(name))
            }
            #expect(
                error?.message.contains(
                    "api_toothchart id \(first[0] ?? ""), column chart_data: the JSON number 7777") == true,
                "\(error?.message ?? "")")
            #expect(!FileManager.default.fileExists(atPath: scratch.file(name)))
        }
    }

    @Test func loneSurrogatesAreRefusedAsPostgreSQLRefusesThem() {
        func problem(_ text: String) -> String? {
            var text = text
            return text.withUTF8 { JSONSyntax.problem(in: $0) }
        }
        #expect(problem(#""\ud83d\ude00""#) == nil)
        #expect(problem(#"{"a": "\ud800"}"#)?.contains("lone surrogate") == true)
        #expect(problem(#"["\udc00"]"#)?.contains("lone surrogate") == true)
        #expect(problem(#""\ud800\u0041""#)?.contains("lone surrogate") == true)
    }
}

@Suite struct PythonReprTests {
    @Test(arguments: [
        (0.1, "0.1"), (1e-05, "1e-05"), (123.0, "123.0"), (1e16, "1e+16"), (1.5e300, "1.5e+300"),
        (9007199254740992.0, "9007199254740992.0"), (-2.25, "-2.25"), (0.0001, "0.0001"),
    ])
    func reprAsPythonPrintsIt(value: Double, repr: String) {
        #expect(FixtureCarry.pythonRepr(value) == repr)
    }

    @Test(arguments: [
        ("1.50e3", "1500"), ("1e-05", "0.00001"), ("100.50", "100.50"), ("-0.0", "0.0"), ("12", "12"),
    ])
    func numericAsPostgreSQLPrintsIt(text: String, printed: String) {
        #expect(FixtureCarry.postgresNumeric(text) == printed)
    }
}
