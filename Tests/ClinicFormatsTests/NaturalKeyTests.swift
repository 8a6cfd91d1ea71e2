import ClinicPipeline
import ClinicSchema
import Foundation
import TestSupport
import Testing

@testable import ClinicFormats

/// Issue #14: fixtures made with `dumpdata --natural-foreign --natural-primary` name users,
/// groups, permissions and content types by natural key; the rows get the ids those keys stand for.
@Suite struct NaturalKeyTests {
    private let fixture = """
        {"model": "contenttypes.contenttype", "fields": {"app_label": "api", "model": "user"}}
        {"model": "auth.permission", "fields": {"name": "Can add user", "content_type": ["api", "user"], "codename": "add_user"}}
        {"model": "auth.group", "pk": 5, "fields": {"name": "Back office", "permissions": []}}
        {"model": "auth.group", "fields": {"name": "Front desk", "permissions": [["add_user", "api", "user"]]}}
        {"model": "api.user", "fields": {"username": "ana", "groups": [["Front desk"], ["Back office"]], "user_permissions": [["add_user", "api", "user"]]}}
        {"model": "api.user", "fields": {"username": "ben", "groups": [["Nobody"]], "user_permissions": []}}
        {"model": "authtoken.token", "pk": "0123456789abcdef0123456789abcdef01234567", "fields": {"user": ["ben"], "created": "2025-11-10T22:28:36.802Z"}}
        {"model": "authtoken.token", "pk": "1123456789abcdef0123456789abcdef01234567", "fields": {"user": ["ghost"], "created": "2025-11-10T22:28:36.802Z"}}

        """

    /// Each row of `table` read from the fixture, with its problems.
    private func rows(_ table: String, _ source: FixtureSource) throws -> [SourceRow] {
        let definition = try #require(Catalog.clinic.table(named: table))
        let cursor = try source.open(definition)
        var rows: [SourceRow] = []
        while let row = try cursor.next() { rows.append(row) }
        return rows
    }

    private func value(_ row: SourceRow?, _ table: String, _ column: String) -> Value? {
        guard let row, let i = Catalog.clinic.table(named: table)?.index(of: column) else { return nil }
        return row.values[i]
    }

    @Test func keysBecomeTheIdsOfTheObjectsTheyName() throws {
        let scratch = try ScratchDirectory()
        try fixture.write(toFile: scratch.file("f.jsonl"), atomically: true, encoding: .utf8)
        let source = FixtureSource(path: scratch.file("f.jsonl"), format: .jsonl, gzip: false, now: .now())
        _ = try source.availableTables()
        // Objects without a pk are numbered in file order above the fixture's own ids.
        let groups = try rows("auth_group", source)
        #expect(groups.map { value($0, "auth_group", "id") } == [.integer(5), .integer(6)])
        #expect(groups.allSatisfy { $0.problems.isEmpty }, "\(groups.map(\.problems))")
        let users = try rows("api_user", source)
        #expect(users.map { value($0, "api_user", "id") } == [.integer(1), .integer(2)])
        #expect(!users.contains { $0.problems.contains { $0.column == "id" } })
        let permission = try rows("auth_permission", source).first
        #expect(value(permission, "auth_permission", "content_type_id") == .integer(1))
        #expect(value(permission, "auth_permission", "id") == .integer(1))

        let memberships = try rows("api_user_groups", source)
        #expect(
            memberships.map { value($0, "api_user_groups", "user_id") } == [
                .integer(1), .integer(1), .integer(2),
            ])
        #expect(
            memberships.map { value($0, "api_user_groups", "group_id") } == [.integer(6), .integer(5), .null])
        let unknown = try #require(memberships.last?.problems.first)
        #expect(unknown.rule == .foreignKey)
        #expect(unknown.message.contains("[\"Nobody\"] names no auth.group"), "\(unknown.message)")
        let granted = try rows("auth_group_permissions", source)
        #expect(granted.map { value($0, "auth_group_permissions", "permission_id") } == [.integer(1)])
        #expect(granted.map { value($0, "auth_group_permissions", "group_id") } == [.integer(6)])

        let tokens = try rows("authtoken_token", source)
        #expect(value(tokens.first, "authtoken_token", "user_id") == .integer(2))
        let ghost = try #require(tokens.last?.problems.first)
        #expect(ghost.rule == .foreignKey && ghost.column == "user_id")
        #expect(ghost.message.contains("[\"ghost\"] names no api.user in the fixture or the target"))
    }

    @Test func xmlNamesThemTheSameWay() throws {
        let scratch = try ScratchDirectory()
        try """
        <?xml version="1.0" encoding="utf-8"?>
        <django-objects version="1.0"><object model="api.user"><field name="username" type="CharField">ana</field><field name="groups" rel="ManyToManyRel" to="auth.group"></field><field name="user_permissions" rel="ManyToManyRel" to="auth.permission"></field></object><object model="authtoken.token" pk="0123456789abcdef0123456789abcdef01234567"><field name="user" rel="OneToOneRel" to="api.user"><natural>ana</natural></field><field name="created" type="DateTimeField">2025-11-10T22:28:36.802000+00:00</field></object></django-objects>
        """.write(toFile: scratch.file("f.xml"), atomically: true, encoding: .utf8)
        let source = FixtureSource(path: scratch.file("f.xml"), format: .xml, gzip: false, now: .now())
        _ = try source.availableTables()
        #expect(try rows("api_user", source).map { value($0, "api_user", "id") } == [.integer(1)])
        let token = try rows("authtoken_token", source).first
        #expect(value(token, "authtoken_token", "user_id") == .integer(1))
        #expect(token?.problems.isEmpty == true, "\(token?.problems ?? [])")
    }

    /// Django's `get_field` takes a foreign key's column name too, and so does `loaddata`.
    @Test func aForeignKeyMayBeGivenByItsColumnName() throws {
        let scratch = try ScratchDirectory()
        try """
        {"model": "authtoken.token", "pk": "0123456789abcdef0123456789abcdef01234567", "fields": {"user_id": 7, "created": "2025-11-10T22:28:36.802Z"}}

        """.write(toFile: scratch.file("f.jsonl"), atomically: true, encoding: .utf8)
        let source = FixtureSource(path: scratch.file("f.jsonl"), format: .jsonl, gzip: false, now: .now())
        let token = try rows("authtoken_token", source).first
        #expect(value(token, "authtoken_token", "user_id") == .integer(7))
        #expect(token?.problems.isEmpty == true, "\(token?.problems ?? [])")
    }
}
