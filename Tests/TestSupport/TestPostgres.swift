import ClinicSchema
import ClinicStores
import Foundation

/// The throwaway server `scripts/test.sh` starts.
///
/// Without it, PostgreSQL tests are skipped; with
/// it, they fail when it cannot be reached.
public enum TestPostgres {
    /// The administrative URL from `CLINIC_TEST_PG_URL`.
    public static var adminURL: String? { ProcessInfo.processInfo.environment["CLINIC_TEST_PG_URL"] }

    /// Whether the test command started a server.
    public static var isConfigured: Bool { adminURL != nil }

    /// This machine's network address, on which `scripts/pg.sh` also listens (for this machine only).
    public static var ownAddress: String? {
        ProcessInfo.processInfo.environment["CLINIC_TEST_PG_OWN_ADDRESS"]
    }

    /// A socket on 127.0.0.1 that listens but never accepts or answers.
    public final class SilentListener {
        public let port: Int
        private let fd: Int32

        public init?() {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { return nil }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let ready = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, length) == 0 && listen(fd, 4) == 0 && getsockname(fd, $0, &length) == 0
                }
            }
            guard ready else {
                close(fd)
                return nil
            }
            self.fd = fd
            port = Int(UInt16(bigEndian: address.sin_port))
        }

        deinit { close(fd) }
    }

    /// A TCP port on 127.0.0.1 nothing listens on (a silent listener's, once it is closed).
    public static func freePort() -> Int? { SilentListener()?.port }
}

/// A database created for one test and dropped afterwards.
public final class ScratchDatabase {
    /// The database's URL, password included.
    public let url: String
    /// The database's name.
    public let name: String
    private let admin: String

    /// Creates an empty database on the test server, or on the server of `admin`; with
    /// `template`, a copy of that database (which nobody may be connected to).
    public init(admin: String? = TestPostgres.adminURL, template: String? = nil) throws {
        guard let admin else {
            throw TestSupportError("CLINIC_TEST_PG_URL is not set")
        }
        self.admin = admin
        name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try PGConnection(PostgresURL(admin)).exec(
            "CREATE DATABASE \(name)" + (template.map { " TEMPLATE \($0)" } ?? ""))
        guard let slash = admin.range(of: "/", options: .backwards) else {
            throw TestSupportError("bad admin URL")
        }
        url = admin[..<slash.lowerBound] + "/" + name
    }

    /// Runs SQL in this database and returns the first column of each row.
    @discardableResult
    public func query(_ sql: String) throws -> [String?] {
        let result = try PGConnection(PostgresURL(url)).exec(sql)
        return (0..<result.rowCount).map { result.value($0, 0) }
    }

    /// A connection holding an exclusive lock on `table` until it is released, so a reader of that
    /// table waits there: a test can then break the run at a known point.
    package func lock(_ table: String) throws -> PGConnection {
        let connection = try PGConnection(PostgresURL(url + "?application_name=clinic-etl-test"))
        try connection.exec("BEGIN")
        try connection.exec("LOCK TABLE \(table) IN ACCESS EXCLUSIVE MODE")
        return connection
    }

    /// Ends the server process `pid` the way an administrator or a crash would.
    public func terminate(backend pid: Int32) throws {
        let ended = try query("SELECT pg_terminate_backend(\(pid))")
        guard ended == ["t"] else { throw TestSupportError("backend \(pid) was not terminated") }
    }

    /// The server processes of clinic-etl's connections to this database that are running `prefix…`.
    public func backends(runningQueryStartingWith prefix: String) throws -> [Int32] {
        try query(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = "
                + "'clinic-etl' AND state = 'active' AND pid <> pg_backend_pid() AND query ILIKE '\(prefix)%'"
        ).compactMap { $0.flatMap { Int32($0) } }
    }

    /// Every constraint and index definition of the public schema, sorted: what a failed load
    /// that dropped and recreated them must leave exactly as it was.
    public func schemaDefinitions() throws -> [String] {
        let constraints = try query(
            "SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint "
                + "WHERE connamespace = 'public'::regnamespace")
        let indexes = try query("SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'")
        return (constraints + indexes).compactMap { $0 }.sorted()
    }

    /// A checksum of every row of each catalog table present, computed by the server.
    public func checksums() throws -> [String: String] {
        var sums: [String: String] = [:]
        for table in Catalog.clinic.tables {
            let exists = try query("SELECT to_regclass('\(table.name)') IS NOT NULL")
            guard exists.first == "t" else { continue }
            let columns = table.columnNames.map { "\"\($0)\"" }.joined(separator: ", ")
            let sum = try query(
                "SELECT count(*) || ':' || md5(coalesce(string_agg(r::text, E'\\n' ORDER BY r.\(table.primaryKey?.name ?? "id")), '')) "
                    + "FROM (SELECT \(columns) FROM \(table.name)) AS r")
            sums[table.name] = sum.first ?? nil
        }
        return sums
    }

    deinit {
        _ = try? PGConnection(PostgresURL(admin)).exec("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }
}

/// A failure in test set-up.
public struct TestSupportError: Error, CustomStringConvertible {
    public let description: String

    /// Creates an error with a message.
    public init(_ description: String) { self.description = description }
}
