import Foundation
import TestSupport
import Testing

/// One load at a time into a PostgreSQL database: a second one stops at once with its own
/// message and exit status 75, instead of waiting on locks or failing with the server's
/// "deadlock detected" or "duplicate key … pg_type_typname_nsp_index".
@Suite(.enabled(if: TestPostgres.isConfigured, "needs scripts/test.sh's PostgreSQL"))
struct LoadLockTests {
    @Test func aSecondLoadWhileOneRebuildsIndexesIsRefusedAtOnce() throws {
        let scratch = try ScratchDirectory()
        let db = try ScratchDatabase()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 3000)
        #expect(try CLI.run(["schema", "--create", db.url]).status == 0)
        try db.addSlowIndex()
        let first = try RunningCLI(["copy", scratch.file("in"), db.url, "-q"])
        #expect(
            try RunningCLI.waitUntil { try !db.backends(runningQueryStartingWith: "CREATE INDEX").isEmpty })
        // Without the lock, the second load waits on the first one's table locks: give up soon.
        let second = try CLI.run(
            ["copy", scratch.file("in"), db.url, "-q", "--append"],
            environment: ["PGOPTIONS": "-c lock_timeout=5s"])
        #expect(second.status == 75, "\(second.stderr)")
        #expect(second.stderr.contains("another load into this database is running"))
        #expect(second.stderr.contains("hint: wait for it to end"))
        first.send(SIGINT)
        #expect(first.finish(within: 30).status == 130)
    }

    @Test func twoLoadsIntoAnEmptyDatabaseAtOnce() throws {
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 3000)
        let db = try ScratchDatabase()
        let runs = try (0..<2).map { _ in try RunningCLI(["copy", scratch.file("in"), db.url, "-q"]) }
        let ends = runs.map { $0.finish() }
        #expect(ends.map(\.status).sorted() == [0, 75], "\(ends.map(\.stderr))")
        let loser = ends.filter { $0.status == 75 }.map(\.stderr).joined()
        #expect(loser.contains("another load into this database is running"), "\(loser)")
        #expect(!loser.contains("deadlock") && !loser.contains("duplicate key"))
    }
}
