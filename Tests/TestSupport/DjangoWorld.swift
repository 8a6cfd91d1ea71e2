import Foundation

/// The databases the Django tests start from, made once per test run: one PostgreSQL database
/// and one SQLite file that `manage.py migrate` made, and a copy of each that `fill_clinic`
/// filled, with their checksums and dumps taken then.
///
/// The PostgreSQL ones are templates: tests work on copies (`clone`), since nobody may be
/// connected to a template while it is copied.
// @unchecked Sendable: every stored property is set in `init` and never changed; the dump cache
// is guarded by its lock.
public final class DjangoWorld: @unchecked Sendable {
    /// The world, or why it could not be made (every Django test then fails with that).
    public static let shared = Result { try DjangoWorld() }

    /// A migrated PostgreSQL database holding only what `migrate` writes.
    public let migrated: ScratchDatabase
    /// A copy of `migrated` filled by `fill_clinic`.
    public let filled: ScratchDatabase
    /// `filled`'s checksums, by table.
    public let filledChecksums: [String: String]
    /// `filledSQLite`'s checksums, by table.
    public let filledSQLiteChecksums: [String: String]
    /// The world's folder; it lives as long as the test process, which removes it on exit.
    fileprivate static let folderPath = FileManager.default.temporaryDirectory
        .appendingPathComponent("clinic-etl-django-\(getpid())").path
    private let lock = NSLock()
    private var dumps: [String: String] = [:]

    /// The migrated SQLite file (copy it before writing to it).
    public var migratedSQLite: String { file("migrated.sqlite3") }
    /// The filled SQLite file (copy it before writing to it).
    public var filledSQLite: String { file("filled.sqlite3") }
    /// The filled SQLite file without the clinic's rows, tokens and admin log, but with its groups
    /// and permissions: where a `dumpdata api` fixture loads (copy it before writing to it).
    public var groupsOnlySQLite: String { file("groups-only.sqlite3") }

    private init() throws {
        try FileManager.default.createDirectory(atPath: Self.folderPath, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: DjangoWorld.folderPath) }
        migrated = try ScratchDatabase()
        try DjangoApp.manage(["migrate", "--verbosity", "0"], on: .postgres(migrated.url))
        filled = try ScratchDatabase(template: migrated.name)
        try DjangoApp.manage(["fill_clinic"], on: .postgres(filled.url))
        filledChecksums = try DjangoApp.checksums(.postgres(filled.url))
        try DjangoApp.manage(["migrate", "--verbosity", "0"], on: .sqlite(file("migrated.sqlite3")))
        try FileManager.default.copyItem(
            atPath: file("migrated.sqlite3"), toPath: file("filled.sqlite3"))
        try DjangoApp.manage(["fill_clinic"], on: .sqlite(file("filled.sqlite3")))
        filledSQLiteChecksums = try DjangoApp.checksums(.sqlite(file("filled.sqlite3")))
        try FileManager.default.copyItem(atPath: file("filled.sqlite3"), toPath: file("groups-only.sqlite3"))
        try DjangoApp.manage(["clear_clinic"], on: .sqlite(file("groups-only.sqlite3")))
    }

    /// A new database copied from `template` (`migrated` or `filled`).
    public func clone(_ template: ScratchDatabase) throws -> ScratchDatabase {
        try ScratchDatabase(template: template.name)
    }

    /// Copies one of the world's SQLite files to `path`, to write to.
    public func copySQLite(_ file: String, to path: String) throws {
        try FileManager.default.copyItem(atPath: file, toPath: path)
    }

    /// `manage.py dumpdata` of the filled SQLite file as indented JSON, with `arguments` (an app
    /// label, `--natural-foreign`…), made once per set of arguments.
    public func filledDump(_ arguments: [String]) throws -> String {
        try cached("filled " + arguments.joined(separator: " ")) {
            try DjangoApp.manage(["dumpdata", "--indent", "2"] + arguments, on: .sqlite(filledSQLite))
        }
    }

    /// The folder holding `dumpdata` of the filled SQLite file in every variant, written once by
    /// `manage.py dump_variants` (one process for all 24).
    public func dumpVariants() throws -> String {
        try cached("variants") {
            try DjangoApp.manage(["dump_variants", file("dumps")], on: .sqlite(filledSQLite))
            return file("dumps")
        }
    }

    /// What Django makes of `fixture`: `loaddata` into a copy of `base` (a SQLite file of the
    /// world), then `dumpdata --indent 2 arguments`; made once per `kind` (fixtures that load
    /// alike, since JSON keeps milliseconds and XML microseconds) and set of arguments.
    public func djangoReload(_ fixture: String, into base: String, kind: String, _ arguments: [String]) throws
        -> String
    {
        try cached("reload \(kind) " + arguments.joined(separator: " ")) {
            let scratch = try ScratchDirectory()
            try copySQLite(base, to: scratch.file("reload.sqlite3"))
            try DjangoApp.manage(["loaddata", fixture], on: .sqlite(scratch.file("reload.sqlite3")))
            return try DjangoApp.manage(
                ["dumpdata", "--indent", "2"] + arguments, on: .sqlite(scratch.file("reload.sqlite3")))
        }
    }

    private func cached(_ key: String, _ make: () throws -> String) throws -> String {
        lock.lock()
        let known = dumps[key]
        lock.unlock()
        if let known { return known }
        let made = try make()
        lock.lock()
        dumps[key] = made
        lock.unlock()
        return made
    }
}

/// A path in the world's folder.
private func file(_ name: String) -> String {
    (DjangoWorld.folderPath as NSString).appendingPathComponent(name)
}
