import Foundation

/// The clinic app as a real Django project (`Tests/DjangoApp`), run through its `manage.py` with
/// the virtualenv's python that `scripts/test.sh` names in `CLINIC_TEST_DJANGO_PYTHON`.
///
/// Without that variable the Django tests are skipped; with it, they fail when Django cannot run.
public enum DjangoApp {
    /// The virtualenv's python, from `CLINIC_TEST_DJANGO_PYTHON`.
    public static var python: String? { ProcessInfo.processInfo.environment["CLINIC_TEST_DJANGO_PYTHON"] }

    /// Whether the test command set up the virtualenv.
    public static var isConfigured: Bool { python != nil }

    /// The project's folder, beside this file's.
    public static let project = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("DjangoApp").path

    /// A database the app is pointed at.
    public enum Database: Sendable {
        /// A PostgreSQL URL, given to the app as `DATABASE_URL`.
        case postgres(String)
        /// A SQLite file, given to the app as `CLINIC_SQLITE`.
        case sqlite(String)

        /// The location as clinic-etl names it.
        public var location: String {
            switch self {
            case .postgres(let url): url
            case .sqlite(let path): "sqlite:///" + path
            }
        }

        var environment: [String: String] {
            switch self {
            case .postgres(let url): ["DATABASE_URL": url]
            // An empty DATABASE_URL is none, so the app falls back to CLINIC_SQLITE.
            case .sqlite(let path): ["DATABASE_URL": "", "CLINIC_SQLITE": path]
            }
        }
    }

    /// Runs `manage.py arguments` against `database` and returns what it printed.
    public static func run(_ arguments: [String], on database: Database) throws -> CLI.Result {
        guard let python else { throw TestSupportError("CLINIC_TEST_DJANGO_PYTHON is not set") }
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw TestSupportError(
                "CLINIC_TEST_DJANGO_PYTHON=\(python) is not an executable; run scripts/test.sh")
        }
        let environment = database.environment.merging(["PYTHONDONTWRITEBYTECODE": "1"]) { $1 }
        return try CLI.run(
            [project + "/manage.py"] + arguments, environment: environment, executable: python)
    }

    /// Runs `manage.py arguments` and returns its standard output; a non-zero exit throws with
    /// what it printed on standard error.
    @discardableResult
    public static func manage(_ arguments: [String], on database: Database) throws -> String {
        let result = try run(arguments, on: database)
        guard result.status == 0 else {
            throw TestSupportError(
                "manage.py \(arguments.joined(separator: " ")) exited \(result.status): "
                    + String(result.stderr.suffix(2000)))
        }
        return result.stdout
    }

    /// Each table's row count and checksum (`manage.py table_checksums`), by table.
    public static func checksums(_ database: Database) throws -> [String: String] {
        var sums: [String: String] = [:]
        for line in try manage(["table_checksums"], on: database).split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else { throw TestSupportError("table_checksums printed \(line)") }
            sums[String(parts[0])] = String(parts[1])
        }
        return sums
    }

    /// The schema as sorted lines (`manage.py describe_schema`), names left out unless `names`.
    public static func schema(_ database: Database, names: Bool) throws -> [String] {
        try manage(["describe_schema"] + (names ? [] : ["--no-names"]), on: database)
            .split(separator: "\n").map(String.init)
    }

    /// The tables whose checksums differ between two databases, with both sides, one a line;
    /// empty when every table is equal.
    public static func differences(_ expected: [String: String], _ actual: [String: String]) -> [String] {
        Set(expected.keys).union(actual.keys).sorted().compactMap { table in
            let (want, got) = (expected[table], actual[table])
            return want == got ? nil : "\(table): Django \(want ?? "absent"), restored \(got ?? "absent")"
        }
    }

    /// The lines only one side has, marked `-` (only in `expected`) and `+` (only in `actual`).
    public static func lineDifferences(_ expected: [String], _ actual: [String]) -> [String] {
        let (want, got) = (Set(expected), Set(actual))
        return expected.filter { !got.contains($0) }.map { "- " + $0 }
            + actual.filter { !want.contains($0) }.map { "+ " + $0 }
    }
}

extension DjangoApp {
    /// A difference list for a test message: the first 60 lines and how many more there are.
    public static func summary(_ lines: [String]) -> String {
        let shown = lines.prefix(60).joined(separator: "\n")
        return lines.count > 60 ? shown + "\n… and \(lines.count - 60) more" : shown
    }
}
