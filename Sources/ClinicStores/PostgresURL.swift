import ClinicPipeline
import Foundation

/// A PostgreSQL connection address, parsed from a `postgres://` / `postgresql://` URL or a libpq
/// keyword/value string (`host=db dbname=clinic user=app`).
///
/// It is turned into libpq keywords rather than passed as a URL, so options libpq does not know
/// (`pgbouncer=true`, which dj-database-url and Supabase add) can be accepted. Whatever is not in
/// the URL comes from libpq's usual `PG*` environment variables.
public struct PostgresURL: Sendable, CustomStringConvertible {
    /// libpq connection keywords and values, password included.
    public private(set) var parameters: [(String, String)] = []
    /// The password, kept to scrub it from any message.
    public private(set) var password: String?

    /// Parses `url`; throws a usage error naming what is wrong (never the password).
    public init(_ url: String) throws {
        guard let schemeEnd = url.range(of: "://"),
            ["postgres", "postgresql"].contains(url[..<schemeEnd.lowerBound].lowercased())
        else {
            throw ETLError(.usage, "not a postgresql:// URL")
        }
        var rest = String(url[schemeEnd.upperBound...])
        var query = ""
        if let q = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: q)...])
            rest = String(rest[..<q])
        }
        var path = ""
        if let slash = rest.firstIndex(of: "/") {
            path = String(rest[rest.index(after: slash)...])
            rest = String(rest[..<slash])
        }
        if let at = rest.lastIndex(of: "@") {
            let credentials = String(rest[..<at])
            rest = String(rest[rest.index(after: at)...])
            if let colon = credentials.firstIndex(of: ":") {
                add("user", try Self.decode(String(credentials[..<colon])))
                let secret = try Self.decode(String(credentials[credentials.index(after: colon)...]))
                password = secret
                add("password", secret)
            } else {
                add("user", try Self.decode(credentials))
            }
        }
        var host = rest
        if host.hasPrefix("["), let close = host.firstIndex(of: "]") {
            let after = host[host.index(after: close)...]
            if after.hasPrefix(":") { add("port", String(after.dropFirst())) }
            host = String(host[host.index(after: host.startIndex)..<close])
        } else if let colon = host.lastIndex(of: ":") {
            add("port", String(host[host.index(after: colon)...]))
            host = String(host[..<colon])
        }
        if !host.isEmpty { add("host", try Self.decode(host)) }
        if !path.isEmpty { add("dbname", try Self.decode(path)) }
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1)
            let key = try Self.decode(String(parts[0]))
            let value = parts.count > 1 ? try Self.decode(String(parts[1])) : ""
            // dj-database-url's and Supabase's marker for the transaction pooler; libpq has no such option.
            if key == "pgbouncer" { continue }
            add(key, value)
        }
        addDefaults()
    }

    /// Parses a libpq keyword/value string with libpq itself; throws a usage error that echoes no
    /// part of it.
    public init(conninfo: String) throws {
        for (key, value) in try ConninfoParser.parse(conninfo) {
            if key == "password" { password = value }
            add(key, value)
        }
        addDefaults()
    }

    /// Whether `text` is written as a libpq keyword/value string (it starts with `word=`).
    public static func looksLikeConninfo(_ text: String) -> Bool { ConninfoParser.looksLike(text) }

    /// What the tool sets unless the address does: a bounded wait, UTF-8, its name on the server.
    private mutating func addDefaults() {
        if value(of: "connect_timeout") == nil { add("connect_timeout", "10") }
        add("client_encoding", "UTF8")
        add("application_name", value(of: "application_name") ?? "clinic-etl")
    }

    private mutating func add(_ key: String, _ value: String) {
        parameters.removeAll { $0.0 == key }
        parameters.append((key, value))
    }

    /// The value of a libpq keyword given in the URL.
    public func value(of key: String) -> String? {
        parameters.last { $0.0 == key }?.1
    }

    /// Where the URL points, from the URL or the environment, for messages: `user@host:port/db`.
    public var description: String {
        let env = ProcessInfo.processInfo.environment
        let user = value(of: "user") ?? env["PGUSER"] ?? NSUserName()
        let host = value(of: "host") ?? env["PGHOST"] ?? "localhost"
        let port = value(of: "port") ?? env["PGPORT"] ?? "5432"
        let db = value(of: "dbname") ?? env["PGDATABASE"] ?? user
        return "postgresql://\(user)@\(host):\(port)/\(db)"
    }

    /// `text` with the password replaced, for anything that might echo connection details.
    public func scrub(_ text: String) -> String {
        guard let password, !password.isEmpty else { return text }
        return text.replacingOccurrences(of: password, with: "***")
    }

    private static func decode(_ s: String) throws -> String {
        guard let decoded = s.removingPercentEncoding else {
            throw ETLError(
                .usage, "the URL has a malformed %-escape", hint: "escape special characters as %XX")
        }
        return decoded
    }
}
