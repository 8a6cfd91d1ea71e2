import ClinicPipeline
import Glibc

/// The permissions of the files and folders the tool writes.
///
/// Dumps, archives, databases, rejects and reports hold patients' records and password hashes,
/// so they are owner-only unless `--file-mode` says otherwise. The mode is set on the open file
/// itself, so the umask cannot widen or narrow it.
public struct FileModes: Sendable, Equatable, CustomStringConvertible {
    /// For files.
    public let file: mode_t
    /// For folders: the file mode with search (x) wherever it grants read.
    public var folder: mode_t { file | ((file & 0o444) >> 2) }

    /// Read and write for the owner only: 0600 files, 0700 folders.
    public static let ownerOnly = FileModes(file: 0o600)

    public init(file: mode_t) {
        self.file = file & 0o777
    }

    /// Parses an octal mode such as `640` or `0640`; the owner must keep read and write.
    public init(octal text: String) throws {
        guard let value = mode_t(text, radix: 8), value <= 0o777, value & 0o600 == 0o600 else {
            throw ETLError(
                .usage, "\"\(text)\" is not a file mode the tool can write with",
                hint: "give octal permissions that keep the owner's read and write, e.g. 600 or 640")
        }
        self.init(file: value)
    }

    public var description: String { String(file, radix: 8) }

    /// Sets the file mode on an open descriptor.
    func apply(toFile fd: Int32, path: String) throws {
        guard fchmod(fd, file) == 0 else { throw FileError.make("cannot set the permissions of", path: path) }
    }

    /// Sets the folder mode on an existing folder.
    func apply(toFolder path: String) throws {
        guard chmod(path, folder) == 0 else {
            throw FileError.make("cannot set the permissions of", path: path)
        }
    }
}
