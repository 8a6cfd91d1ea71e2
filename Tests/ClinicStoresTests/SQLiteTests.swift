import ClinicPipeline
import ClinicSchema
import Foundation
import TestSupport
import Testing

@testable import ClinicStores

@Suite struct SQLiteTests {
    @Test func csvToSQLiteToCSVIsByteIdentical() throws {
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"))
        try Fixtures.copy(scratch.file("in"), "sqlite:///" + scratch.file("db.sqlite3"))
        try Fixtures.copy(scratch.file("db.sqlite3"), scratch.file("out"))
        #expect(try Fixtures.contents(of: scratch.file("in")) == Fixtures.contents(of: scratch.file("out")))
    }

    @Test func storesValuesTheWayDjangoDoes() throws {
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 5)
        let path = scratch.file("db.sqlite3")
        try Fixtures.copy(scratch.file("in"), path)
        let db = try SQLiteConnection(path: path, readOnly: true)
        let statement = try db.prepare(
            "SELECT typeof(amount), typeof(paid), created_at FROM api_billing WHERE created_at LIKE '%.%' LIMIT 1"
        )
        #expect(try statement.step())
        #expect(["integer", "real"].contains(statement.text(0)))
        #expect(statement.text(1) == "integer")
        #expect(statement.text(2).count == 26, "Python's str(datetime): 2025-10-30 11:15:39.123456")
        #expect(!statement.text(2).contains("+"))
    }

    /// A database laid out as Django's migrations make it: FK columns last, NUMERIC decimals.
    @Test func readsADatabaseTheAppMade() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.file("db.sqlite3")
        let db = try SQLiteConnection(path: path, readOnly: false, create: true)
        try db.exec(
            """
            CREATE TABLE "api_inventoryitem" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
              "updated_at" datetime NOT NULL, "cost" decimal NOT NULL, "name" varchar(200) NOT NULL,
              "category" varchar(100) NOT NULL, "quantity" integer NOT NULL, "min_stock" integer NOT NULL,
              "supplier" varchar(200) NOT NULL);
            INSERT INTO api_inventoryitem VALUES (1, '2025-10-30 11:15:39.123456', '150.00', 'Gloves', 'PPE', 3, 10, '');
            INSERT INTO api_inventoryitem VALUES (2, '2025-10-30 11:15:39', '150.50', 'Masks, 3-ply', 'PPE', 0, 10, 'X');
            INSERT INTO api_inventoryitem VALUES (3, '2025-10-30 11:15:39', 0.1, 'Floss', 'Hygiene', 1, 5, 'Y');
            """)
        let check = try db.prepare("SELECT typeof(cost) FROM api_inventoryitem ORDER BY id")
        var kinds: [String] = []
        while try check.step() { kinds.append(check.text(0)) }
        #expect(kinds == ["integer", "real", "real"])
        try Fixtures.copy(path, scratch.file("out"))
        let csv = try String(contentsOfFile: scratch.file("out/api_inventoryitem.csv"), encoding: .utf8)
        #expect(
            csv == """
                id,updated_at,cost,name,category,quantity,min_stock,supplier
                1,2025-10-30 11:15:39.123456+00,150.00,Gloves,PPE,3,10,""
                2,2025-10-30 11:15:39+00,150.50,"Masks, 3-ply",PPE,0,10,X
                3,2025-10-30 11:15:39+00,0.10,Floss,Hygiene,1,5,Y

                """)
        // Loading back into the app's own table (other column order) works too.
        try Fixtures.copy(scratch.file("out"), path, mode: .truncate)
        try Fixtures.copy(path, scratch.file("again"))
        #expect(
            try Fixtures.contents(of: scratch.file("out")) == Fixtures.contents(of: scratch.file("again")))
    }

    @Test func aFailedLoadLeavesTheDatabaseAsItWas() throws {
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 10)
        let path = scratch.file("db.sqlite3")
        try Fixtures.copy(scratch.file("in"), path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        // A second sample whose last table repeats a token: the UNIQUE violation comes last.
        try Fixtures.writeSample(to: scratch.file("bad"), patients: 10, seed: 99)
        let tokens = scratch.file("bad/api_passwordresettoken.csv")
        var lines = try String(contentsOfFile: tokens, encoding: .utf8).split(separator: "\n").map(
            String.init)
        let first = lines[1].split(separator: ",").map(String.init)
        var dup = lines[1].split(separator: ",").map(String.init)
        dup[0] = "100000"
        dup[2] = first[2]
        lines.append(dup.joined(separator: ","))
        try (lines.joined(separator: "\n") + "\n").write(toFile: tokens, atomically: true, encoding: .utf8)
        let error = #expect(throws: InvalidData.self) {
            try Fixtures.copy(scratch.file("bad"), path, mode: .truncate)
        }
        #expect(error?.violations.map(\.rule) == [.unique])
        #expect(error?.violations.first?.table == "api_passwordresettoken")
        #expect(error?.violations.first?.column == "token")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func refusesToLoadOverRowsWithoutAMode() throws {
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 5)
        let path = scratch.file("db.sqlite3")
        try Fixtures.copy(scratch.file("in"), path)
        let error = #expect(throws: ETLError.self) { try Fixtures.copy(scratch.file("in"), path) }
        #expect(error?.code == .targetNotEmpty)
        #expect(error?.hint?.contains("--truncate") == true)
        try Fixtures.copy(scratch.file("in"), path, mode: .truncate)
    }

    @Test func aFailedLoadIntoANewFileLeavesNoFile() throws {
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 5)
        // Billing rows pointing at an appointment that does not exist.
        let billing = scratch.file("in/api_billing.csv")
        let text = try String(contentsOfFile: billing, encoding: .utf8)
        try (text + "9999,10.00,x,,pending,f,2025-01-01 00:00:00+00,2025-01-01 00:00:00+00,424242,,5\n")
            .write(toFile: billing, atomically: true, encoding: .utf8)
        let error = #expect(throws: InvalidData.self) {
            try Fixtures.copy(scratch.file("in"), scratch.file("new.sqlite3"))
        }
        #expect(error?.violations.first?.table == "api_billing")
        #expect(error?.violations.first?.rule == .foreignKey)
        #expect(!FileManager.default.fileExists(atPath: scratch.file("new.sqlite3")))
    }
}
