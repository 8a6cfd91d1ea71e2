import ClinicPipeline
import ClinicSchema
import ClinicStores
import Foundation
import TestSupport
import Testing

@testable import ClinicFormats

@Suite struct FixtureTests {
    static var djangoFixture: String {
        get throws {
            guard let url = Bundle.module.url(forResource: "Fixtures/django", withExtension: "json") else {
                throw TestSupportError("missing Fixtures/django.json")
            }
            return url.path
        }
    }

    @Test(arguments: ["data.json", "data.jsonl", "data.json.gz", "data.jsonl.gz"])
    func csvToFixtureToCSVIsByteIdentical(name: String) throws {
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 15, seed: 4)
        try Fixtures.copy(scratch.file("in"), scratch.file(name))
        try Fixtures.copy(scratch.file(name), scratch.file("out"))
        #expect(try Fixtures.contents(of: scratch.file("in")) == Fixtures.contents(of: scratch.file("out")))
        let head = try Data(contentsOf: URL(fileURLWithPath: scratch.file(name))).prefix(2)
        #expect(
            name.hasSuffix(".gz")
                ? head == Data([0x1F, 0x8B]) : head.first == UInt8(ascii: name.contains("jsonl") ? "{" : "["))
    }

    /// Django writes milliseconds, `Z`, decimals as strings, `null`, objects in any order.
    @Test func readsAFixtureAsDjangoWritesIt() throws {
        let scratch = try ScratchDirectory()
        try Fixtures.copy(try Self.djangoFixture, scratch.file("out"))
        let billing = try String(contentsOfFile: scratch.file("out/api_billing.csv"), encoding: .utf8)
        #expect(
            billing.split(separator: "\n")[1]
                == "7,1500.50,\"  Cleaning, \"\"deep\"\"  \",\"\",paid,t,2025-10-31 17:30:00.123+00,2025-10-31 17:30:00+00,,,3"
        )
        let user = try String(contentsOfFile: scratch.file("out/api_user.csv"), encoding: .utf8)
        #expect(
            user.contains(
                "3,!unusable,,f,maria,María,Peñaflor 🦷,f,t,2024-01-02 03:04:05+00,maria@example.ph,patient,\"\""
            ))
        #expect(user.contains("1985-12-24,39"))
        let chart = try String(contentsOfFile: scratch.file("out/api_toothchart.csv"), encoding: .utf8)
        #expect(
            chart.contains(
                "\"{\"\"v\"\": 2, \"\"teeth\"\": {\"\"11\"\": {\"\"status\"\": \"\"caries\"\"}}}\""))
    }

    /// What the tool writes, checked by hand once: Django's field names, full microseconds, `Z`.
    @Test func writesTheDjangoFormat() throws {
        let scratch = try ScratchDirectory()
        try Fixtures.copy(try Self.djangoFixture, scratch.file("mid"))
        try Fixtures.copy(scratch.file("mid"), scratch.file("out.json"), tables: ["api_billing", "api_user"])
        let text = try String(contentsOfFile: scratch.file("out.json"), encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first == "[" && lines.last == "]")
        #expect(
            lines[1] == """
                {"model":"api.user","pk":3,"fields":{"password":"!unusable","last_login":null,"is_superuser":false,\
                "username":"maria","first_name":"María","last_name":"Peñaflor 🦷","is_staff":false,"is_active":true,\
                "date_joined":"2024-01-02T03:04:05Z","email":"maria@example.ph","user_type":"patient","role":"",\
                "phone":"","address":"","birthday":"1985-12-24","age":39,"profile_picture":"","is_active_patient":true,\
                "is_archived":false,"created_at":"2024-01-02T03:04:05.678000Z"}},
                """)
        #expect(
            lines[2] == """
                {"model":"api.billing","pk":7,"fields":{"amount":"1500.50","description":"  Cleaning, \\"deep\\"  ",\
                "soa_file":"","status":"paid","paid":true,"created_at":"2025-10-31T17:30:00.123000Z",\
                "updated_at":"2025-10-31T17:30:00Z","appointment":null,"created_by":null,"patient":3}}
                """)
    }

    @Test func unknownModelsAndFieldsNameTheirPlace() throws {
        let scratch = try ScratchDirectory()
        try
            #"[{"model": "api.user", "pk": 1, "fields": {}}, {"model": "api.patient", "pk": 2, "fields": {}}]"#
            .write(toFile: scratch.file("a.json"), atomically: true, encoding: .utf8)
        let model = #expect(throws: ETLError.self) {
            try Fixtures.copy(scratch.file("a.json"), scratch.file("out"))
        }
        #expect(model?.message.contains("unknown model \"api.patient\" at $[1]") == true)
        try
            "{\"model\": \"api.service\", \"pk\": 1, \"fields\": {\"name\": \"x\"}}\n{\"model\": \"api.service\", \"pk\": 2, \"fields\": {\"colour\": \"red\"}}\n"
            .write(toFile: scratch.file("b.jsonl"), atomically: true, encoding: .utf8)
        let field = #expect(throws: ETLError.self) {
            try Fixtures.copy(scratch.file("b.jsonl"), scratch.file("out"))
        }
        #expect(
            field?.message.contains("unknown field \"colour\" of api.service at line 2.fields.colour") == true
        )
        #expect(field?.line == 2)
    }

    @Test func wrongTypesAndDuplicatePksAreRowViolations() throws {
        let scratch = try ScratchDirectory()
        let service = #""description": "d", "created_at": "2025-01-01T00:00:00Z""#
        try """
        [
        {"model": "api.service", "pk": 1, "fields": {"name": "A", "category": "all", \(service)}},
        {"model": "api.service", "pk": 1, "fields": {"name": "B", "category": "all", \(service)}},
        {"model": "api.service", "pk": 3, "fields": {"name": 12, "category": "all", \(service)}}
        ]
        """.write(toFile: scratch.file("s.json"), atomically: true, encoding: .utf8)
        let result = try Fixtures.check(scratch.file("s.json"))
        let found = result.report.examples.map { "\($0.line ?? 0) \($0.column ?? "") \($0.rule.rawValue)" }
        #expect(found == ["3 id unique", "4 name type"])
    }

    @Test func deepNestingAndTruncationAreErrors() throws {
        let scratch = try ScratchDirectory()
        let deep = String(repeating: "[", count: 100_000)
        try "[{\"model\": \"api.toothchart\", \"pk\": 1, \"fields\": {\"chart_data\": \(deep)"
            .write(toFile: scratch.file("deep.json"), atomically: true, encoding: .utf8)
        let error = #expect(throws: ETLError.self) { try Fixtures.check(scratch.file("deep.json")) }
        #expect(error?.message.contains("nested deeper than") == true)
        try "[{\"model\": \"api.service\", \"pk\": 1, \"fields\": {\"name\": \"x"
            .write(toFile: scratch.file("cut.json"), atomically: true, encoding: .utf8)
        #expect(throws: ETLError.self) { try Fixtures.check(scratch.file("cut.json")) }
        // A bad escape inside an object is reported on its own line of the file.
        try "[\n{\"model\": \"api.service\", \"pk\": 1,\n \"fields\": {\n \"name\": \"x\\q\"}}\n]"
            .write(toFile: scratch.file("escape.json"), atomically: true, encoding: .utf8)
        let escape = #expect(throws: ETLError.self) { try Fixtures.check(scratch.file("escape.json")) }
        #expect(escape?.message == "bad escape")
        #expect(escape?.line == 4)
    }

    /// The committed sample also comes as a JSON fixture and a backup archive of the same data.
    @Test(arguments: ["clinic.json", "clinic.tar.gz"])
    func theCommittedSampleFilesHoldTheSampleFolder(name: String) throws {
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("samples")
        let scratch = try ScratchDirectory()
        try Fixtures.copy(samples.appendingPathComponent(name).path, scratch.file("out"))
        #expect(
            try Fixtures.contents(of: scratch.file("out"))
                == Fixtures.contents(of: samples.appendingPathComponent("clinic").path))
    }
}
