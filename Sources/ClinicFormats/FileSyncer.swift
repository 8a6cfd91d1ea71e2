import ClinicPipeline
import Foundation

/// Flushes finished files to disk on a thread of its own, so writing the next file does not wait
/// for the disk; `wait` tells whether every one made it before anything is renamed into place.
final class FileSyncer: @unchecked Sendable {
    // @unchecked: `failure` is only touched under `lock`.
    private let queue = DispatchQueue(label: "clinic-etl.fsync")
    private let group = DispatchGroup()
    private let lock = NSLock()
    private var failure: ETLError?

    /// Takes over `fd`: flushes and closes it.
    func syncAndClose(_ fd: Int32, path: String) {
        queue.async(group: group) { [self] in
            let error = fsync(fd) == 0 ? nil : FileError.make("cannot flush to disk", path: path)
            Glibc.close(fd)
            if let error { lock.withLock { failure = failure ?? error } }
        }
    }

    /// Flushes what `fd` holds so far, on a duplicate descriptor, so the file's owner may keep
    /// writing and close it whenever it likes.
    func flushEarly(_ fd: Int32, path: String) {
        let copy = dup(fd)
        guard copy >= 0 else { return }
        syncAndClose(copy, path: path)
    }

    /// Waits for every file handed over; throws the first failure.
    func wait() throws {
        Progress.status("syncing")
        group.wait()
        if let failure = lock.withLock({ failure }) { throw failure }
        // The last wait before a file or folder is renamed into place: a signal until here rolls back.
        try Interrupt.check()
    }
}
