import ClinicPipeline
import Foundation
import TestSupport
import Testing

@testable import ClinicReports

/// Which files of a month's folder are the report's own, to replace or remove on a rerun.
@Suite struct ReportFolderTests {
    @Test func everyFileAFullReportWritesIsKnownAsItsOwn() throws {
        let scratch = try ScratchDirectory()
        let files = try ReportWriter.write(
            try HandMade.report("2025-10"), formats: ReportFormat.allCases, to: scratch.file("2025-10"))
        #expect(files.count > 20)
        for name in files { #expect(ReportWriter.isOwnFile(name), "\(name)") }
        for name in ["notes.txt", "printed.pdf", "billing_summary.csv.bak", "mine.csv", "index.htm"] {
            #expect(!ReportWriter.isOwnFile(name), "\(name)")
        }
    }
}
