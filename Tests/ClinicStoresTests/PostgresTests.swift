import ClinicPipeline
import ClinicSchema
import Foundation
import TestSupport
import Testing

@testable import ClinicStores

@Suite(.enabled(if: TestPostgres.isConfigured, "needs scripts/test.sh's PostgreSQL"))
struct PostgresTests {
    @Test func csvToPostgresToCSVIsByteIdentical() throws {
        let scratch = try ScratchDirectory()
        let db = try ScratchDatabase()
        try Fixtures.writeSample(to: scratch.file("in"))
        try Fixtures.copy(scratch.file("in"), db.url)
        try Fixtures.copy(db.url, scratch.file("out"))
        #expect(try Fixtures.contents(of: scratch.file("in")) == Fixtures.contents(of: scratch.file("out")))
    }

    @Test func postgresToSQLiteToPostgresKeepsEveryValue() throws {
        let scratch = try ScratchDirectory()
        let first = try ScratchDatabase()
        let second = try ScratchDatabase()
        try Fixtures.writeSample(to: scratch.file("in"), seed: 11)
        try Fixtures.copy(scratch.file("in"), first.url)
        try Fixtures.copy(first.url, "sqlite:///" + scratch.file("db.sqlite3"))
        try Fixtures.copy("sqlite:///" + scratch.file("db.sqlite3"), second.url)
        let sums = try first.checksums()
        #expect(sums.count == 19)
        #expect(try second.checksums() == sums)
    }

    @Test(arguments: ["fixture.json", "fixture.jsonl.gz", "fixture.xml.gz", "backup.tar.gz"])
    func postgresToFileToPostgresKeepsEveryValue(name: String) throws {
        let scratch = try ScratchDirectory()
        let first = try ScratchDatabase()
        let second = try ScratchDatabase()
        try Fixtures.writeSample(to: scratch.file("in"), seed: 12)
        try Fixtures.copy(scratch.file("in"), first.url)
        try Fixtures.copy(first.url, scratch.file(name))
        try Fixtures.copy(scratch.file(name), second.url)
        let sums = try first.checksums()
        #expect(sums.count == 19)
        #expect(try second.checksums() == sums)
    }

