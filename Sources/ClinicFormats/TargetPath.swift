import ClinicPipeline
import Foundation

/// Where a target really is, and how to prepare the folders around it.
package enum TargetPath {
    /// `path` with any symlinks at its end followed, so writing replaces what the link points at
    /// (a NAS folder, the file a `latest.tar.gz` names) and the link itself stays.
    package static func resolvingLinks(_ path: String) -> String {
        var current = path
        for _ in 0..<40 {
            guard let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: current)
            else { return current }
            current =
                destination.hasPrefix("/")
                ? destination
                : ((current as NSString).deletingLastPathComponent as NSString).appendingPathComponent(
                    destination)
        }
        return current
    }

    /// Whether the folder at `path` is a mount point: on another device than its parent, so
    /// nothing can be renamed over it and staging must happen inside it.
    static func isMountPoint(_ path: String) -> Bool {
        var folder = stat()
        var parent = stat()
        guard stat(path, &folder) == 0, stat((path as NSString).appendingPathComponent(".."), &parent) == 0
        else { return false }
        return folder.st_dev != parent.st_dev
    }

    /// Creates the missing folders above `path` with the folder mode of `modes` (0700 by default),
    /// whatever the umask: their names (a month, a clinic) are patients' business too.
    static func createParents(of path: String, modes: FileModes) throws {
        let parent = (path as NSString).deletingLastPathComponent
        guard !parent.isEmpty, !FileManager.default.fileExists(atPath: parent) else { return }
        try createParents(of: parent, modes: modes)
        if mkdir(parent, modes.folder) == 0 {
            try modes.apply(toFolder: parent)
        } else if errno != EEXIST {
            throw FileError.make("cannot create the folder", path: parent)
        }
    }
}
