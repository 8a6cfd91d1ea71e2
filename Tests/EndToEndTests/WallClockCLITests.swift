import Foundation
import TestSupport
import Testing

/// Datetimes without an offset are the clinic's wall-clock times, as Django with USE_TZ reads them.
@Suite struct WallClockCLITests {
    let service = #""name": "A", "category": "all", "description": "d""#

    @Test func offsetLessDatetimesAreReadInTheClinicsZoneAndCounted() throws {
        let scratch = try ScratchDirectory()
        try """
        [{"model": "api.service", "pk": 1, "fields": {\(service), "created_at": "2025-01-01T06:08:00"}},
        {"model": "api.service", "pk": 2, "fields": {\(service), "created_at": "2025-01-01T06:08:00Z"}},
        {"model": "api.service", "pk": 3, "fields": {\(service), "created_at": "2025-01-01 00:30:00.5"}}]
        """.write(toFile: scratch.file("s.json"), atomically: true, encoding: .utf8)
        let result = try CLI.run([
            "copy", scratch.file("s.json"), scratch.file("out"), "--timezone", "Asia/Manila",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stderr.contains("read 2 datetimes without an offset as Asia/Manila time"),
            "\(result.stderr)")
        let rows = try Fixtures.records(ofFile: scratch.file("out/api_service.csv")).map { $0[5] }
        #expect(rows == ["2024-12-31 22:08:00+00", "2025-01-01 06:08:00+00", "2024-12-31 16:30:00.5+00"])
    }

    @Test func csvIsReadTheSameWayAndNotCopiedAsItWas() throws {
        let scratch = try ScratchDirectory()
        try FileManager.default.createDirectory(atPath: scratch.file("in"), withIntermediateDirectories: true)
        try "id,name,category,description,image,created_at\n1,A,all,d,,2025-11-01 07:59:00\n"
            .write(toFile: scratch.file("in/api_service.csv"), atomically: true, encoding: .utf8)
        let result = try CLI.run([
            "copy", scratch.file("in"), scratch.file("b.tar.gz"), "--timezone", "America/New_York",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("read 1 datetime without an offset as America/New_York time"))
        let back = try CLI.run(["copy", scratch.file("b.tar.gz"), scratch.file("out"), "--quiet"])
        #expect(back.status == 0, "\(back.stderr)")
        let rows = try Fixtures.records(ofFile: scratch.file("out/api_service.csv")).map { $0[5] }
        // EDT (-04) the day before the clocks go back on 2025-11-02.
        #expect(rows == ["2025-11-01 11:59:00+00"])
        let bad = try CLI.run(["check", scratch.file("in"), "--timezone", "Mars/Olympus"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("unknown time zone"))
    }
}
