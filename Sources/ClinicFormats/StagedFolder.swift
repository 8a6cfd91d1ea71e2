import ClinicPipeline
import Foundation

/// A folder written under a temporary name next to its final path and renamed into place only
/// when complete, so an interrupted run never leaves something that looks like a finished dump.
public final class StagedFolder {
    /// The final path.
    public let path: String
    /// Where files are written until `commit`.
    public let stagingPath: String
    /// The permissions of the folder and the files written into it.
    public let modes: FileModes
    private let replacing: Bool
    private var done = false
    private let syncer = FileSyncer()

    /// Prepares to write `path`; an existing non-empty folder is replaced only when `replace` is set.
    public init(path: String, replace: Bool, modes: FileModes = .ownerOnly) throws {
        self.modes = modes
        let fm = FileManager.default
        let url = URL(fileURLWithPath: path).standardizedFileURL
        self.path = url.path
        var isDirectory: ObjCBool = false
        let exists = fm.fileExists(atPath: self.path, isDirectory: &isDirectory)
        if exists && !isDirectory.boolValue {
            throw ETLError(.usage, "exists and is not a folder").at(location: path)
        }
        let contents = exists ? try fm.contentsOfDirectory(atPath: self.path) : []
        if !contents.isEmpty && !replace {
            throw ETLError(
                .targetNotEmpty, "the folder is not empty",
                hint: "pass --force to replace its contents, or choose a new folder"
            ).at(location: path)
        }
        replacing = !contents.isEmpty
        stagingPath = ClinicFormats.stagingPath(for: self.path)
        try? fm.removeItem(atPath: stagingPath)
        do {
            try fm.createDirectory(atPath: stagingPath, withIntermediateDirectories: true)
            try modes.apply(toFolder: stagingPath)
        } catch {
            throw ETLError(.io, "cannot create a folder next to the target: \(error.localizedDescription)")
                .at(location: stagingPath)
        }
    }

    /// The path of a file inside the staging folder.
    public func file(_ name: String) -> String {
        (stagingPath as NSString).appendingPathComponent(name)
    }

    /// Creates a file inside the staging folder, with the folder's file mode; closing it starts
    /// its flush to disk, which `commit` waits for.
    public func create(_ name: String) throws -> FileSink {
        try FileSink(path: file(name), modes: modes, syncer: syncer)
    }

    /// Moves the finished folder into place, once every file in it is on disk.
    public func commit() throws {
        let fm = FileManager.default
        try syncer.wait()
        syncDirectory(stagingPath)
        if replacing || fm.fileExists(atPath: path) {
            let aside = stagingPath + ".old"
            try rename(path, aside)
            try rename(stagingPath, path)
            try? fm.removeItem(atPath: aside)
        } else {
            try rename(stagingPath, path)
        }
        syncDirectory(containing: path)
        done = true
    }

    /// Removes the staging folder; the final path is untouched.
    public func discard() {
        guard !done else { return }
        try? syncer.wait()
        try? FileManager.default.removeItem(atPath: stagingPath)
        done = true
    }

    private func rename(_ from: String, _ to: String) throws {
        guard Foundation.rename(from, to) == 0 else {
            throw ETLError(.io, "cannot rename to \(to): \(String(cString: strerror(errno)))").at(
                location: from)
        }
    }

    deinit { discard() }
}

/// Where a file or folder is written before it is renamed to `path`: `.NAME.partial-PID` in the
/// same folder, so the rename is atomic.
///
/// What runs killed outright (SIGKILL, power loss) left there — staging whose process is gone —
/// is removed first: it holds patients' data that nobody would ever finish or clean up otherwise.
func stagingPath(for path: String) -> String {
    let url = URL(fileURLWithPath: path)
    let parent = url.deletingLastPathComponent().path
    let prefix = ".\(url.lastPathComponent).partial-"
    removeAbandoned(in: parent, prefix: prefix)
    return (parent as NSString).appendingPathComponent(prefix + String(getpid()))
}

private func removeAbandoned(in parent: String, prefix: String) {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return }
    for name in names where name.hasPrefix(prefix) {
        guard let pid = Int32(name.dropFirst(prefix.count)), pid != getpid(), kill(pid, 0) != 0,
            errno == ESRCH
        else { continue }
        try? FileManager.default.removeItem(atPath: (parent as NSString).appendingPathComponent(name))
    }
}

/// Flushes a directory's entries to disk, so a rename into it survives a crash.
func syncDirectory(_ dir: String) {
    let fd = open(dir.isEmpty ? "." : dir, O_RDONLY)
    guard fd >= 0 else { return }
    defer { close(fd) }
    fsync(fd)
}

/// Flushes the directory that holds `path`.
func syncDirectory(containing path: String) {
    syncDirectory((path as NSString).deletingLastPathComponent)
}
