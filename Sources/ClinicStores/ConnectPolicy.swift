import Foundation
import Synchronization

/// How the first connection to a server is made.
///
/// A server that is starting, failing over or briefly unreachable gets a bounded number of
/// retries with growing pauses (`--connect-retries`). Only the initial connection is retried:
/// once a transaction has begun, a failure ends the run, since a retry could apply rows twice.
public enum ConnectPolicy {
    private static let storedRetries = Atomic<Int>(0)

    /// Further attempts after the first fails (0 unless set).
    public static var retries: Int {
        get { storedRetries.load(ordering: .relaxed) }
        set { storedRetries.store(max(0, newValue), ordering: .relaxed) }
    }

    /// Seconds to wait before attempt `attempt` (2, 3, …): 0.5, 1, 2, 4, then 8 at most.
    static func pause(before attempt: Int) -> Double {
        min(0.5 * pow(2, Double(attempt - 2)), 8)
    }

    /// Whether a connection failure can go away by itself; a wrong password or database cannot.
    static func isTransient(_ reason: String) -> Bool {
        let permanent = [
            "authentication failed", "does not exist", "no pg_hba.conf entry", "SSL", "sslmode",
            "invalid connection option", "invalid sslmode", "certificate", "no password supplied",
        ]
        return !permanent.contains { reason.localizedCaseInsensitiveContains($0) }
    }

    /// Whether `host` is this machine: a Unix socket folder, localhost or a loopback address.
    static func isLocal(_ host: String) -> Bool {
        host.isEmpty || host.hasPrefix("/") || host.hasPrefix("@") || host == "localhost"
            || host.hasPrefix("127.")
            || host == "::1"
    }
}
