import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGINT, SIGTERM and SIGHUP turned into a flag the loops check, and into a cancel of the
/// statement a database is running, so a load rolls back and says so in every phase until its
/// COMMIT is sent.
///
/// The handler only stores the signal and writes a byte to a pipe (both async-signal-safe); a
/// watcher thread reads the pipe and calls the cancels the open connections registered, since a
/// statement that rebuilds an index or validates a foreign key checks no flag of ours.
public enum Interrupt {
    /// 0 while running, the signal's number once one arrived, `sealed` while a COMMIT is sent.
    private static let state = Atomic<Int32>(0)
    private static let sealed: Int32 = -1
    /// A signal that arrived while a COMMIT was on its way: too late to stop it, said afterwards.
    private static let late = Atomic<Int32>(0)
    private static let wake = Atomic<Int32>(-1)
    private static let cancels = Mutex<(next: Int, all: [Int: @Sendable () -> Void])>((0, [:]))

    /// Installs the handlers and the watcher; call once at start-up.
    public static func install() {
        var ends: [Int32] = [-1, -1]
        if wake.load(ordering: .acquiring) < 0, pipe(&ends) == 0 {
            let reading = ends[0]
            wake.store(ends[1], ordering: .releasing)
            Thread.detachNewThread { watch(reading) }
        }
        for number in [SIGINT, SIGTERM, SIGHUP] {
            signal(number) { caught in
                let (stored, found) = Interrupt.state.compareExchange(
                    expected: 0, desired: caught, ordering: .sequentiallyConsistent)
                guard stored else {
                    if found == Interrupt.sealed { Interrupt.late.store(caught, ordering: .relaxed) }
                    return
                }
                var byte: UInt8 = 1
                _ = write(Interrupt.wake.load(ordering: .relaxed), &byte, 1)
            }
        }
        // A parent may start us with these signals blocked (Foundation's Process does); unblock them.
        var signals = sigset_t()
        sigemptyset(&signals)
        for number in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&signals, number) }
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
        // Past a file-size limit (`ulimit -f`) a write must fail with EFBIG and a message, and a
        // closed pipe must be an EPIPE error, not a silent death that skips the cleanup.
        signal(SIGXFSZ, SIG_IGN)
        signal(SIGPIPE, SIG_IGN)
    }

    /// Waits for the handler's byte, then cancels whatever the connections are running; again
    /// each second while the run goes on, for a statement sent just as the signal came.
    private static func watch(_ reading: Int32) {
        var byte: UInt8 = 0
        while read(reading, &byte, 1) < 0 && errno == EINTR {}
        while isPending {
            cancels.withLock { registry in
                for cancel in registry.all.values { cancel() }
            }
            Thread.sleep(forTimeInterval: 1)
        }
    }

    /// Registers `cancel`, to be called from the watcher thread when a signal arrives.
    ///
    /// Returns the token for `unregister`. A connection registers its cancel while it is open.
    public static func register(_ cancel: @escaping @Sendable () -> Void) -> Int {
        cancels.withLock { registry in
            registry.next += 1
            registry.all[registry.next] = cancel
            return registry.next
        }
    }

    /// Removes a cancel; once this returns, the watcher no longer calls it.
    public static func unregister(_ token: Int) {
        _ = cancels.withLock { $0.all.removeValue(forKey: token) }
    }

    /// The signal received, if one was and no COMMIT is on its way.
    private static var received: Int32? {
        let number = state.load(ordering: .sequentiallyConsistent)
        return number > 0 ? number : nil
    }

    /// Whether a signal arrived that the run must still honour.
    public static var isPending: Bool { received != nil }

    /// The error to throw for the signal received, if one was.
    public static var pendingError: ETLError? {
        received.map { ETLError(.interrupted, "interrupted by \(name(of: $0))") }
    }

    /// Throws when a signal arrived since start-up.
    public static func check() throws(ETLError) {
        if let error = pendingError { throw error }
    }

    /// Runs `body`, which sends a COMMIT, with signals no longer honoured: a signal that arrived
    /// before throws instead, so either the run is stopped or it commits, never half of each.
    public static func committing<T>(_ body: () throws -> T) throws -> T {
        let (sealedNow, found) = state.compareExchange(
            expected: 0, desired: sealed, ordering: .sequentiallyConsistent)
        if !sealedNow, found > 0 { throw ETLError(.interrupted, "interrupted by \(name(of: found))") }
        defer {
            if sealedNow { state.store(0, ordering: .sequentiallyConsistent) }
            let number = late.exchange(0, ordering: .relaxed)
            if number != 0 {
                StandardError.write(
                    "note: \(name(of: number)) arrived after the commit was sent; the load is complete\n")
            }
        }
        return try body()
    }

    /// The exit status for the signal received: 129 after SIGHUP, 130 otherwise (as after Ctrl-C).
    public static var exitStatus: Int32 {
        received == SIGHUP ? 128 + SIGHUP : 130
    }

    private static func name(of number: Int32) -> String {
        switch number {
        case SIGINT: "SIGINT"
        case SIGHUP: "SIGHUP"
        default: "SIGTERM"
        }
    }
}
