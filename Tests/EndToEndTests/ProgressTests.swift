import Foundation
import TestSupport
import Testing

/// The progress line, as a user sees it on a terminal: the binary runs under a pseudo-terminal
/// (`Terminal`), and what it drew is read back.
@Suite struct ProgressTests {
    @Test func aLoadOnATerminalShowsTableOfTotalPercentRateAndETA() throws {
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 3000)
        let (status, screen) = try Terminal.run(["copy", scratch.file("in"), scratch.file("c.sqlite3")])
        #expect(status == 0, "\(screen)")
        let frames = Terminal.frames(screen)
        let full = frames.filter {
            $0.contains(
                #/^\[\d+/\d+\] api_\w+  [\d,]+ rows  [\d.]+ [kM]?B of [\d.]+ [kM]?B  \d+%  [\d,]+ rows/s  ETA \d+:\d\d/#
            )
        }
        #expect(!full.isEmpty, "\(frames.prefix(20))")
        let tables = Set(frames.compactMap { $0.firstMatch(of: #/^\[(\d+)/(\d+)\]/#).map { "\($0.2)" } })
        #expect(tables.count == 1, "one total of tables: \(tables)")
    }

    @Test func redrawsAreAtMostTenASecond() throws {
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 3000)
        let started = Date()
        let (status, screen) = try Terminal.run(["copy", scratch.file("in"), scratch.file("out.tar.gz")])
        let seconds = Date().timeIntervalSince(started)
        #expect(status == 0, "\(screen)")
        let frames = Terminal.frames(screen)
        #expect(frames.count > 1)
        #expect(Double(frames.count) <= seconds * 10 + 1, "\(frames.count) frames in \(seconds) s")
    }

    @Test func nothingIsDrawnWhenStandardErrorIsNotATerminal() throws {
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 3000)
        let result = try CLI.run(["copy", scratch.file("in"), scratch.file("c.sqlite3")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("\r") && !result.stderr.contains("ETA"), "\(result.stderr)")
    }

    @Test(.enabled(if: TestPostgres.isConfigured, "needs scripts/test.sh's PostgreSQL"))
    func thePhasesAfterTheRowsShowOnTheLine() throws {
        let scratch = try ScratchDirectory()
        let db = try ScratchDatabase()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 300)
        #expect(try CLI.run(["schema", "--create", db.url]).status == 0)
        // About 2 s of index building: long enough for several redraws of that phase.
        try db.addSlowIndex(seconds: 0.005)
        let (status, screen) = try Terminal.run(["copy", scratch.file("in"), db.url])
        #expect(status == 0, "\(screen)")
        let frames = Terminal.frames(screen)
        #expect(
            frames.contains { $0.contains(#/^\[\d+/\d+\] rebuilding indexes \(\d+ of \d+\)  \d+:\d\d/#) },
            "\(frames)")
    }
}
