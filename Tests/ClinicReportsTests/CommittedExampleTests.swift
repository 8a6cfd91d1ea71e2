import ClinicPipeline
import ClinicStores
import Foundation
import TestSupport
import Testing

@testable import ClinicReports

/// The committed example `reports/2025-10/` is reproducible.
///
/// It is made from `samples/clinic`; regenerating it must give the same files. Set `CLINIC_RECORD_REPORT=1` to re-record it after an intended change.
@Suite struct CommittedExampleTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func theCommittedExampleIsReproducible() throws {
        let options = ReportOptions(
            month: try #require(YearMonth("2025-10")),
            clock: try #require(ClinicClock(identifier: "Asia/Manila")))
        let source = try Location(Self.root.appendingPathComponent("samples/clinic").path).openSource(
            now: .now())
        let report = try ReportBuilder(source: source, options: options).build()
        let committed = Self.root.appendingPathComponent("reports/2025-10").path
        if ProcessInfo.processInfo.environment["CLINIC_RECORD_REPORT"] != nil {
            try ReportWriter.write(report, formats: ReportFormat.allCases, to: committed)
        }
        let scratch = try ScratchDirectory()
        try ReportWriter.write(report, formats: ReportFormat.allCases, to: scratch.file("2025-10"))
        let fresh = try Fixtures.contents(of: scratch.file("2025-10"))
        let expected = try Fixtures.contents(of: committed)
        #expect(fresh.keys.sorted() == expected.keys.sorted())
        for (name, data) in fresh {
            #expect(data == expected[name], "\(name) differs from the committed example")
        }
    }
}
