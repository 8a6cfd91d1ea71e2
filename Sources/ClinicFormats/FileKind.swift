import ClinicPipeline
import Foundation

/// What a file's first bytes say it is, for locations whose name does not tell.
public enum FileKind: Equatable, Sendable {
    /// gzip-compressed data.
    case gzip
    /// A compression or container format clinic-etl does not read (bzip2, xz, zip, zstd).
    case unsupported(String)
    /// Anything else.
    case other

    /// The kinds named by a file's extension alone, when it names an unsupported one.
    public static func unsupported(byExtensionOf path: String) -> String? {
        let lower = path.lowercased()
        let names = [
            ".bz2": "bzip2", ".xz": "xz", ".zip": "zip", ".zst": "zstd", ".lzma": "lzma", ".7z": "7z",
        ]
        return names.first { lower.hasSuffix($0.key) }?.value
    }

    /// Looks at the first bytes of the regular file at `path`; `nil` when there is no such file.
    public static func sniff(_ path: String) -> FileKind? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
            let handle = FileHandle(forReadingAtPath: path)
        else { return nil }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 8)) ?? Data())
        return of(head)
    }

    /// The kind of data starting with `head`.
    public static func of(_ head: [UInt8]) -> FileKind {
        func starts(_ magic: [UInt8]) -> Bool { head.starts(with: magic) }
        if starts([0x1F, 0x8B]) { return .gzip }
        if starts(Array("BZh".utf8)) { return .unsupported("bzip2") }
        if starts([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) { return .unsupported("xz") }
        if starts([0x50, 0x4B, 0x03, 0x04]) || starts([0x50, 0x4B, 0x05, 0x06]) {
            return .unsupported("zip")
        }
        if starts([0x28, 0xB5, 0x2F, 0xFD]) { return .unsupported("zstd") }
        return .other
    }

    /// The error for a file compressed in a way clinic-etl does not read.
    public static func unsupportedError(_ kind: String, path: String) -> ETLError {
        let tool =
            switch kind {
            case "bzip2": "bunzip2 -k"
            case "xz": "unxz -k"
            case "zip": "unzip"
            case "zstd": "unzstd"
            default: "the \(kind) tool"
            }
        return ETLError(
            .usage, "\(kind)-compressed files are not supported; decompress it first",
            hint: "\(tool) \(path), then give the file it makes (gzip, .gz, is read directly)"
        ).at(location: path)
    }
}
