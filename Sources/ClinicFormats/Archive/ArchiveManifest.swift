import ClinicPipeline
import ClinicSchema
import Foundation

/// `manifest.json`, the first member of a backup archive: what it holds and how to check it.
public struct ArchiveManifest: Codable, Sendable {
    /// Identifies the file as a clinic-etl archive.
    public var format = "clinic-etl-archive"
    /// The archive layout version.
    public var version = 1
    /// A hash of the schema description the archive was written with.
    public var schemaFingerprint: String
    /// The tool that wrote it.
    public var tool = "clinic-etl 0.1"
    /// When it was written (UTC, ISO 8601).
    public var createdAt: String
    /// Where the data came from, without any password.
    public var source: String
    /// One entry per table, in load order.
    public var tables: [Entry]

    /// One table's member.
    public struct Entry: Codable, Sendable {
        /// The table.
        public var table: String
        /// The member's path in the archive.
        public var member: String
        /// The CSV header's columns.
        public var columns: [String]
        /// Data rows (the header not counted).
        public var rows: Int
        /// The member's size in bytes, uncompressed.
        public var bytes: Int
        /// SHA-256 of the member's uncompressed content, hex.
        public var sha256: String
    }

    /// The size reserved for the manifest at the start of the archive, so it can be written last
    /// and still come first.
    static let reservedBytes = 32_768
}

extension Catalog {
    /// A hash of the schema description: two archives share it exactly when their tables agree.
    public var fingerprint: String {
        var hash = SHA256()
        hash.update(Array(ddl(.postgres).joined(separator: ";\n").utf8))
        return hash.hex()
    }
}
