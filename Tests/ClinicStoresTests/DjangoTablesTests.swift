import ClinicPipeline
import ClinicSchema
import Foundation
import TestSupport
import Testing

@testable import ClinicStores

/// A database as the app holds it: Django's own tables beside the 19, rows that break only the
/// app's form rules ('' in required text), an owner who treats patients.
@Suite(.enabled(if: TestPostgres.isConfigured, "needs scripts/test.sh's PostgreSQL"))
struct DjangoTablesTests {
    /// The sample, plus Django's rows and the blanks Django's ORM stores, in a database `schema --create` made.
    func appDatabase(_ scratch: ScratchDirectory) throws -> ScratchDatabase {
        let db = try ScratchDatabase()
        try SchemaCreator.create(at: Location(db.url))
        try Fixtures.writeSample(to: scratch.file("in"), patients: 8, seed: 9)
        try Fixtures.copy(scratch.file("in"), db.url)
        try db.query(
            """
            UPDATE api_service SET description = '' WHERE id = 1;
            UPDATE api_billing SET description = '' WHERE id = 2;
            UPDATE api_cliniclocation SET phone = '' WHERE id = 1;
            INSERT INTO django_content_type (app_label, model) VALUES ('api', 'user'), ('auth', 'group');
            INSERT INTO auth_permission (name, content_type_id, codename) VALUES ('Can add user', 1, 'add_user'),
              ('Can view group', 2, 'view_group');
            INSERT INTO auth_group (name) VALUES ('Front desk'), ('Dentists');
            INSERT INTO auth_group_permissions (group_id, permission_id) VALUES (1, 1), (2, 2);
            INSERT INTO api_user_groups (user_id, group_id) VALUES (1, 1), (2, 2);
            INSERT INTO api_user_user_permissions (user_id, permission_id) VALUES (3, 1);
            INSERT INTO authtoken_token (key, created, user_id)
              VALUES ('9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b', '2025-10-01 08:00:00+00', 1);
            INSERT INTO django_admin_log (action_time, object_id, object_repr, action_flag, change_message,
              content_type_id, user_id)
              VALUES ('2025-10-02 09:00:00.123456+00', '3', 'María Peñaflor', 2, '[{"changed": {"fields": ["Email"]}}]', 1, 1),
              ('2025-10-02 09:01:00+00', NULL, 'gone', 3, '', NULL, 1);
            INSERT INTO django_migrations (app, name, applied)
              VALUES ('api', '0001_initial', '2025-01-01 00:00:00+00'), ('authtoken', '0001_initial', '2025-01-01 00:00:01+00');
            INSERT INTO django_session (session_key, session_data, expire_date)
              VALUES ('k2c9r0q1v4pl7w5x8z3y6b1n0m2a4s6d', 'e30:1u0abc:signature', '2025-11-01 00:00:00+00');
            """)
        return db
    }

    @Test(arguments: ["backup.tar.gz", "dump", "db.sqlite3"])
    func everyTableComesBackExactlyWithWarningsOnly(name: String) throws {
        let scratch = try ScratchDirectory()
        let source = try appDatabase(scratch)
        let backup = try Fixtures.copy(source.url, scratch.file(name))
        #expect(backup.outcome == .clean)
        #expect(backup.summary.tables.count == 29)
        // The app's blank required text is what loaddata stores: counted as warnings, never refused.
        #expect(backup.report.errorCount == 0)
        #expect(backup.report.examples.filter { $0.rule == .required }.count == 3)
        let restored = try ScratchDatabase()
        let restore = try Fixtures.copy(scratch.file(name), restored.url)
        #expect(restore.outcome == .clean)
        let sums = try source.checksums()
        #expect(sums.count == 29)
        #expect(try restored.checksums() == sums)
        // Ids keep counting where they were, in Django's tables too.
        #expect(try restored.query("SELECT nextval('auth_group_id_seq')") == ["3"])
    }

