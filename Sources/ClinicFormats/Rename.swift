import ClinicPipeline
import Glibc

/// Moves staged files and folders into place with `renameat2(2)`, so a commit never replaces
/// what another run put at the final path meanwhile, unless replacing was asked for.
///
/// glibc declares `renameat2` only under `_GNU_SOURCE`, which Swift's Glibc module does not set,
/// so it is looked up once at run time.
enum Rename {
    /// What a rename found at the target.
    enum Outcome: Equatable {
        case done
        /// Something is already at the target (with `noReplace`) or nothing is (with `exchange`).
        case refused
        /// The file system does not support the flag.
        case unsupported
    }

    private typealias RenameAt2 =
        @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32

    private static let renameat2: RenameAt2? = dlsym(nil, "renameat2").map {
        unsafeBitCast($0, to: RenameAt2.self)
    }

    private static let noReplaceFlag: UInt32 = 1
    private static let exchangeFlag: UInt32 = 2

    /// Renames `from` to `to` only if nothing is at `to`: two runs writing the same new path
    /// cannot both succeed.
    static func noReplace(_ from: String, _ to: String) throws -> Outcome {
        if let renameat2 {
            if renameat2(AT_FDCWD, from, AT_FDCWD, to, noReplaceFlag) == 0 { return .done }
            if errno == EEXIST || errno == ENOTEMPTY { return .refused }
            guard errno == EINVAL || errno == ENOSYS else { throw failure(from, to) }
        }
        // File systems without the flag: a hard link fails when the name is taken, for files;
        // rename(2) refuses a non-empty folder, and replacing an empty one loses nothing.
        var status = stat()
        if lstat(from, &status) == 0, status.st_mode & S_IFMT == S_IFDIR {
            guard Glibc.rename(from, to) == 0 else {
                if errno == EEXIST || errno == ENOTEMPTY { return .refused }
                throw failure(from, to)
            }
            return .done
        }
        guard link(from, to) == 0 else {
            if errno == EEXIST { return .refused }
            throw failure(from, to)
        }
        unlink(from)
        return .done
    }

    /// Swaps `from` and `to` atomically (both must exist): a replaced folder is never missing.
    static func exchange(_ from: String, _ to: String) throws -> Outcome {
        guard let renameat2 else { return .unsupported }
        if renameat2(AT_FDCWD, from, AT_FDCWD, to, exchangeFlag) == 0 { return .done }
        if errno == ENOENT { return .refused }
        if errno == EINVAL || errno == ENOSYS { return .unsupported }
        throw failure(from, to)
    }

    /// Renames `from` over `to`, replacing it.
    static func replace(_ from: String, _ to: String) throws {
        guard Glibc.rename(from, to) == 0 else { throw failure(from, to) }
    }

    private static func failure(_ from: String, _ to: String) -> ETLError {
        ETLError(.io, "cannot rename into place: \(String(cString: strerror(errno)))").at(location: to)
    }
}
