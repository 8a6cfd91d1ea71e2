import ClinicPipeline
import Foundation
import Glibc

/// The passphrase of `--passphrase`: `$CLINIC_ETL_PASSPHRASE`, or typed on the terminal without echo.
///
/// Never an argument: arguments show in `ps`, shell history and the audit log.
enum PassphrasePrompt {
    static let variable = "CLINIC_ETL_PASSPHRASE"

    /// Reads the passphrase; on a terminal, `confirm` asks for it twice.
    static func read(confirm: Bool) throws -> String {
        if let value = ProcessInfo.processInfo.environment[variable] {
            guard !value.isEmpty else {
                throw ETLError(
                    .usage, "$\(variable) is empty", hint: "set it to the passphrase, or unset it to be asked"
                )
            }
            return value
        }
        let fd = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard fd >= 0 else {
            throw ETLError(
                .usage, "--passphrase: no $\(variable) and no terminal to ask on",
                hint: "export \(variable) (e.g. from a file only you can read) and run again")
        }
        defer { Glibc.close(fd) }
        let first = try ask("Passphrase: ", fd: fd)
        guard !first.isEmpty else { throw ETLError(.usage, "the passphrase is empty") }
        if confirm, try ask("Passphrase again: ", fd: fd) != first {
            throw ETLError(
                .usage, "the two passphrases differ", hint: "run again and type the same one twice")
        }
        return first
    }

    private static func ask(_ prompt: String, fd: Int32) throws -> String {
        _ = prompt.withCString { Glibc.write(fd, $0, strlen($0)) }
        var saved = termios()
        let isTerminal = tcgetattr(fd, &saved) == 0
        if isTerminal {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(fd, TCSAFLUSH, &quiet)
        }
        defer {
            if isTerminal { tcsetattr(fd, TCSAFLUSH, &saved) }
            _ = Glibc.write(fd, "\n", 1)
        }
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while Glibc.read(fd, &byte, 1) == 1, byte != UInt8(ascii: "\n") {
            if byte != UInt8(ascii: "\r") { line.append(byte) }
        }
        return String(decoding: line, as: UTF8.self)
    }
}
