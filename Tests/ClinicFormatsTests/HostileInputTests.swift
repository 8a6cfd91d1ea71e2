import ClinicPipeline
import Foundation
import TestSupport
import Testing

@testable import ClinicFormats

/// Every input under `Fixtures/fuzz/READER` replayed through the reader the fuzzer drove: the
/// seeds must read cleanly, and what the fuzzer once found (`crash-*`, `timeout-*`, `oom-*`) must
/// now be refused with an `ETLError` (a crash would end the test run).
@Suite struct HostileInputTests {
    @Test(arguments: InputProbe.allCases)
    func fuzzInputsAreReadOrRefused(_ probe: InputProbe) throws {
        let folder = try #require(
            Bundle.module.url(forResource: "Fixtures/fuzz/\(probe.rawValue)", withExtension: nil))
        let scratch = try ScratchDirectory()
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(!files.isEmpty)
        for name in files {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            let bytes = [UInt8](data)
            let isFinding = ["crash-", "timeout-", "oom-", "leak-"].contains { name.hasPrefix($0) }
            do {
                try bytes.withUnsafeBytes { try probe.read($0, scratch: scratch.file("input")) }
            } catch {
                if !isFinding { Issue.record("seed \(name) was refused: \(error)") }
            }
        }
    }
}

/// Inputs built to exhaust memory or time are refused early, with a message, in bounded memory.
@Suite struct ResourceLimitTests {
    @Test func aGigabyteFieldStopsAtTheFieldLimit() throws {
        let source = GeneratedSource(prefix: "id,username\n1,", repeating: "x", total: 1 << 30)
        let reader = CSVReader(source)
        #expect(try reader.nextRecord())
        let error = try #require(throws: ETLError.self) { try reader.nextRecord() }
        #expect(error.message == "a field is larger than 64 MiB")
        #expect(error.hint?.contains("--max-field-mib") == true)
        #expect(error.line == 2)
        #expect(source.produced < 65 << 20)
    }

    @Test func aGigabyteLineOfTinyFieldsStopsAtTheFieldCount() throws {
        let source = GeneratedSource(prefix: "", repeating: "a,", total: 1 << 30)
        let error = try #require(throws: ETLError.self) { try CSVReader(source).nextRecord() }
        #expect(error.message == "a record has more than 4096 fields")
        #expect(source.produced < 1 << 20)
    }

    @Test func aRecordOfManyLargeFieldsStopsAtTheRecordLimit() throws {
        let field = String(repeating: "y", count: 1000)
        let line = Array(repeating: field, count: 5).joined(separator: ",") + "\n"
        let reader = CSVReader(MemorySource(line, chunk: 100), maxFieldBytes: 1024, maxRecordBytes: 4096)
        let error = try #require(throws: ETLError.self) { try reader.nextRecord() }
        #expect(error.message == "a record is larger than 4096 bytes")
    }

    @Test func aTarMemberClaimingATerabyteEndsAsTruncated() throws {
        var header = TarHeader(name: "api_user.csv", size: 1 << 40).encoded(mtime: 0)
        #expect(try TarHeader.decode(header, archive: "a.tar")?.size == 1 << 40)
        header += [UInt8](repeating: UInt8(ascii: "x"), count: 2048)
        let stream = TarStream(MemorySource(bytes: header), archive: "a.tar")
        #expect(try stream.next()?.size == 1 << 40)
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        let error = try #require(throws: ETLError.self) {
            while try buffer.withUnsafeMutableBytes({ try stream.read(into: $0) }) > 0 {}
        }
        #expect(error.message == "the archive is truncated (it ends inside member data)")
        #expect(error.location == "a.tar")
    }

    @Test func tarSizesPastEightGiBRoundTrip() throws {
        for size in [0, 511, (1 << 33) - 1, 1 << 33, 10 << 30] {
            let block = TarHeader(name: "t.csv", size: size).encoded(mtime: 1)
            #expect(try TarHeader.decode(block, archive: "a.tar")?.size == size)
        }
        var block = TarHeader(name: "t.csv", size: 1 << 40).encoded(mtime: 1)
        block[128] = 0xFF
        #expect(throws: ETLError.self) { try TarHeader.decode(block, archive: "a.tar") }
    }

    @Test func aGzipBombIsReadAsAStreamAndStoppedByTheFieldLimit() throws {
        let bomb = try GzipBomb.make(prefix: "id,username\n1,", megabytes: 1024)
        #expect(bomb.count < 2 << 20)
        let reader = CSVReader(try GzipSource(MemorySource(bytes: bomb)))
        #expect(try reader.nextRecord())
        let error = try #require(throws: ETLError.self) { try reader.nextRecord() }
        #expect(error.message == "a field is larger than 64 MiB")
    }
}

/// A source of `total` bytes that are never all in memory: a prefix, then a pattern repeated.
final class GeneratedSource: ByteSource {
    let name = "generated.csv"
    private let prefix: [UInt8]
    private let pattern: [UInt8]
    private let total: Int
    private(set) var produced = 0

    init(prefix: String, repeating pattern: String, total: Int) {
        self.prefix = Array(prefix.utf8)
        let unit = Array(pattern.utf8)
        // Whole repetitions of the pattern, so every read can copy from the same block.
        self.pattern = Array(repeating: unit, count: (1 << 16) / unit.count).flatMap { $0 }
        self.total = total
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if produced < prefix.count {
            let n = min(buffer.count, prefix.count - produced)
            buffer.copyBytes(from: prefix[produced..<(produced + n)])
            produced += n
            return n
        }
        let phase = (produced - prefix.count) % pattern.count
        let n = min(buffer.count, total - produced, pattern.count - phase)
        buffer.copyBytes(from: pattern[phase..<(phase + n)])
        produced += n
        return n
    }
}