    @Test func aFailedLoadLeavesTheTargetExactlyAsItWas() throws {
        let scratch = try ScratchDirectory()
        let db = try ScratchDatabase()
        try Fixtures.writeSample(to: scratch.file("good"), patients: 10)
        try Fixtures.copy(scratch.file("good"), db.url)
        let before = try db.checksums()
        // The duplicate sits in the last table loaded, so everything before it was already sent.
        try Fixtures.writeSample(to: scratch.file("bad"), patients: 12, seed: 5)
        let last = Catalog.clinic.loadOrder.last(where: \.isAppTable)?.name ?? ""
        let file = scratch.file("bad/\(last).csv")
        var lines = try String(contentsOfFile: file, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false)
        lines.insert(lines[1], at: 2)  // the same id twice
        try lines.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let error = #expect(throws: InvalidData.self) {
            try Fixtures.copy(scratch.file("bad"), db.url, mode: .truncate)
        }
        #expect(error?.violations.map(\.rule) == [.unique])
        #expect(error?.violations.first?.table == last)
        #expect(error?.violations.first?.line == 3)
        #expect(try db.checksums() == before)
    }

    /// The server refusing a row validation cannot know about (a constraint the target added)
    /// rolls back everything sent before it.
    @Test func aRowTheServerRefusesRollsBackTheWholeLoad() throws {
        let scratch = try ScratchDirectory()
        let db = try ScratchDatabase()
        try Fixtures.writeSample(to: scratch.file("good"), patients: 10)
        try Fixtures.copy(scratch.file("good"), db.url)
        let last = Catalog.clinic.loadOrder.last(where: \.isAppTable)?.name ?? ""
        try db.query("ALTER TABLE \(last) ADD CONSTRAINT no_big_ids CHECK (id < 5) NOT VALID")
        let before = try db.checksums()
        let error = #expect(throws: ETLError.self) {
            try Fixtures.copy(scratch.file("good"), db.url, mode: .truncate)
        }
        #expect(error?.sqlState == "23514")
        #expect(error?.table == last)
        #expect(error?.message.contains("no_big_ids") == true)
        #expect(try db.checksums() == before)
    }

    @Test func aDuplicateUsernameRollsBackEverything() throws {
        let scratch = try ScratchDirectory()
        let db = try ScratchDatabase()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 6)
        let users = scratch.file("in/api_user.csv")
        var text = try String(contentsOfFile: users, encoding: .utf8)
        let firstUser = text.split(separator: "\n")[1].split(separator: ",")[4]
        text +=
            "500,!x,,f,\(firstUser),\"\",\"\",f,t,2025-01-01 00:00:00+00,dup@example.ph,patient,\"\",\"\",\"\",,,,t,f,"
            + "2025-01-01 00:00:00+00\n"
        try text.write(toFile: users, atomically: true, encoding: .utf8)
        let error = #expect(throws: InvalidData.self) { try Fixtures.copy(scratch.file("in"), db.url) }
        #expect(error?.violations.map(\.rule) == [.unique])
        #expect(error?.violations.first?.column == "username")
        #expect(
            try db.query("SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'api_%'") == [
                "0"
            ])
    }

    /// Loading empty tables drops and recreates their foreign keys and indexes (as pg_restore does);
    /// afterwards the schema is exactly as it was, and a broken reference still fails the load.
    @Test func theSchemaComesBackIdenticalAfterALoad() throws {
        let scratch = try ScratchDirectory()
        let db = try ScratchDatabase()
        try SchemaCreator.create(at: Location(db.url))
        let definitions = """
            SELECT string_agg(d, E'\n' ORDER BY d) FROM (
              SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) AS d FROM pg_constraint
              WHERE connamespace = current_schema()::regnamespace
              UNION ALL SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema()) AS s
            """
        let before = try db.query(definitions)
        try Fixtures.writeSample(to: scratch.file("in"), patients: 8)
        try Fixtures.copy(scratch.file("in"), db.url)
        #expect(try db.query(definitions) == before)
        let keys = Catalog.clinic.tables.reduce(0) { $0 + $1.foreignKeys.count }
        #expect(try db.query("SELECT count(*) FROM pg_constraint WHERE contype = 'f'") == [String(keys)])
        try Fixtures.copy(scratch.file("in"), db.url, mode: .truncate)
        #expect(try db.query(definitions) == before)
    }

    /// Records of a CSV file in catalog order go to the server as they were; PostgreSQL must read
    /// them as the validator did: CRLF endings, offsets, `yes`, exponents, a last line without EOL.
    @Test func recordsCopiedAsTheyWereMeanWhatTheValidatorRead() throws {
        let scratch = try ScratchDirectory()
        let db = try ScratchDatabase()
        try FileManager.default.createDirectory(atPath: scratch.file("in"), withIntermediateDirectories: true)
        try
            ("id,name,category,quantity,min_stock,supplier,cost,updated_at\r\n"
            + "1,\"Gloves, \"\"nitrile\"\"\",PPE,+5,10,\"\",1.5e2,2025-01-01T14:00:00+08:00\r\n"
            + "2,Masks,PPE,0,10,\"line\r\nbreak\",0.10,2025-01-01 06:00:00.5Z").write(
                toFile: scratch.file("in/api_inventoryitem.csv"), atomically: true, encoding: .utf8)
        try Fixtures.copy(scratch.file("in"), db.url)
        try Fixtures.copy(db.url, scratch.file("out"))
        let csv = try String(contentsOfFile: scratch.file("out/api_inventoryitem.csv"), encoding: .utf8)
        #expect(
            csv == "id,name,category,quantity,min_stock,supplier,cost,updated_at\n"
                + "1,\"Gloves, \"\"nitrile\"\"\",PPE,5,10,\"\",150.00,2025-01-01 06:00:00+00\n"
                + "2,Masks,PPE,0,10,\"line\r\nbreak\",0.10,2025-01-01 06:00:00.5+00\n")
    }

    @Test func sequencesContinueAfterTheHighestID() throws {
        let scratch = try ScratchDirectory()
        let db = try ScratchDatabase()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 5)
        try Fixtures.copy(scratch.file("in"), db.url)
        let expected = try db.query("SELECT max(id) + 1 FROM api_service")
        let next = try db.query(
            "INSERT INTO api_service (name, category, description, created_at) VALUES ('New', 'all', 'd', now()) RETURNING id"
        )
        #expect(next == expected)
    }

    @Test func refusesRowsWithoutAModeAndTruncatesInTheTransaction() throws {
        let scratch = try ScratchDirectory()
        let db = try ScratchDatabase()
        try Fixtures.writeSample(to: scratch.file("a"), patients: 5)
        try Fixtures.writeSample(to: scratch.file("b"), patients: 7, seed: 3)
        try Fixtures.copy(scratch.file("a"), db.url)
        let error = #expect(throws: ETLError.self) { try Fixtures.copy(scratch.file("b"), db.url) }
        #expect(error?.code == .targetNotEmpty)
        try Fixtures.copy(scratch.file("b"), db.url, mode: .truncate)
        try Fixtures.copy(db.url, scratch.file("out"))
        #expect(try Fixtures.contents(of: scratch.file("b")) == Fixtures.contents(of: scratch.file("out")))
        let partial = #expect(throws: ETLError.self) {
            try Fixtures.copy(scratch.file("a"), db.url, mode: .truncate, tables: ["api_user"])
        }
        #expect(partial?.code == .targetNotEmpty)
        #expect(partial?.message.contains("hold rows that reference the tables to truncate") == true)
    }

    /// Loading tables that others outside the load reference (so they cannot be truncated for
    /// a frozen COPY) loads them the usual way, constraints and all.
    @Test func loadsTablesOthersReferenceWithoutTruncatingThem() throws {
        let scratch = try ScratchDirectory()
        let db = try ScratchDatabase()
        try SchemaCreator.create(at: Location(db.url))
        let constraints = "SELECT count(*) FROM pg_constraint WHERE conrelid::regclass::text LIKE 'api_%'"
        let before = try db.query(constraints)
        try Fixtures.writeSample(to: scratch.file("a"), patients: 5)
        try Fixtures.copy(scratch.file("a"), db.url, tables: ["api_user", "api_service"])
        try Fixtures.copy(db.url, scratch.file("out"), tables: ["api_user", "api_service"])
        for name in ["api_user.csv", "api_service.csv"] {
            #expect(
                try Fixtures.contents(of: scratch.file("out"))[name]
                    == Fixtures.contents(of: scratch.file("a"))[name])
        }
        #expect(try db.query(constraints) == before)
    }

    @Test func appendAddsRows() throws {
        let scratch = try ScratchDirectory()
        let db = try ScratchDatabase()
        try Fixtures.writeSample(to: scratch.file("a"), patients: 5)
        try Fixtures.copy(scratch.file("a"), db.url, tables: ["api_inventoryitem"])
        let count = try db.query("SELECT count(*) FROM api_inventoryitem").first ?? nil
        try db.query("UPDATE api_inventoryitem SET id = id + 1000")
        try Fixtures.copy(scratch.file("a"), db.url, mode: .append, tables: ["api_inventoryitem"])
        let doubled = try db.query("SELECT count(*) / 2 FROM api_inventoryitem").first ?? nil
        #expect(doubled == count)
    }

    /// `psql \copy … csv header` and clinic-etl read and write the same files.
    @Test func interchangeableWithPsqlCopy() throws {
        let scratch = try ScratchDirectory()
        let db = try ScratchDatabase()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 20, seed: 21)
        try Fixtures.copy(scratch.file("in"), db.url)
        try FileManager.default.createDirectory(
            atPath: scratch.file("psql"), withIntermediateDirectories: true)
        for table in Catalog.clinic.appTables {
            let out = scratch.file("psql/\(table.name).csv")
            try psql(db.url, "\\copy (select * from \(table.name) order by id) to '\(out)' csv header")
        }
        #expect(try Fixtures.contents(of: scratch.file("psql")) == Fixtures.contents(of: scratch.file("in")))
        let other = try ScratchDatabase()
        try SchemaCreator.create(at: Location(other.url))
        try psql(other.url, "set timezone='Asia/Manila'")
        for table in Catalog.clinic.loadOrder where table.isAppTable {
            try psql(
                other.url, "\\copy \(table.name) from '\(scratch.file("in/\(table.name).csv"))' csv header")
        }
        // `other` has Django's tables too (empty); the app's tables hold the same rows.
        #expect(
            try other.checksums().filter { Catalog.clinic.table(named: $0.key)?.isAppTable == true }
                == db.checksums())
    }

    /// The app's own database has Django's column order (foreign keys last) and integer ids.
    @Test func readsAndWritesADatabaseTheAppMade() throws {
        let scratch = try ScratchDirectory()
        let db = try ScratchDatabase()
        try db.query(
            """
            CREATE TABLE api_service (id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
              created_at timestamptz NOT NULL, image varchar(100) NULL, description text NOT NULL,
              category varchar(50) NOT NULL, name varchar(200) NOT NULL)
            """)
        try Fixtures.writeSample(to: scratch.file("in"), patients: 3)
        try Fixtures.copy(scratch.file("in"), db.url, tables: ["api_service"])
        try Fixtures.copy(db.url, scratch.file("out"))
        #expect(Fixtures.listing(scratch.file("out")) == ["api_service.csv"])
        // In the table's own column order, byte for byte what psql's \copy of `SELECT *` writes.
        let expected = scratch.file("psql.csv")
        try psql(db.url, "\\copy (select * from api_service order by id) to '\(expected)' csv header")
        let ours = try String(contentsOfFile: scratch.file("out/api_service.csv"), encoding: .utf8)
        #expect(ours == (try String(contentsOfFile: expected, encoding: .utf8)))
        #expect(ours.hasPrefix("id,created_at,image,description,category,name\n"))
    }

    @Test func unreachableServerNamesHostAndPortButNotThePassword() throws {
        let url = "postgresql://clinic:Very-Secret-42@127.0.0.1:1/clinic"
        let error = #expect(throws: ETLError.self) { try PostgresSource(url: PostgresURL(url), now: .now()) }
        #expect(error?.message.contains("127.0.0.1:1") == true)
        #expect(error?.description.contains("Very-Secret-42") == false)
    }

    private func psql(_ url: String, _ command: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", command]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestSupportError("psql failed: \(command)") }
    }
}
