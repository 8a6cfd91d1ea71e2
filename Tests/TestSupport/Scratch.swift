import ClinicFormats
import ClinicPipeline
import ClinicSample
import ClinicSchema
import ClinicStores
import Foundation

/// A temporary folder removed when released.
public final class ScratchDirectory {
    /// The folder's path.
    public let path: String

    /// Creates an empty folder under the system's temporary directory.
    public init() throws {
        path =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("clinic-etl-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// A path inside the folder.
    public func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// Shared ways to make and compare data sets.
public enum Fixtures {
    /// Writes the sample data set as a CSV folder at `path`.
    public static func writeSample(
        to path: String, patients: Int = 40, seed: UInt64 = 7, compress: Bool = false
    )
        throws
    {
        let job = CopyJob(
            source: SampleSource(plan: SamplePlan(patients: patients, seed: seed)),
            sink: CSVFolderSink(path: path, compress: compress))
        let result = try job.run()
        guard result.outcome == .clean else { throw InvalidData(result: result) }
    }

    /// Copies between two locations given as the CLI would take them; invalid data throws, as
    /// the CLI exits non-zero for it.
    @discardableResult
    public static func copy(
        _ source: String, _ target: String, mode: LoadMode = .insert, tables: Set<String>? = nil,
        policy: CopyJob.ErrorPolicy = .abort, rejects: String? = nil, strict: Bool = false
    ) throws -> JobResult {
        let now = Timestamp.now()
        let job = CopyJob(
            source: try Location(source).openSource(now: now), sink: try Location(target).openSink(),
            selection: tables, mode: mode, policy: policy, rejects: rejects.map { RejectsFolder(path: $0) },
            strict: strict)
        let result = try job.run()
        if case .invalid = result.outcome { throw InvalidData(result: result) }
        if case .stoppedEarly = result.outcome { throw InvalidData(result: result) }
        return result
    }

    /// Validates a location without writing.
    public static func check(
        _ source: String, rejects: String? = nil, maxErrors: Int? = nil, strict: Bool = false
    ) throws -> JobResult {
        let job = CopyJob(
            source: try Location(source).openSource(now: .now()), sink: nil, maxErrors: maxErrors,
            rejects: rejects.map { RejectsFolder(path: $0) }, strict: strict)
        return try job.run()
    }

    /// The rows of a CSV file as header → value (NULL as `nil`), whatever the order of its columns.
    public static func rowsByHeader(_ path: String) throws -> [[String: String?]] {
        let records = try Self.records(CSVReader(FileSource(path: path)))
        guard let header = records.first else { return [] }
        return records.dropFirst().map { record in
            Dictionary(uniqueKeysWithValues: zip(header.map { $0 ?? "" }, record))
        }
    }

    /// Every record `reader` holds, header included, with NULL (an unquoted empty field) as `nil`.
    public static func records(_ reader: CSVReader) throws -> [[String?]] {
        var out: [[String?]] = []
        while try reader.nextRecord() {
            out.append(
                (0..<reader.fieldCount).map { i in
                    let bytes = reader.field(i)
                    return bytes.isEmpty && !reader.isQuoted(i) ? nil : String(decoding: bytes, as: UTF8.self)
                })
        }
        return out
    }

    /// The records of a CSV file under its header line.
    public static func records(ofFile path: String) throws -> [[String?]] {
        Array(try records(CSVReader(FileSource(path: path))).dropFirst())
    }

    /// Every file of a folder, by name.
    public static func contents(of folder: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            files[name] = try Data(
                contentsOf: URL(fileURLWithPath: (folder as NSString).appendingPathComponent(name)))
        }
        return files
    }

    /// The names of the files and folders in `folder`, sorted.
    public static func listing(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }
}

/// A run that found invalid rows, with its report.
public struct InvalidData: Error, CustomStringConvertible {
    /// The run's result.
    public let result: JobResult

    public var description: String { result.report.rendered() }

    /// The violations found (the first of each kind).
    public var violations: [Violation] { result.report.examples }
}
