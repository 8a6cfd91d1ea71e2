import Foundation
import TestSupport
import Testing

/// Issue #14 (e): `clinic-etl schema --create` makes the database Django's `migrate` makes.
///
/// What must match, table by table, for all the tables `migrate` creates: the columns in their
/// order, with type, NULL and identity; every constraint's and index's definition (PRIMARY KEY,
/// UNIQUE, FOREIGN KEY … DEFERRABLE INITIALLY DEFERRED, CHECK, `varchar_pattern_ops`); and, in a
/// second test, their names, which Django derives from an MD5 of table and columns. Only the
/// position of dropped columns (django_content_type's old `name`) is ignored: live columns are
/// numbered 1, 2, … as psql and COPY see them. `migrate`'s rows (content types, permissions,
/// its history) are data, not schema, and are the restore tests' business.
@Suite(.serialized, .enabled(if: DjangoApp.isConfigured, "needs scripts/test.sh's Django virtualenv"))
struct DjangoSchemaTests {
    @Test(arguments: [false, true])
    func postgresSchemaEqualsMigrate(names: Bool) throws {
        let world = try DjangoWorld.shared.get()
        let migrated = try world.clone(world.migrated)
        let ours = try ScratchDatabase()
        let create = try CLI.run(["schema", "--create", ours.url])
        try #require(create.status == 0, "schema --create: \(create.stderr)")
        let differences = DjangoApp.lineDifferences(
            try DjangoApp.schema(.postgres(migrated.url), names: names),
            try DjangoApp.schema(.postgres(ours.url), names: names))
        let equal = differences.isEmpty
        #expect(equal, "- Django only, + ours only:\n\(DjangoApp.summary(differences))")
    }

    @Test(arguments: [false, true])
    func sqliteSchemaEqualsMigrate(names: Bool) throws {
        let world = try DjangoWorld.shared.get()
        let scratch = try ScratchDirectory()
        let ours = scratch.file("ours.sqlite3")
        let create = try CLI.run(["schema", "--create", "sqlite:///" + ours])
        try #require(create.status == 0, "schema --create: \(create.stderr)")
        let differences = DjangoApp.lineDifferences(
            try DjangoApp.schema(.sqlite(world.migratedSQLite), names: names),
            try DjangoApp.schema(.sqlite(ours), names: names))
        let equal = differences.isEmpty
        #expect(equal, "- Django only, + ours only:\n\(DjangoApp.summary(differences))")
    }
}
