import ClinicPipeline
import ClinicSchema
import Foundation
import TestSupport
import Testing

@testable import ClinicFormats

@Suite struct CSVFolderTests {
    @Test func folderToFolderIsByteIdenticalAndGzipToo() throws {
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("a"))
        #expect(Fixtures.listing(scratch.file("a")).count == 19)
        let job = CopyJob(
            source: try CSVFolderSource(path: scratch.file("a"), now: .now()),
            sink: CSVFolderSink(path: scratch.file("gz"), compress: true))
        _ = try job.run()
        #expect(Fixtures.listing(scratch.file("gz")).allSatisfy { $0.hasSuffix(".csv.gz") })
        _ = try CopyJob(
            source: try CSVFolderSource(path: scratch.file("gz"), now: .now()),
            sink: CSVFolderSink(path: scratch.file("b"), compress: false)
        ).run()
        #expect(try Fixtures.contents(of: scratch.file("a")) == Fixtures.contents(of: scratch.file("b")))
    }

    /// Files flushed to disk while they are still being written (every 8 MiB) come out whole,
    /// and only at commit.
    @Test func filesFlushedWhileWrittenArriveWhole() throws {
        let scratch = try ScratchDirectory()
        let folder = try StagedFolder(path: scratch.file("out"), replace: false)
        let chunk = [UInt8](repeating: 0, count: 1 << 20).enumerated().map {
            UInt8(truncatingIfNeeded: $0.offset % 251)
        }
        var expected = Data()
        for _ in 0..<20 { expected.append(contentsOf: chunk) }
        for name in ["a.bin", "b.bin"] {
            let file = try folder.create(name)
            for _ in 0..<20 { try file.write(chunk) }
            try file.close()
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.file("out")))
        try folder.commit()
        for name in ["a.bin", "b.bin"] {
            let data = try Data(contentsOf: URL(fileURLWithPath: scratch.file("out/\(name)")))
            #expect(data == expected)
        }
    }

    @Test func refusesANonEmptyFolderUnlessTruncating() throws {
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("a"), patients: 5)
        try Fixtures.writeSample(to: scratch.file("b"), patients: 8)
        let before = try Fixtures.contents(of: scratch.file("b"))
        let error = #expect(throws: ETLError.self) { try Fixtures.copy(scratch.file("a"), scratch.file("b")) }
        #expect(error?.code == .targetNotEmpty)
        #expect(try Fixtures.contents(of: scratch.file("b")) == before)
        try Fixtures.copy(scratch.file("a"), scratch.file("b"), mode: .truncate)
        #expect(try Fixtures.contents(of: scratch.file("b")) == Fixtures.contents(of: scratch.file("a")))
        #expect(Fixtures.listing(scratch.path) == ["a", "b"], "no staging folders are left behind")
    }

    @Test func aFailedCopyLeavesNothingAtTheTarget() throws {
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("a"), patients: 5)
        let billing = scratch.file("a/api_billing.csv")
        var text = try String(contentsOfFile: billing, encoding: .utf8)
        text += "999,12.345,bad amount,,pending,f,2025-01-01 00:00:00+00,2025-01-01 00:00:00+00,,,5\n"
        try text.write(toFile: billing, atomically: true, encoding: .utf8)
        let lines = text.split(separator: "\n").count
        let error = #expect(throws: InvalidData.self) {
            try Fixtures.copy(scratch.file("a"), scratch.file("out"))
        }
        let violation = try #require(error?.violations.first)
        #expect(violation.column == "amount")
        #expect(violation.rule == .decimalScale)
        #expect(violation.line == lines)
        #expect(violation.pk == "999")
        #expect(violation.location?.hasSuffix("api_billing.csv") == true)
        #expect(Fixtures.listing(scratch.path) == ["a"])
    }

    @Test func truncatedGzipStopsTheCopy() throws {
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("gz"), patients: 30, compress: true)
        let file = scratch.file("gz/api_appointment.csv.gz")
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: file))
        let error = #expect(throws: ETLError.self) {
            try Fixtures.copy(scratch.file("gz"), scratch.file("out"))
        }
        #expect(error?.message.contains("truncated") == true)
        #expect(!FileManager.default.fileExists(atPath: scratch.file("out")))
    }

    @Test func headerProblemsNameTheFile() throws {
        let scratch = try ScratchDirectory()
        try FileManager.default.createDirectory(atPath: scratch.file("in"), withIntermediateDirectories: true)
        try "id,name,colour\n1,x,red\n".write(
            toFile: scratch.file("in/api_service.csv"), atomically: true, encoding: .utf8)
        let error = #expect(throws: ETLError.self) {
            try Fixtures.copy(scratch.file("in"), scratch.file("out"))
        }
        #expect(error?.description.contains("api_service.csv:1") == true)
        #expect(error?.description.contains("unknown column \"colour\"") == true)
    }
}
