import ClinicPipeline
import Glibc

/// One open descriptor for a file read more than once in a run (an archive is verified whole,
/// then loaded): every read is of the same file.
///
/// A file renamed over the path meanwhile (a `--force` backup, rsync) is not seen, since the
/// descriptor keeps the one that was verified; one rewritten in place (`cp` onto it) changes
/// its size or modification time, which `checkUnchanged` refuses before and after each member is
/// loaded, inside the load's transaction.
final class PinnedFile {
    let path: String
    private let fd: Int32
    private let opened: Identity

    /// What tells a rewritten file apart.
    private struct Identity: Equatable {
        var size: Int
        var modifiedSeconds: Int
        var modifiedNanoseconds: Int
    }

    init(path: String) throws {
        self.path = path
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileError.make("cannot open", path: path) }
        opened = try Self.identity(fd, path: path)
    }

    deinit { close(fd) }

    /// A reader from the file's first byte, independent of other readers.
    func reader() -> any ByteSource { Reader(file: self) }

    /// Refuses a file written to since it was opened: what was verified is not what would load.
    func checkUnchanged() throws {
        guard try Self.identity(fd, path: path) == opened else {
            throw ETLError(
                .badInput, "the archive was changed while it was being read; nothing was loaded from it",
                hint: "wait until nothing writes the file (a backup job, cp, rsync), then run again"
            ).at(location: path)
        }
    }

    private static func identity(_ fd: Int32, path: String) throws -> Identity {
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw FileError.make("cannot read", path: path) }
        return Identity(
            size: Int(status.st_size), modifiedSeconds: Int(status.st_mtim.tv_sec),
            modifiedNanoseconds: Int(status.st_mtim.tv_nsec))
    }

    /// Reads with `pread(2)` from its own offset.
    private final class Reader: ByteSource {
        private let file: PinnedFile
        private var offset: off_t = 0

        init(file: PinnedFile) { self.file = file }

        var name: String { file.path }

        func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            while true {
                let n = pread(file.fd, buffer.baseAddress, buffer.count, offset)
                if n >= 0 {
                    offset += off_t(n)
                    return n
                }
                if errno == EINTR { continue }
                throw FileError.make("cannot read", path: file.path)
            }
        }
    }
}
