import ClinicPipeline
import Foundation

/// A file written under a temporary name next to its final path and renamed into place only when
/// complete and on disk, so an interrupted run never leaves something that looks finished.
///
/// A symlink at the final path is written through: the file it points at is replaced and the
/// link stays. Without `replace`, the rename refuses to replace a file another run put there
/// meanwhile.
public final class StagedFile {
    /// The final path (where a symlink given as the target points).
    public let path: String
    /// Where the bytes go until `commit`.
    public let stagingPath: String
    /// The permissions the file gets.
    public let modes: FileModes
    private let replace: Bool
    private var done = false

    /// Prepares to write `path`; an existing file is replaced only when `replace` is set.
    public init(path: String, replace: Bool, modes: FileModes = .ownerOnly) throws {
        self.path = TargetPath.resolvingLinks(path)
        self.modes = modes
        self.replace = replace
        if FileManager.default.fileExists(atPath: self.path) && !replace {
            throw ETLError(
                .targetNotEmpty, "the file already exists",
                hint: "pass --force to replace it, or choose a new name"
            ).at(location: path)
        }
        // Reserved now, owner-only, so a second writer of the same target stages elsewhere.
        stagingPath = try reserveStaging(ClinicFormats.stagingPath(for: self.path)) {
            let fd = open($0, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, modes.file)
            guard fd >= 0 else { return -1 }
            close(fd)
            return 0
        }
    }

    /// Creates the staging file for writing.
    public func create() throws -> FileSink {
        try FileSink(path: stagingPath, modes: modes)
    }

    /// Moves the finished file into place (it must be closed, and so flushed, already).
    public func commit() throws {
        if replace {
            try Rename.replace(stagingPath, path)
        } else if try Rename.noReplace(stagingPath, path) == .refused {
            throw ETLError(
                .targetNotEmpty, "another run created the file while this one was writing it; it was kept",
                hint: "pass --force to replace it, or choose a new name"
            ).at(location: path)
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
