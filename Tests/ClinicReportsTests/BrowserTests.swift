import ClinicPipeline
import ClinicStores
import Foundation
import TestSupport
import Testing

@testable import ClinicReports

/// The report as a reader sees it, in headless Chromium (`scripts/browser-check.py`): nothing
/// wider than the page at 1280 px or on A4, every chart label at least 11 px, a bounded number of
/// A4 pages, a screenshot kept.
///
/// `scripts/test.sh` sets `CLINIC_BROWSER_TEST=1` (and `.ci/run` installs Debian's chromium,
/// chromium-driver and python3-selenium); with it the test fails when the browser is missing.
@Suite(
    .enabled(if: ProcessInfo.processInfo.environment["CLINIC_BROWSER_TEST"] != nil, "needs scripts/test.sh"))
struct BrowserTests {
    static let tools = ["/usr/bin/chromium", "/usr/bin/chromedriver", "/usr/bin/python3"]

    @Test func theCommittedExampleAndABigClinicFitTheScreenAndA4() throws {
        for tool in Self.tools {
            #expect(
                FileManager.default.isExecutableFile(atPath: tool),
                "\(tool) is missing: apt-get install chromium chromium-driver python3-selenium (as .ci/run does)"
            )
        }
        let root = CommittedExampleTests.root
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("big"), patients: 5000, seed: 11)
        let options = ReportOptions(
            month: try #require(YearMonth("2025-10")),
            clock: try #require(ClinicClock(identifier: "Asia/Manila")))
        let report = try ReportBuilder(
            source: try Location(scratch.file("big")).openSource(now: .now()), options: options
        ).build()
        try ReportWriter.write(report, formats: [.html], to: scratch.file("report"))

        let artifacts = root.appendingPathComponent(".build/browser-test").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [
            root.appendingPathComponent("scripts/browser-check.py").path, "--out", artifacts, "--max-pages",
            "14",
            "example=" + root.appendingPathComponent("reports/2025-10/index.html").path,
            "patients-5000=" + scratch.file("report/index.html"),
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        print(text)
        #expect(process.terminationStatus == 0, "browser check failed:\n\(text)")
        #expect(text.contains("screenshot: \(artifacts)/example.png"))
    }
}
