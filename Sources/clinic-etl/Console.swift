import ClinicPipeline
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a command's words go: results (the summary, `--json`) on standard output, diagnostics
/// (violations, warnings, notes, hints) and the conclusion on standard error.
///
/// Every message goes out in one unbuffered write, so with `>log 2>&1` the lines stay whole and
/// in the order they happened; anything `print` buffered is flushed first.
enum Console {
    private static let settings = Mutex(Settings())

    private struct Settings {
        var quiet = false
        var json = false
        var printedJSON = false
    }

    /// Applies `--quiet` and `--json`.
    static func configure(quiet: Bool, json: Bool) {
        settings.withLock {
            $0.quiet = quiet
            $0.json = json
        }
    }

    /// Whether `--json` asked for one JSON object on standard output.
    static var json: Bool { settings.withLock { $0.json } }

    /// Whether `--quiet` asked for nothing but the conclusion of a failure.
    static var quiet: Bool { settings.withLock { $0.quiet } }

    /// A result for standard output, one line or more; not with `--quiet` or `--json`.
    static func result(_ text: String) {
        guard !quiet, !json else { return }
        write(text + "\n", to: STDOUT_FILENO)
    }

    /// What the command was asked to print (DDL, a public key), for standard output; shown even
    /// with `--quiet`, which silences only what is said about the run.
    static func data(_ text: String) {
        write(text + "\n", to: STDOUT_FILENO)
    }

    /// A diagnostic for standard error (a violation, warning, note or hint); not with `--quiet`.
    static func diagnostic(_ text: String) {
        guard !quiet else { return }
        write(text + "\n", to: STDERR_FILENO)
    }

    /// How the run ended, for standard error; shown even with `--quiet`.
    static func conclusion(_ text: String) {
        write(text + "\n", to: STDERR_FILENO)
    }

    /// The `--json` object, on one line of standard output; written once per run.
    static func json(_ value: some Encodable) {
        let first = settings.withLock { settings in
            defer { settings.printedJSON = true }
            return !settings.printedJSON
        }
        guard first else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return }
        write(String(decoding: data, as: UTF8.self) + "\n", to: STDOUT_FILENO)
    }

    /// Whether the run's `--json` object has been written.
    static var printedJSON: Bool { settings.withLock { $0.printedJSON } }

    private static func write(_ text: String, to descriptor: Int32) {
        // Lines a `print` buffered go out first (nil: every stream, with no shared global touched).
        fflush(nil)
        StandardError.write(text, to: descriptor)
    }
}
