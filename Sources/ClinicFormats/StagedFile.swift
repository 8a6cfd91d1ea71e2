import ClinicPipeline
import Foundation

/// A file written under a temporary name next to its final path and renamed into place only when
/// complete and on disk, so an interrupted run never leaves something that looks finished.
public final class StagedFile {
    /// The final path.
    public let path: String
    /// Where the bytes go until `commit`.
    public let stagingPath: String
    /// The permissions the file gets.
    public let modes: FileModes
    private var done = false

    /// Prepares to write `path`; an existing file is replaced only when `replace` is set.
    public init(path: String, replace: Bool, modes: FileModes = .ownerOnly) throws {
        self.path = path
        self.modes = modes
        if FileManager.default.fileExists(atPath: path) && !replace {
            throw ETLError(
                .targetNotEmpty, "the file already exists",
                hint: "pass --force to replace it, or choose a new name"
            ).at(location: path)
        }
        stagingPath = ClinicFormats.stagingPath(for: path)
    }

    /// Creates the staging file for writing.
    public func create() throws -> FileSink {
        try FileSink(path: stagingPath, modes: modes)
    }

    /// Moves the finished file into place (it must be closed, and so flushed, already).
    public func commit() throws {
        guard rename(stagingPath, path) == 0 else {
            throw ETLError(.io, "cannot rename into place: \(String(cString: strerror(errno)))").at(
                location: path)
        }
        syncDirectory(containing: path)
        done = true
    }

    /// Removes the partial file; the final path is untouched.
    public func discard() {
        guard !done else { return }
        try? FileManager.default.removeItem(atPath: stagingPath)
        done = true
    }

    deinit { discard() }
}