    /// Fixtures carry Django's models and the users' and groups' lists, as `dumpdata` writes them;
    /// only the migration history, which is no model, stays behind, and the summary says so.
    @Test(arguments: ["fixture.json", "fixture.jsonl.gz", "fixture.xml"])
    func fixturesCarryTheListsAndDjangosModels(name: String) throws {
        let scratch = try ScratchDirectory()
        let source = try appDatabase(scratch)
        let dump = try Fixtures.copy(source.url, scratch.file(name))
        #expect(dump.notes.contains { $0.hasPrefix("not copied: django_migrations") })
        let text = (try? String(contentsOfFile: scratch.file(name), encoding: .utf8)) ?? ""
        if name.hasSuffix(".xml") {
            #expect(
                text.contains(
                    "<field name=\"groups\" rel=\"ManyToManyRel\" to=\"auth.group\">\n      <object pk=\"1\"></object>"
                ))
        } else if !name.hasSuffix(".gz") {
            #expect(text.contains(#""groups":[1],"user_permissions":[]}}"#))
            #expect(
                text.contains(#"{"model":"authtoken.token","pk":"9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b""#))
        }
        let restored = try ScratchDatabase()
        try SchemaCreator.create(at: Location(restored.url))
        try Fixtures.copy(scratch.file(name), restored.url)
        var sums = try source.checksums()
        sums["django_migrations"] = try restored.checksums()["django_migrations"]
        #expect(try restored.checksums() == sums)
    }

    /// `--truncate` into a database whose other tables reference the ones loaded: empty ones are
    /// emptied with the load, ones holding rows are named and nothing changes.
    @Test func truncateWithReferencingTables() throws {
        let scratch = try ScratchDirectory()
        let db = try appDatabase(scratch)
        let before = try db.checksums()
        let error = #expect(throws: ETLError.self) {
            try Fixtures.copy(scratch.file("in"), db.url, mode: .truncate)
        }
        #expect(error?.code == .targetNotEmpty)
        #expect(error?.message.contains("api_user_groups") == true)
        #expect(try db.checksums() == before)
        try db.query(
            "DELETE FROM api_user_groups; DELETE FROM api_user_user_permissions; DELETE FROM authtoken_token; "
                + "DELETE FROM django_admin_log")
        try Fixtures.copy(scratch.file("in"), db.url, mode: .truncate)
        #expect(try db.query("SELECT count(*) FROM api_service WHERE description = ''") == ["0"])
    }

    /// A backup taken with `--on-error reject` says it lacks rows, and so does every reader of it.
    @Test func anArchiveWithRowsSetAsideSaysSo() throws {
        let scratch = try ScratchDirectory()
        let db = try appDatabase(scratch)
        try db.query("UPDATE api_user SET email = 'not an email' WHERE id = 4")
        let backup = try Fixtures.copy(
            db.url, scratch.file("partial.tar.gz"), policy: .reject, rejects: scratch.file("rejects"),
            strict: true)
        guard case .loadedWithRejects = backup.outcome else {
            Issue.record("expected rejects, got \(backup.outcome)")
            return
        }
        let check = try Fixtures.check(scratch.file("partial.tar.gz"))
        guard case .incompleteSource(let lines) = check.outcome else {
            Issue.record("expected an incomplete source, got \(check.outcome)")
            return
        }
        #expect(lines.first?.hasPrefix("api_user: 1 row was set aside (email on email: 1 row)") == true)
        #expect(check.outcome.exitStatus == 3)
        let restored = try ScratchDatabase()
        #expect(try Fixtures.copy(scratch.file("partial.tar.gz"), restored.url).outcome.exitStatus == 3)
    }

    /// Tables the catalog does not know are named, never skipped in silence.
    @Test func unknownTablesAreNamed() throws {
        let scratch = try ScratchDirectory()
        let db = try ScratchDatabase()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 3)
        try Fixtures.copy(scratch.file("in"), db.url)
        try db.query("CREATE TABLE notes_note (id int PRIMARY KEY, body text)")
        let result = try Fixtures.copy(db.url, scratch.file("out"))
        #expect(result.notes == ["not copied: notes_note (not a table of the clinic schema)"])
        try "id\n1\n".write(toFile: scratch.file("out/notes.csv"), atomically: true, encoding: .utf8)
        let again = try Fixtures.check(scratch.file("out"))
        #expect(again.notes == ["not copied: notes.csv (not a table of the clinic schema)"])
    }
}
