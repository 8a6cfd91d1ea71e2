import ClinicFormats
import ClinicPipeline
import ClinicSchema
import Foundation
import TestSupport
import Testing

@testable import ClinicStores

/// The load's own server process is terminated at each point a load can be broken; every time
/// the target must be exactly as before (rows, constraints, indexes) and the error must say so.
@Suite(.enabled(if: TestPostgres.isConfigured, "needs scripts/test.sh's PostgreSQL"))
struct FaultInjectionTests {
    /// The tables appended in the append case; everything else is loaded first.
    static let appended: Set<String> = ["api_appointmentnotification", "api_clinicalnote"]

    @Test(arguments: PostgresSink.FaultPoint.allCases, [LoadMode.insert, .truncate, .append, .upsert])
    func aTerminatedBackendLeavesTheTargetAsItWas(at point: PostgresSink.FaultPoint, mode: LoadMode) throws {
        let scratch = try ScratchDirectory()
        let db = try ScratchDatabase()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 6)
        try SchemaCreator.create(at: Location(db.url))
        var selection: Set<String>? = nil
        switch mode {
        case .insert: break
        case .truncate, .upsert: try Fixtures.copy(scratch.file("in"), db.url)
        case .append:
            try Fixtures.copy(
                scratch.file("in"), db.url,
                tables: Set(Catalog.clinic.appTables.map(\.name)).subtracting(Self.appended))
            selection = Self.appended
        }
        let rows = try db.checksums()
        let schema = try db.schemaDefinitions()
        #expect(schema.count > 60)

        let sink = PostgresSink(url: try PostgresURL(db.url))
        var fired = false
        sink.faultPoint = { reached, pid in
            guard reached == point, !fired else { return }
            fired = true
            try db.terminate(backend: pid)
        }
        let job = CopyJob(
            source: try CSVFolderSource(path: scratch.file("in"), now: .now()), sink: sink,
            selection: selection,
            mode: mode)
        let error = try #require(throws: ETLError.self) { try job.run() }
        #expect(fired)
        #expect(error.code == .database)
        #expect(error.exitStatus == 69)
        #expect(
            error.message.contains("terminat") || error.message.contains("server closed the connection"),
            "\(error)")
        #expect(try db.checksums() == rows)
        #expect(try db.schemaDefinitions() == schema)
        // Nothing is left locked or half-done: the same load now succeeds.
        let again = CopyJob(
            source: try CSVFolderSource(path: scratch.file("in"), now: .now()),
            sink: PostgresSink(url: try PostgresURL(db.url)), selection: selection, mode: mode)
        #expect(try again.run().outcome == .clean)
    }
}
