import Foundation
import TestSupport
import Testing

/// Issue #14 (a) and (d): a database that the app's own `migrate` made and its ORM filled backs
/// up, restores and copies exactly — every table of it equal by checksum — with warnings only,
/// and the app finds the restored database fully migrated.
@Suite(.serialized, .enabled(if: DjangoApp.isConfigured, "needs scripts/test.sh's Django virtualenv"))
struct DjangoBackupTests {
    @Test func aPostgresBackupRestoresIntoAnEmptyDatabaseExactly() throws {
        let world = try DjangoWorld.shared.get()
        let scratch = try ScratchDirectory()
        let source = try world.clone(world.filled)
        try backUp(source.url, to: scratch.file("backup.tar.gz"))
        let target = try ScratchDatabase()
        try restore(scratch.file("backup.tar.gz"), into: target.url)
        let differences = DjangoApp.differences(
            world.filledChecksums, try DjangoApp.checksums(.postgres(target.url)))
        let equal = differences.isEmpty
        #expect(equal, "\(DjangoApp.summary(differences))")
    }

    @Test func aPostgresBackupRestoresIntoAMigratedDatabaseWithTruncate() throws {
        let world = try DjangoWorld.shared.get()
        let scratch = try ScratchDirectory()
        let source = try world.clone(world.filled)
        try backUp(source.url, to: scratch.file("backup.tar.gz"))
        // migrate wrote content types, permissions and its history: the tables are not empty.
        let target = try world.clone(world.migrated)
        try restore(scratch.file("backup.tar.gz"), into: target.url, "--truncate")
        let differences = DjangoApp.differences(
            world.filledChecksums, try DjangoApp.checksums(.postgres(target.url)))
        let equal = differences.isEmpty
        #expect(equal, "\(DjangoApp.summary(differences))")
    }

    @Test func everyTableButMigratesOwnLoadsPlainlyIntoAMigratedPostgresDatabase() throws {
        let world = try DjangoWorld.shared.get()
        let scratch = try ScratchDirectory()
        let source = try world.clone(world.filled)
        // What migrate writes itself (and fill_clinic leaves alone) stays out: every other table of
        // the migrated database is empty, so a plain load goes in, whatever references api_user.
        let migrates = ["auth_permission", "django_content_type", "django_migrations"]
        let tables = world.filledChecksums.keys.filter { !migrates.contains($0) }.sorted()
        try backUp(source.url, to: scratch.file("backup.tar.gz"), "--tables", tables.joined(separator: ","))
        let target = try world.clone(world.migrated)
        try restore(scratch.file("backup.tar.gz"), into: target.url)
        let differences = DjangoApp.differences(
            world.filledChecksums, try DjangoApp.checksums(.postgres(target.url)))
        let equal = differences.isEmpty
        #expect(equal, "\(DjangoApp.summary(differences))")
    }

    @Test func aPostgresDatabaseCopiesIntoAnEmptyOneExactly() throws {
        let world = try DjangoWorld.shared.get()
        let source = try world.clone(world.filled)
        let target = try ScratchDatabase()
        try restore(source.url, into: target.url)
        let differences = DjangoApp.differences(
            world.filledChecksums, try DjangoApp.checksums(.postgres(target.url)))
        let equal = differences.isEmpty
        #expect(equal, "\(DjangoApp.summary(differences))")
    }

    @Test func aSQLiteBackupRestoresIntoAnEmptyFileExactly() throws {
        let world = try DjangoWorld.shared.get()
        let scratch = try ScratchDirectory()
        try backUp("sqlite:///" + world.filledSQLite, to: scratch.file("backup.tar.gz"))
        try restore(scratch.file("backup.tar.gz"), into: "sqlite:///" + scratch.file("restored.sqlite3"))
        let restored = try DjangoApp.checksums(.sqlite(scratch.file("restored.sqlite3")))
        let differences = DjangoApp.differences(world.filledSQLiteChecksums, restored)
        let equal = differences.isEmpty
        #expect(equal, "\(DjangoApp.summary(differences))")
    }

    @Test func aSQLiteBackupRestoresIntoAMigratedFileWithTruncate() throws {
        let world = try DjangoWorld.shared.get()
        let scratch = try ScratchDirectory()
        try backUp("sqlite:///" + world.filledSQLite, to: scratch.file("backup.tar.gz"))
        try world.copySQLite(world.migratedSQLite, to: scratch.file("migrated.sqlite3"))
        try restore(
            scratch.file("backup.tar.gz"), into: "sqlite:///" + scratch.file("migrated.sqlite3"), "--truncate"
        )
        let restored = try DjangoApp.checksums(.sqlite(scratch.file("migrated.sqlite3")))
        let differences = DjangoApp.differences(world.filledSQLiteChecksums, restored)
        let equal = differences.isEmpty
        #expect(equal, "\(DjangoApp.summary(differences))")
    }

    @Test func afterARestoreIntoAnEmptyPostgresDatabaseMigrateHasNothingToDoAndDumpdataWorks() throws {
        let world = try DjangoWorld.shared.get()
        let scratch = try ScratchDirectory()
        let source = try world.clone(world.filled)
        try backUp(source.url, to: scratch.file("backup.tar.gz"))
        let target = try ScratchDatabase()
        try restore(scratch.file("backup.tar.gz"), into: target.url)
        try expectFullyMigrated(.postgres(target.url), dumpingLike: .postgres(source.url))
    }

    @Test func afterARestoreIntoAnEmptySQLiteFileMigrateHasNothingToDoAndDumpdataWorks() throws {
        let world = try DjangoWorld.shared.get()
        let scratch = try ScratchDirectory()
        try backUp("sqlite:///" + world.filledSQLite, to: scratch.file("backup.tar.gz"))
        try restore(scratch.file("backup.tar.gz"), into: "sqlite:///" + scratch.file("restored.sqlite3"))
        try expectFullyMigrated(
            .sqlite(scratch.file("restored.sqlite3")), dumpingLike: .sqlite(world.filledSQLite))
    }

    /// `migrate --check` exits 0 (nothing to apply) and `dumpdata` of every app equals the source's.
    private func expectFullyMigrated(
        _ database: DjangoApp.Database, dumpingLike source: DjangoApp.Database
    ) throws {
        let check = try DjangoApp.run(["migrate", "--check"], on: database)
        #expect(check.status == 0, "migrate --check: \(check.stdout)\(check.stderr.suffix(1500))")
        let dump = try DjangoApp.run(["dumpdata", "--indent", "2"], on: database)
        #expect(dump.status == 0, "dumpdata: \(dump.stderr.suffix(1500))")
        if dump.status == 0 {
            #expect(dump.stdout == (try DjangoApp.manage(["dumpdata", "--indent", "2"], on: source)))
        }
    }

    private func backUp(_ source: String, to archive: String, _ options: String...) throws {
        let result = try CLI.run(["copy", source, archive, "--quiet"] + options)
        try #require(result.status == 0, "backup exited \(result.status): \(result.stderr.suffix(3000))")
    }

    private func restore(_ source: String, into target: String, _ options: String...) throws {
        let result = try CLI.run(["copy", source, target, "--quiet"] + options)
        try #require(result.status == 0, "restore exited \(result.status): \(result.stderr.suffix(3000))")
    }
}
