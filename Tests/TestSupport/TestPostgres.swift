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
}

/// A database created for one test and dropped afterwards.
public final class ScratchDatabase {
    /// The database's URL, password included.
    public let url: String
    private let admin: String
    private let name: String

    /// Creates an empty database on the test server.
    public init() throws {
        guard let admin = TestPostgres.adminURL else {
            throw TestSupportError("CLINIC_TEST_PG_URL is not set")
        }
        self.admin = admin
        name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try PGConnection(PostgresURL(admin)).exec("CREATE DATABASE \(name)")
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

    /// A checksum of every row of each catalog table present, computed by the server.
    public func checksums() throws -> [String: String] {
        var sums: [String: String] = [:]
        for table in Catalog.clinic.tables {
            let exists = try query("SELECT to_regclass('\(table.name)') IS NOT NULL")
            guard exists.first == "t" else { continue }
            let columns = table.columnNames.map { "\"\($0)\"" }.joined(separator: ", ")
            let sum = try query(
                "SELECT count(*) || ':' || md5(coalesce(string_agg(r::text, E'\\n' ORDER BY r.id), '')) "
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
