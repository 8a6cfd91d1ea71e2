import ClinicPipeline
import Testing

@testable import ClinicStores

@Suite struct PostgresURLTests {
    @Test func readsEveryPartAndDropsPgbouncer() throws {
        let url = try PostgresURL(
            "postgresql://postgres.abcd:s3cr%40t%2Fpw@aws-0-ap.pooler.supabase.com:6543/postgres?pgbouncer=true&sslmode=require"
        )
        #expect(url.value(of: "user") == "postgres.abcd")
        #expect(url.value(of: "password") == "s3cr@t/pw")
        #expect(url.value(of: "host") == "aws-0-ap.pooler.supabase.com")
        #expect(url.value(of: "port") == "6543")
        #expect(url.value(of: "dbname") == "postgres")
        #expect(url.value(of: "sslmode") == "require")
        #expect(url.value(of: "pgbouncer") == nil)
        #expect(url.description == "postgresql://postgres.abcd@aws-0-ap.pooler.supabase.com:6543/postgres")
    }

    @Test func neverShowsThePassword() throws {
        let url = try PostgresURL("postgres://app:hunter2hunter2@[::1]:5433/clinic")
        #expect(url.value(of: "host") == "::1")
        #expect(url.value(of: "port") == "5433")
        #expect(!url.description.contains("hunter2"))
        #expect(url.scrub("failed for hunter2hunter2 here") == "failed for *** here")
    }

    @Test func locationsAreRecognised() throws {
        guard case .sqlite(let relative) = try Location("sqlite:///db.sqlite3") else {
            Issue.record("relative")
            return
        }
        #expect(relative == "db.sqlite3")
        guard case .sqlite(let absolute) = try Location("sqlite:////var/lib/clinic.sqlite3") else {
            Issue.record("absolute")
            return
        }
        #expect(absolute == "/var/lib/clinic.sqlite3")
        guard case .csvFolder = try Location("dump/") else {
            Issue.record("folder")
            return
        }
        guard case .postgres = try Location("postgres://localhost/x") else {
            Issue.record("pg")
            return
        }
        #expect(throws: ETLError.self) { try Location("sqlite://") }
        guard case .archive = try Location("backup.tar.gz") else {
            Issue.record("archive")
            return
        }
        guard case .fixture(_, .jsonl, true) = try Location("dump.jsonl.gz") else {
            Issue.record("fixture")
            return
        }
        guard case .fixture(_, .xml, false) = try Location("dump.xml") else {
            Issue.record("xml")
            return
        }
        #expect(throws: ETLError.self) { try Location("sqlite:///") }
        let env = ["DATABASE_URL": "postgresql://u:pw@db:6543/postgres?pgbouncer=true"]
        guard case .postgres(let url) = try Location("$DATABASE_URL", environment: env) else {
            Issue.record("env")
            return
        }
        #expect(url.value(of: "port") == "6543")
        #expect(throws: ETLError.self) { try Location("$DATABASE_URL", environment: [:]) }
    }
}

@Suite struct ConninfoTests {
    @Test func aKeywordValueStringIsReadByLibpq() throws {
        guard
            case .postgres(let url) = try Location(
                "host=db port=6543 dbname=clinic user=app password='a b\\'c'")
        else {
            Issue.record("not PostgreSQL")
            return
        }
        #expect(url.value(of: "host") == "db")
        #expect(url.value(of: "port") == "6543")
        #expect(url.value(of: "password") == "a b'c")
        #expect(url.description == "postgresql://app@db:6543/clinic")
        #expect(url.scrub("x a b'c y") == "x *** y")
    }

    @Test(arguments: ["./host=db", "dump-2025", "my folder/", "=x"])
    func otherTextIsNoConnectionString(text: String) {
        #expect(!PostgresURL.looksLikeConninfo(text))
    }

    @Test func suggestionsFindTyposOnly() {
        #expect(NameSuggestion.closest(to: "formt", among: ["format", "from"]) == "format")
        #expect(NameSuggestion.closest(to: "postgersql", among: ["postgresql", "sqlite"]) == "postgresql")
        #expect(NameSuggestion.closest(to: "mysql", among: ["postgresql", "postgres", "sqlite"]) == nil)
    }
}
