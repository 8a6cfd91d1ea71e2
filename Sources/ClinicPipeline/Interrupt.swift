import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGINT / SIGTERM turned into a flag the copy loop checks, so a load can roll back and say so.
public enum Interrupt {
    private static let received = Atomic<Int32>(0)

    /// Installs the handlers; call once at start-up.
    public static func install() {
        signal(SIGINT) { number in Interrupt.received.store(number, ordering: .relaxed) }
        signal(SIGTERM) { number in Interrupt.received.store(number, ordering: .relaxed) }
        // A parent may start us with these signals blocked (Foundation's Process does); unblock them.
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
        // Past a file-size limit (`ulimit -f`) a write must fail with EFBIG and a message, and a
        // closed pipe must be an EPIPE error, not a silent death that skips the cleanup.
        signal(SIGXFSZ, SIG_IGN)
        signal(SIGPIPE, SIG_IGN)
    }

    /// Throws when a signal arrived since start-up.
    public static func check() throws(ETLError) {
        let number = received.load(ordering: .relaxed)
        guard number != 0 else { return }
        let name = number == SIGINT ? "SIGINT" : "SIGTERM"
        throw ETLError(.interrupted, "interrupted by \(name)")
    }
}
