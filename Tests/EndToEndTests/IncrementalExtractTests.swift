import ClinicSchema
import Foundation
import TestSupport
import Testing

/// `--since` and `--state` read exactly the rows created or changed after the bookmark.
@Suite(.enabled(if: TestPostgres.isConfigured, "needs scripts/test.sh's PostgreSQL"))
struct IncrementalExtractTests {
    /// The ids in a CSV file of the tool's, in order.
    func ids(_ file: String) throws -> [String] {
        try Fixtures.records(ofFile: file).map { $0[0] ?? "" }
    }

    @Test func sinceReadsExactlyTheRowsChangedAfterItFromPostgreSQLAndSQLite() throws {
        let scratch = try ScratchDirectory()
        let db = try ScratchDatabase()
        try Fixtures.writeSample(to: scratch.file("in"))
        try Fixtures.copy(scratch.file("in"), db.url)
        let sqlite = "sqlite:///" + scratch.file("clinic.sqlite3")
        try Fixtures.copy(scratch.file("in"), sqlite)
        let since = "2025-09-15T08:00:00+08:00"
        for (name, source) in [("pg", db.url), ("sqlite", sqlite)] {
            let run = try CLI.run(["copy", source, scratch.file(name), "--since", since])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stderr.contains("read whole (no created_at, updated_at or other auto-set time): "))
        }
        for table in Catalog.clinic.appTables {
            let columns = table.columns.filter { $0.autoNow != nil }.map(\.name)
            let filter =
                columns.isEmpty
                ? "" : " WHERE " + columns.map { "\($0) >= '\(since)'" }.joined(separator: " OR ")
            let expected = try db.query("SELECT t.id::text FROM \(table.name) AS t\(filter) ORDER BY t.id")
                .compactMap { $0 }
            #expect(try ids(scratch.file("pg/\(table.name).csv")) == expected, "\(table.name)")
            if table.name == "api_appointment" {
                // The cut is real: some appointments are before it, some after.
                let all = try db.query("SELECT count(*)::text FROM api_appointment").first.flatMap { $0 }
                #expect(expected.count > 0 && expected.count < Int(all ?? "") ?? 0)
            }
        }
        #expect(
            try Fixtures.contents(of: scratch.file("pg")) == Fixtures.contents(of: scratch.file("sqlite")))
    }

    @Test func aStateFileBookmarksEachRunAndTheNextReadsOnlyWhatChanged() throws {
        let scratch = try ScratchDirectory()
        let db = try ScratchDatabase()
        try Fixtures.writeSample(to: scratch.file("in"))
        try Fixtures.copy(scratch.file("in"), db.url)
        let state = scratch.file("state.json")
        let first = try CLI.run(["copy", db.url, scratch.file("full"), "--state", state])
        #expect(first.status == 0, "\(first.stderr)")
        // With no state yet, everything is read; the bookmarks are the snapshot's time.
        #expect(try Fixtures.contents(of: scratch.file("full")) == Fixtures.contents(of: scratch.file("in")))
        let saved = try String(contentsOfFile: state, encoding: .utf8)
        #expect(saved.contains("\"api_billing\""))
        #expect(saved.contains("\"replication_key_value\""))
        #expect(!saved.contains("api_cliniclocation"))
        let changed = try db.query(
            "UPDATE api_billing SET description = description || ' (revised)', updated_at = now() "
                + "WHERE id IN (SELECT id FROM api_billing ORDER BY id LIMIT 2) RETURNING id::text")
        let second = try CLI.run(["copy", db.url, scratch.file("delta"), "--state", state])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try ids(scratch.file("delta/api_billing.csv")) == changed.compactMap { $0 })
        #expect(try ids(scratch.file("delta/api_appointment.csv")).isEmpty)
        // Tables that cannot be cut by time come whole, and the summary said so.
        #expect(second.stderr.contains("read whole"))
        #expect(
            try ids(scratch.file("delta/api_cliniclocation.csv"))
                == ids(scratch.file("full/api_cliniclocation.csv")))
        let third = try CLI.run(["copy", db.url, scratch.file("none"), "--state", state])
        #expect(third.status == 0)
        #expect(try ids(scratch.file("none/api_billing.csv")).isEmpty)
        // A file source has no change times.
        let refused = try CLI.run([
            "copy", scratch.file("in"), scratch.file("x"), "--since", "2025-01-01T00:00:00Z",
        ])
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("--since and --state read a PostgreSQL or SQLite database"))
    }
}
