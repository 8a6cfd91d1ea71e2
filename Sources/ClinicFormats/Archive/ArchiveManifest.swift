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
    public var tool = ToolVersion.named
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
        /// Rows of the source the backup set aside as invalid (`--on-error reject`), when any.
        public var rejected: Int? = nil
        /// Why, one line per rule and column (`required on description: 3 rows`).
        public var rejectedReasons: [String]? = nil
    }

    /// One line per table that lacks rows of its source, for saying that the archive is incomplete.
    public var incompleteness: [String] {
        tables.compactMap { entry in
            guard let rejected = entry.rejected, rejected > 0 else { return nil }
            let why = entry.rejectedReasons.map { " (" + $0.joined(separator: "; ") + ")" } ?? ""
            return "\(entry.table): \(rejected) \(rejected == 1 ? "row was" : "rows were") set aside\(why)"
        }
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
