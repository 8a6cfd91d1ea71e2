import ClinicPipeline
import ClinicSchema
import Foundation

/// A `pg_dump` file, recognised by its content: the custom format's `PGDMP` magic, or the
/// `-- PostgreSQL database dump` header of a plain one (gzipped or not).
public enum PgDumpFile: Sendable, Equatable {
    /// A plain SQL dump; `gzip` when it is compressed.
    case plain(gzip: Bool)
    /// A custom-format dump (`pg_dump -Fc`).
    case custom

    /// What the file at `path` is, when it is a dump; `.sql` and `.sql.gz` names count as plain
    /// dumps whatever their first lines say (`supabase db dump` starts with its own).
    public static func detect(_ path: String) -> PgDumpFile? {
        let lower = path.lowercased()
        let head = Self.head(path)
        if let head, head.starts(with: CustomDumpTOC.magic) { return .custom }
        if lower.hasSuffix(".sql") { return .plain(gzip: false) }
        if lower.hasSuffix(".sql.gz") { return .plain(gzip: true) }
        guard let head, !head.isEmpty else { return nil }
        if Self.isPlainHeader(head) { return .plain(gzip: false) }
        if head.starts(with: [0x1F, 0x8B]), let inflated = Self.gunzippedHead(path),
            Self.isPlainHeader(inflated)
        {
            return .plain(gzip: true)
        }
        return nil
    }

    /// The source reading it.
    public func source(path: String, catalog: Catalog, now: Timestamp, zone: WallClockZone?) -> any Source {
        switch self {
        case .plain(let gzip): PlainDumpSource(path: path, gzip: gzip, catalog: catalog, now: now, zone: zone)
        case .custom: CustomDumpSource(path: path, catalog: catalog, now: now, zone: zone)
        }
    }

    private static func isPlainHeader(_ head: [UInt8]) -> Bool {
        let text = String(decoding: head.prefix(4096), as: UTF8.self)
        return text.contains("-- PostgreSQL database dump")
            || text.contains("-- PostgreSQL database cluster dump")
    }

    private static func head(_ path: String) -> [UInt8]? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
            let handle = FileHandle(forReadingAtPath: path)
        else { return nil }
        defer { try? handle.close() }
        return [UInt8]((try? handle.read(upToCount: 4096)) ?? Data())
    }

    private static func gunzippedHead(_ path: String) -> [UInt8]? {
        guard let source = try? GzipSource(FileSource(path: path)) else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        var filled = 0
        while filled < buffer.count {
            guard
                let n = try? buffer.withUnsafeMutableBytes({
                    try source.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[filled...]))
                }), n > 0
            else { break }
            filled += n
        }
        return Array(buffer[0..<filled])
    }
}

/// The target for a `pg_dump` file: clinic-etl reads dumps but does not write them.
public final class PgDumpSink: Sink {
    public let displayName: String

    /// A sink that refuses to start.
    public init(path: String) {
        displayName = path
    }

    public func begin(tables: [Table], mode: LoadMode) throws {
        throw ETLError(
            .usage, "clinic-etl reads pg_dump files but does not write them",
            hint: "write a backup archive (backup.tar.gz) or another location, or use pg_dump itself"
        ).at(location: displayName)
    }

    public func open(_ table: Table) throws -> any RowWriter {
        throw ETLError(.usage, "the sink was not started")
    }

    public func commit() throws {}
    public func rollback() {}
}
