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
        _ = try job.run()
    }

    /// Copies between two locations given as the CLI would take them.
    @discardableResult
    public static func copy(
        _ source: String, _ target: String, mode: LoadMode = .insert, tables: Set<String>? = nil
    )
        throws -> CopySummary
    {
        let now = Timestamp.now()
        let job = CopyJob(
            source: try Location(source).openSource(now: now), sink: try Location(target).openSink(),
            selection: tables, mode: mode)
        return try job.run()
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
