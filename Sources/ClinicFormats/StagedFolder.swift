import ClinicPipeline
import Foundation

/// A folder written under a temporary name next to its final path and renamed into place only
/// when complete, so an interrupted run never leaves something that looks like a finished dump.
///
/// A symlink at the final path is written through (the folder it points at is the one written);
/// a mount point is staged inside itself, since nothing can be renamed over it. Without
/// `replace`, the commit refuses a folder that another run filled meanwhile.
public final class StagedFolder {
    /// The final path (where a symlink given as the target points).
    public let path: String
    /// Where files are written until `commit`.
    public let stagingPath: String
    /// The permissions of the folder and the files written into it.
    public let modes: FileModes
    private let replace: Bool
    /// The target existed (empty, or with `replace`) when the run started.
    private let existed: Bool
    /// The target is a mount point: the staging folder is inside it.
    private let mountPoint: Bool
    private var done = false
    private let syncer = FileSyncer()

    /// Prepares to write `path`; an existing non-empty folder is replaced only when `replace` is set.
    public init(path: String, replace: Bool, modes: FileModes = .ownerOnly) throws {
        self.modes = modes
        self.replace = replace
        let fm = FileManager.default
        self.path = TargetPath.resolvingLinks(URL(fileURLWithPath: path).standardizedFileURL.path)
        var isDirectory: ObjCBool = false
        existed = fm.fileExists(atPath: self.path, isDirectory: &isDirectory)
        if existed && !isDirectory.boolValue {
            throw ETLError(.usage, "exists and is not a folder").at(location: path)
        }
        let contents = existed ? try fm.contentsOfDirectory(atPath: self.path) : []
        if !contents.isEmpty && !replace {
            throw ETLError(
                .targetNotEmpty, "the folder is not empty",
                hint: "pass --force to replace its contents, or choose a new folder"
            ).at(location: path)
        }
        mountPoint = existed && TargetPath.isMountPoint(self.path)
        let name = (self.path as NSString).lastPathComponent
        let stagingPath =
            mountPoint
            ? ClinicFormats.stagingPath(for: (self.path as NSString).appendingPathComponent(name))
            : ClinicFormats.stagingPath(for: self.path)
        try TargetPath.createParents(of: stagingPath, modes: modes)
        self.stagingPath = try reserveStaging(stagingPath) { mkdir($0, modes.folder) }
        try modes.apply(toFolder: self.stagingPath)
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
        try syncer.wait()
        syncDirectory(stagingPath)
        if mountPoint {
            try commitInside()
        } else if replace, existed {
            // Swapped in one step, the old folder then sits at the staging path.
            switch try Rename.exchange(stagingPath, path) {
            case .done: try? FileManager.default.removeItem(atPath: stagingPath)
            case .refused: if try Rename.noReplace(stagingPath, path) != .done { try replaceAside() }
            case .unsupported: try replaceAside()
            }
        } else {
            // An empty folder that was there is replaced only while it is still empty.
            if existed && !replace && rmdir(path) != 0 && errno != ENOENT {
                throw filledMeanwhile()
            }
            if try Rename.noReplace(stagingPath, path) == .refused {
                guard replace else { throw filledMeanwhile() }
                try replaceAside()
            }
        }
        syncDirectory(containing: path)
        done = true
    }

    /// Where rename(2) cannot swap folders: the old one is moved aside, then removed.
    private func replaceAside() throws {
        let aside = stagingPath + ".old"
        try Rename.replace(path, aside)
        try Rename.replace(stagingPath, path)
        try? FileManager.default.removeItem(atPath: aside)
    }

    /// A mount point cannot be renamed over: its old entries move aside inside it, the new ones
    /// move up from the staging folder, and the old ones are removed.
    private func commitInside() throws {
        let fm = FileManager.default
        let stagingName = (stagingPath as NSString).lastPathComponent
        let aside = stagingPath + ".old"
        let old = try fm.contentsOfDirectory(atPath: path).filter { $0 != stagingName }
        if !old.isEmpty {
            guard replace else { throw filledMeanwhile() }
            try fm.createDirectory(atPath: aside, withIntermediateDirectories: false)
            for name in old {
                try Rename.replace(
                    (path as NSString).appendingPathComponent(name),
                    (aside as NSString).appendingPathComponent(name))
            }
        }
        for name in try fm.contentsOfDirectory(atPath: stagingPath) {
            try Rename.replace(file(name), (path as NSString).appendingPathComponent(name))
        }
        try fm.removeItem(atPath: stagingPath)
        try? fm.removeItem(atPath: aside)
        try modes.apply(toFolder: path)
        syncDirectory(path)
    }

    private func filledMeanwhile() -> ETLError {
        ETLError(
            .targetNotEmpty, "another run wrote the folder while this one was writing it; it was kept",
            hint: "pass --force to replace its contents, or choose a new folder"
        ).at(location: path)
    }

    /// Removes the staging folder; the final path is untouched.
    public func discard() {
        guard !done else { return }
        try? syncer.wait()
        try? FileManager.default.removeItem(atPath: stagingPath)
        done = true
    }

    deinit { discard() }
}

/// Where a file or folder is written before it is renamed to `path`: `.NAME.partial-PID` in the
/// same folder, so the rename is atomic.
///
/// What runs killed outright (SIGKILL, power loss) left in that folder — staging of any name
/// whose process is gone — is removed first: it holds patients' data that nobody would ever
/// finish or clean up otherwise, and dated names (`clinic-2025-12.tar.gz`) are never written twice.
func stagingPath(for path: String) -> String {
    let url = URL(fileURLWithPath: path)
    let parent = url.deletingLastPathComponent().path
    removeAbandoned(in: parent)
    return (parent as NSString).appendingPathComponent(".\(url.lastPathComponent).partial-\(getpid())")
}

/// Creates the staging file or folder `path` with `make` (which fails with EEXIST when the name is
/// taken), or `path-1`, `path-2`… when this process already stages something under that name:
/// two writers of one target never share a staging file.
func reserveStaging(_ path: String, _ make: (String) -> Int32) throws -> String {
    for n in 0..<1000 {
        let candidate = n == 0 ? path : "\(path)-\(n)"
        if make(candidate) == 0 { return candidate }
        guard errno == EEXIST else {
            var error = FileError.make("cannot create a staging file next to the target", path: candidate)
            error.hint = error.hint ?? "check that the folder exists and can be written to"
            throw error
        }
    }
    throw ETLError(.io, "cannot find a free staging name").at(location: path)
}

/// The process id in the name of our staging (`.NAME.partial-PID`, and what SQLite and a folder
/// swap add to it: `-journal`, `-wal`, `-shm`, `.old`); `nil` for any other name.
func stagingOwner(_ name: String) -> Int32? {
    guard name.hasPrefix("."), let marker = name.range(of: ".partial-", options: .backwards),
        marker.lowerBound > name.index(after: name.startIndex)
    else { return nil }
    var digits = name[marker.upperBound...]
    for suffix in ["-journal", "-wal", "-shm", ".old"] where digits.hasSuffix(suffix) {
        digits = digits.dropLast(suffix.count)
    }
    // A second staging of one target by one process is `PID-N`.
    if let dash = digits.firstIndex(of: "-"), digits[digits.index(after: dash)...].allSatisfy(\.isNumber) {
        digits = digits[..<dash]
    }
    guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let pid = Int32(digits), pid > 0 else { return nil }
    return pid
}

private func removeAbandoned(in parent: String) {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return }
    for name in names {
        guard let pid = stagingOwner(name), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else {
            continue
        }
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
