import ClinicPipeline
import ClinicSchema
import Foundation
import TestSupport
import Testing

@testable import ClinicTransform

/// Each mapping rule on small files, with the exact rows it must give.
@Suite struct MappingTests {
    let now = Timestamp(microsecondsSinceEpoch: 1_762_000_000_000_000)

    /// Writes `files` and `yaml` into a scratch folder and reads `tables` through the mapping.
    func mapped(_ yaml: String, _ files: [String: String], tables: [String]) throws -> (
        rows: [String: [SourceRow]], source: MappedSource
    ) {
        let dir = try ScratchDirectory()
        for (name, text) in files { try Data(text.utf8).write(to: URL(fileURLWithPath: dir.file(name))) }
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: dir.file("map.yml")))
        let source = try MappedSource(
            folder: dir.path, mapping: try Mapping.load(path: dir.file("map.yml")), now: now)
        var rows: [String: [SourceRow]] = [:]
        for name in tables {
            let table = try #require(Catalog.clinic.table(named: name))
            let cursor = try source.open(table)
            while let row = try cursor.next() { rows[name, default: []].append(row) }
        }
        return (rows, source)
    }

    func value(_ row: SourceRow, _ table: String, _ column: String) -> Value {
        guard let t = Catalog.clinic.table(named: table), let i = t.index(of: column) else { return .null }
        return row.values[i]
    }

    static let users = """
        Code,Name,Mail,Cell,Born,Kind
        P1,"  Dela Cruz, Juan ",JUAN@Mail.PH,0917 123 4567,03/15/1985,Patient
        P2,Dr. Paolo de los Santos,paolo@mail.ph,(02) 8123-4567,7/4/1978,Dentist
        P3,Ana Reyes,ana@mail.ph,12345,13/01/1990,Alien

        """

    static let userMap = """
        as_of: 2025-11-01
        tables:
          - file: users.csv
            table: api_user
            key: Code
            columns:
              username: {from: Mail, case: lower}
              email: {from: Mail, case: lower}
              password: {value: "!x"}
              first_name: {from: Name, split: first}
              last_name: {from: Name, split: last, case: upper}
              phone: {from: Cell, phone: ph}
              birthday: {from: Born, format: MM/dd/yyyy}
              age: {age_from: birthday}
              role: {from: Kind, map: {patient: "", dentist: dentist}}
              address: {from: Missing Column Never, default: none}
        """

    @Test func refusesAMappingThatReadsAColumnTheFileLacks() throws {
        #expect(throws: ETLError.self) {
            _ = try mapped(Self.userMap, ["users.csv": Self.users], tables: ["api_user"])
        }
    }

    @Test func appliesRenamesConstantsMapsCaseSplitsPhonesDatesAndAges() throws {
        let yaml = Self.userMap.replacingOccurrences(of: "from: Missing Column Never, ", with: "")
        let rows = try #require(
            try mapped(yaml, ["users.csv": Self.users], tables: ["api_user"]).rows["api_user"])
        #expect(rows.count == 3)
        let juan = rows[0]
        let paolo = rows[1]
        let ana = rows[2]
        #expect(value(juan, "api_user", "id") == .integer(1))
        #expect(value(juan, "api_user", "email") == .text("juan@mail.ph"))
        #expect(value(juan, "api_user", "first_name") == .text("Juan"))
        #expect(value(juan, "api_user", "last_name") == .text("DELA CRUZ"))
        #expect(value(juan, "api_user", "phone") == .text("+639171234567"))
        #expect(value(juan, "api_user", "birthday") == .date(LocalDate(year: 1985, month: 3, day: 15)!))
        #expect(value(juan, "api_user", "age") == .integer(40))
        #expect(value(juan, "api_user", "role") == .text(""))
        #expect(value(juan, "api_user", "address") == .text("none"))
        #expect(value(juan, "api_user", "user_type") == .text("patient"))
        #expect(value(juan, "api_user", "password") == .text("!x"))
        #expect(juan.problems.isEmpty)
        #expect(value(paolo, "api_user", "first_name") == .text("Paolo"))
        #expect(value(paolo, "api_user", "last_name") == .text("DE LOS SANTOS"))
        #expect(value(paolo, "api_user", "phone") == .text("+63281234567"))
        #expect(value(paolo, "api_user", "age") == .integer(47))
        #expect(value(paolo, "api_user", "role") == .text("dentist"))
        #expect(value(paolo, "api_user", "id") == .integer(2))
        // Every rule that fails names itself; the row is then rejected like any other invalid row.
        let problems = Dictionary(uniqueKeysWithValues: ana.problems.map { ($0.column ?? "", $0) })
        #expect(problems["phone"]?.rule == .mapping)
        #expect(problems["phone"]?.message.contains("\"12345\" is not a Philippine phone number") == true)
        #expect(problems["birthday"]?.message.contains("format MM/dd/yyyy") == true)
        #expect(problems["role"]?.message.contains("\"Alien\" has no entry in the value map") == true)
        #expect(value(ana, "api_user", "age") == .null)
    }

    @Test func readsTimestampsInLayoutsAndSpreadsheetSerials() throws {
        let yaml = """
            offset: "+08:00"
            tables:
              - file: items.csv
                table: api_inventoryitem
                columns:
                  id: Code
                  name: Name
                  category: {value: Supplies}
                  cost: {from: Cost, number: true}
                  updated_at: {from: Counted, format: dd.MM.yyyy hh:mm a}
              - file: more.csv
                table: api_inventoryitem
                columns:
                  id: Code
                  name: Name
                  category: {value: Supplies}
                  updated_at: {from: Counted, format: serial}
            """
        let files = [
            "items.csv":
                "Code,Name,Cost,Counted\n7,Gloves,\"₱1,234.50\",05.10.2025 02:30 PM\n8,Masks,(12.00),31.02.2025 01:00 AM\n",
            "more.csv": "Code,Name,Counted\n9,Bibs,45945.5\n",
        ]
        let rows = try #require(
            try mapped(yaml, files, tables: ["api_inventoryitem"]).rows["api_inventoryitem"])
        #expect(rows.count == 3)
        let manila: Int32 = 8 * 3600
        #expect(
            value(rows[0], "api_inventoryitem", "updated_at")
                == .timestamp(
                    Timestamp(
                        date: LocalDate(year: 2025, month: 10, day: 5)!,
                        time: LocalTime(hour: 14, minute: 30)!,
                        offsetSeconds: manila)))
        #expect(value(rows[0], "api_inventoryitem", "cost") == .decimal(ExactDecimal.parse("1234.50")!))
        #expect(value(rows[0], "api_inventoryitem", "quantity") == .integer(0))
        #expect(value(rows[1], "api_inventoryitem", "cost") == .decimal(ExactDecimal.parse("-12.00")!))
        #expect(rows[1].problems.map(\.column) == ["updated_at"])
        #expect(
            value(rows[2], "api_inventoryitem", "updated_at")
                == .timestamp(
                    Timestamp(
                        date: LocalDate(year: 2025, month: 10, day: 15)!,
                        time: LocalTime(hour: 12, minute: 0)!,
                        offsetSeconds: manila)))
    }

    static let clinic = """
        tables:
          - file: people.csv
            table: api_user
            key: No
            dedupe: [email]
            columns:
              id: No
              username: {from: Mail, case: lower}
              email: {from: Mail, case: lower}
              password: {value: "!x"}
              first_name: {from: Name, split: first}
              last_name: {from: Name, split: last}
          - file: staff.csv
            table: api_user
            match: [email]
            columns:
              username: Mail
              email: Mail
              password: {value: "!x"}
              first_name: {from: Name, split: first}
              last_name: {from: Name, split: last}
              user_type: {value: staff}
          - file: services.csv
            table: api_service
            columns:
              name: Name
              description: {value: migrated}
          - file: visits.csv
            table: api_appointment
            columns:
              patient_id: {from: Patient, lookup: {table: api_user}}
              dentist_id: {from: Dentist, lookup: {by: full_name}}
              service_id: {from: Service, lookup: {by: name}}
              date: {from: Day, format: yyyy-MM-dd}
              time: {from: At, format: "H:mm"}
          - file: bills.csv
            table: api_billing
            columns:
              patient_id: Patient Id
              amount: Amount
              description: {value: fee}
        """
    static let clinicFiles = [
        "people.csv":
            "No,Name,Mail\n10,Juan Cruz,juan@mail.ph\n11,Maria Pena,maria@mail.ph\n12,Maria Peña,MARIA@mail.ph\n",
        "staff.csv": "Name,Mail\nAna Reyes,ana@clinic.ph\nAna Reyes,ana@clinic.ph\n",
        "services.csv": "Name\nCleaning\nFilling\n",
        "visits.csv":
            "Patient,Dentist,Service,Day,At\n12,Dr. Ana Reyes,filling,2025-10-01,9:00\n10,ana reyes,Cleaning,2025-10-02,13:30\n99,Nobody,Cleaning,2025-10-03,8:00\n",
        "bills.csv": "Patient Id,Amount\n12,100.00\n",
    ]

    @Test func looksUpKeysGeneratesIdsAndRemapsMergedDuplicates() throws {
        let (rows, source) = try mapped(
            Self.clinic, Self.clinicFiles,
            tables: ["api_user", "api_service", "api_appointment", "api_billing"])
        let users = try #require(rows["api_user"])
        // Maria Peña (12) is Maria Pena (11) again: merged, her row never reaches the target.
        #expect(
            users.map { value($0, "api_user", "id") } == [
                .integer(10), .integer(11), .integer(13), .integer(13),
            ])
        #expect(source.merges.count == 1)
        #expect(source.merges.first?.description.contains("merged into id 11") == true)
        // The second staff row matches the first by email and takes its id (UNIQUE then rejects it).
        let services = try #require(rows["api_service"])
        #expect(services.map { value($0, "api_service", "id") } == [.integer(1), .integer(2)])
        let visits = try #require(rows["api_appointment"])
        #expect(visits.map { value($0, "api_appointment", "id") } == [.integer(1), .integer(2), .integer(3)])
        #expect(value(visits[0], "api_appointment", "patient_id") == .integer(11))
        #expect(value(visits[0], "api_appointment", "dentist_id") == .integer(13))
        #expect(value(visits[0], "api_appointment", "service_id") == .integer(2))
        #expect(value(visits[1], "api_appointment", "patient_id") == .integer(10))
        #expect(value(visits[1], "api_appointment", "time") == .time(LocalTime(hour: 13, minute: 30)!))
        let failed = Dictionary(
            uniqueKeysWithValues: visits[2].problems.map { ($0.column ?? "", $0.message) })
        #expect(failed["patient_id"]?.contains("no api_user row has key \"99\"") == true)
        #expect(failed["dentist_id"]?.contains("full_name \"Nobody\"") == true)
        // An id copied as it is also follows the merge.
        #expect(
            try #require(rows["api_billing"]).map { value($0, "api_billing", "patient_id") } == [.integer(11)]
        )
    }

    @Test func dedupesOnNormalizedNameAndBirthday() throws {
        let yaml = """
            tables:
              - file: p.csv
                table: api_user
                dedupe: [first_name, last_name, birthday]
                columns:
                  username: Mail
                  email: Mail
                  password: {value: "!x"}
                  first_name: {from: Name, split: first}
                  last_name: {from: Name, split: last}
                  birthday: {from: Born, format: yyyy-MM-dd}
            """
        let file =
            "Name,Mail,Born\nJuan  Cruz,a@x.ph,1990-01-02\njuan cruz,b@x.ph,1990-01-02\nJuan Cruz,c@x.ph,1991-01-02\n"
            + "Ana Cruz,d@x.ph,\nAna Cruz,e@x.ph,\n"
        let (rows, source) = try mapped(yaml, ["p.csv": file], tables: ["api_user"])
        // Same name (case and spacing aside) and birthday: one person. Without a birthday the key is
        // incomplete, so nothing is merged on it.
        #expect(
            try #require(rows["api_user"]).map { value($0, "api_user", "email") }
                == [.text("a@x.ph"), .text("c@x.ph"), .text("d@x.ph"), .text("e@x.ph")])
        #expect(source.merges.map(\.line) == [3])
    }

    @Test func readsTheSameMappingWrittenAsJSON() throws {
        let json = """
            {"tables": [{"file": "s.csv", "table": "service", "columns": {
              "name": {"from": "N", "map": {"x": "X-ray", "c": "Cleaning"}}, "description": {"value": ""},
              "category": {"value": "xrays"}}}]}
            """
        let dir = try ScratchDirectory()
        try Data("N\nX\nc\n".utf8).write(to: URL(fileURLWithPath: dir.file("s.csv")))
        try Data(json.utf8).write(to: URL(fileURLWithPath: dir.file("m.json")))
        let source = try MappedSource(
            folder: dir.path, mapping: try Mapping.load(path: dir.file("m.json")), now: now)
        let cursor = try source.open(try #require(Catalog.clinic.table(named: "api_service")))
        var names: [Value] = []
        while let row = try cursor.next() { names.append(value(row, "api_service", "name")) }
        #expect(names == [.text("X-ray"), .text("Cleaning")])
    }

    @Test func namesTheMappingFileAndTheFaultWhenTheMappingIsMalformed() throws {
        let dir = try ScratchDirectory()
        try Data("tables:\n  - file: a.csv\n    columns: {}\n".utf8).write(
            to: URL(fileURLWithPath: dir.file("m.yml")))
        do {
            _ = try Mapping.load(path: dir.file("m.yml"))
            Issue.record("a mapping without a table loaded")
        } catch let error as ETLError {
            #expect(error.description.contains("m.yml"))
            #expect(error.description.contains("table"))
        }
    }
}
