/// What to do next when a connection fails, from libpq's reason.
extension ConnectPolicy {
    /// The hint for a failed connection: where a password goes when the server asked for one,
    /// `--connect-retries` when a retry could help (`canRetry`: none was asked for).
    static func hint(for reason: String, canRetry: Bool) -> String {
        if reason.contains("no password supplied") {
            return "the server asks for a password: set PGPASSWORD, or add a line "
                + "host:port:database:user:password to ~/.pgpass (chmod 600), or put it in the URL "
                + "(postgresql://user:password@host/db)"
        }
        if reason.localizedCaseInsensitiveContains("password authentication failed") {
            return "the password was refused: check PGPASSWORD, ~/.pgpass or the URL's password for this user"
        }
        if canRetry && isTransient(reason) {
            return
                "check the host and port and that the server is running; --connect-retries N waits for one that is starting"
        }
        return "check the host, port, user and password, and that the server is running"
    }
}
