import ClinicPipeline
import ClinicSchema
import Foundation
import TestSupport
import Testing

@testable import ClinicStores

/// A PostgreSQL source vouches for the constraints its schema enforces, so an extraction to files
/// checks only the app's own rules again; a schema that lacks one is checked in full.
@Suite(.enabled(if: TestPostgres.isConfigured, "needs scripts/test.sh's PostgreSQL"))
struct GuaranteedConstraintsTests {
    func guaranteed(_ db: ScratchDatabase) throws -> Set<String> {
        try PostgresSession.tablesEnforcingCatalog(PGConnection(PostgresURL(db.url)), catalog: .clinic)
    }

    @Test func aSchemaAsDjangoMakesItGuaranteesEveryTableAndALooserOneDoesNot() throws {
        let db = try ScratchDatabase()
        try SchemaCreator.create(at: Location(db.url))
        #expect(try guaranteed(db) == Set(Catalog.clinic.tables.map(\.name)))
        try db.query("ALTER TABLE api_user ALTER COLUMN phone DROP NOT NULL")
        try db.query("ALTER TABLE api_service ALTER COLUMN name TYPE text")
        let unique = try db.query(
            "SELECT conname FROM pg_constraint WHERE conrelid = 'api_passwordresettoken'::regclass AND contype = 'u'"
        )
        try db.query(
            "ALTER TABLE api_passwordresettoken DROP CONSTRAINT \(unique.first.flatMap { $0 } ?? "")")
        let left = try guaranteed(db)
        #expect(left.count == 26)
        #expect(left.isDisjoint(with: ["api_user", "api_service", "api_passwordresettoken"]))
    }

    @Test func theAppsOwnRulesAreStillCheckedAndAMissingConstraintIsCheckedInFull() throws {
        let scratch = try ScratchDirectory()
        let db = try ScratchDatabase()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 10)
        try Fixtures.copy(scratch.file("in"), db.url)
        // Choices are Django's, not the database's: a bad status gets in with SQL and must be found.
        try db.query("UPDATE api_billing SET status = 'bogus' WHERE id = (SELECT min(id) FROM api_billing)")
        // Django refuses empty required text; the database does not. Read only for being empty, it is found.
        try db.query(
            "UPDATE api_clinicalnote SET content = '' WHERE id = (SELECT min(id) FROM api_clinicalnote)")
        // Without its NOT NULL, a NULL in a required column gets in too, and must be found.
        try db.query("ALTER TABLE api_inventoryitem ALTER COLUMN name DROP NOT NULL")
        try db.query(
            "UPDATE api_inventoryitem SET name = NULL WHERE id = (SELECT min(id) FROM api_inventoryitem)")
        let error = #expect(throws: InvalidData.self) { try Fixtures.copy(db.url, scratch.file("out")) }
        let found = Set(
            (error?.violations ?? []).map { "\($0.table).\($0.column ?? "") \($0.rule.rawValue)" })
        #expect(
            found == [
                "api_billing.status choice", "api_inventoryitem.name not_null",
                "api_clinicalnote.content required",
            ])
    }
}
