import ClinicPipeline
import Foundation
import TestSupport
import Testing

@testable import ClinicFormats

@Suite struct GzipTests {
    func compress(_ bytes: [UInt8]) throws -> [UInt8] {
        let sink = MemorySink()
        let gzip = ParallelGzipSink(sink)
        try bytes.withUnsafeBytes { try gzip.write($0) }
        try gzip.close()
        return sink.bytes
    }

    func decompress(_ bytes: [UInt8]) throws -> [UInt8] {
        let source = try GzipSource(MemorySource(bytes: bytes, chunk: 777))
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1000)
        while true {
            let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
            if n == 0 { break }
            out.append(contentsOf: buffer[0..<n])
        }
        return out
    }

    var payload: [UInt8] {
        var bytes: [UInt8] = []
        var x: UInt32 = 12345
        for i in 0..<300_000 {
            x = x &* 1_103_515_245 &+ 12345
            bytes.append(i % 3 == 0 ? UInt8(x >> 24) : UInt8(ascii: "a") + UInt8(i % 7))
        }
        return bytes
    }

    @Test func roundTripsLargeData() throws {
        let data = payload
        let compressed = try compress(data)
        #expect(compressed.count < data.count)
        #expect(compressed.prefix(2) == [0x1F, 0x8B])
        #expect(try decompress(compressed) == data)
    }

    @Test func readsWhatGzipWritesIncludingConcatenatedMembers() throws {
        let a = try compress(Array("first,".utf8))
        let b = try compress(Array("second".utf8))
        #expect(try decompress(a + b) == Array("first,second".utf8))
    }

    @Test func truncatedDataIsAnErrorNotAShortRead() throws {
        let compressed = try compress(payload)
        let error = #expect(throws: ETLError.self) {
            try decompress(Array(compressed.prefix(compressed.count / 2)))
        }
        #expect(error?.message.contains("truncated") == true)
        #expect(throws: ETLError.self) { try decompress(Array(compressed.dropLast(4))) }
        #expect(throws: ETLError.self) { try decompress([]) }
    }

    @Test func corruptDataIsAnError() throws {
        var compressed = try compress(payload)
        for i in stride(from: 100, to: 200, by: 1) { compressed[i] ^= 0x5A }
        let error = #expect(throws: ETLError.self) { try decompress(compressed) }
        #expect(error?.message.contains("corrupt") == true)
        #expect(throws: ETLError.self) { try decompress(Array("not gzip at all".utf8)) }
    }
}

/// The pigz-style writer: one valid gzip member, whatever the block boundaries, readable by gzip.
@Suite struct ParallelGzipSinkTests {
    /// A sink that fails after `limit` bytes, like a full disk.
    final class FailingSink: ByteSink {
        let name = "full-disk"
        let limit: Int
        var written = 0

        init(limit: Int) { self.limit = limit }

        func write(_ bytes: UnsafeRawBufferPointer) throws {
            written += bytes.count
            if written > limit { throw ETLError(.io, "no space left on device") }
        }

        func close() throws {}
    }

    func compress(_ bytes: [UInt8], pieces: Int) throws -> MemorySink {
        let sink = MemorySink()
        let gzip = ParallelGzipSink(sink)
        let size = max(1, bytes.count / pieces)
        for start in stride(from: 0, to: bytes.count, by: size) {
            try gzip.write(Array(bytes[start..<min(start + size, bytes.count)]))
        }
        try gzip.close()
        return sink
    }

    @Test(arguments: [0, 1, ParallelGzipSink.blockSize, ParallelGzipSink.blockSize + 1, 3_000_001])
    func roundTripsAcrossBlockBoundaries(_ count: Int) throws {
        let data =
            Array(GzipTests().payload.prefix(count)) + [UInt8](repeating: 7, count: max(0, count - 300_000))
        let sink = try compress(data, pieces: 13)
        #expect(sink.closed)
        #expect(sink.bytes.prefix(3) == [0x1F, 0x8B, 8])
        #expect(try GzipTests().decompress(sink.bytes) == data)
    }

    @Test func gzipItselfAcceptsTheStreamAndTheRatioStaysGzips() throws {
        let scratch = try ScratchDirectory()
        let data = (0..<40_000).flatMap {
            Array("\($0),patient \($0 % 977),2025-10-\($0 % 28 + 1),scheduled\n".utf8)
        }
        let parallel = try compress(data, pieces: 50).bytes
        try Data(parallel).write(to: URL(fileURLWithPath: scratch.file("p.gz")))
        try Data(data).write(to: URL(fileURLWithPath: scratch.file("data.csv")))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [
            "-c", "gzip -t \"$0\" && gzip -6 -c \"$1\" > \"$2\"", scratch.file("p.gz"),
            scratch.file("data.csv"), scratch.file("single.gz"),
        ]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let single = try Data(contentsOf: URL(fileURLWithPath: scratch.file("single.gz")))
        #expect(Double(parallel.count) < Double(single.count) * 1.02)
    }

    @Test func aWriteErrorReachesTheWriter() throws {
        let sink = ParallelGzipSink(FailingSink(limit: 1 << 12))
        var x: UInt32 = 1
        let noise = (0..<(1 << 16)).map { _ in
            x = x &* 1_103_515_245 &+ 12345
            return UInt8(truncatingIfNeeded: x >> 16)
        }
        let error = #expect(throws: ETLError.self) {
            for _ in 0..<64 { try sink.write(noise) }
            try sink.close()
        }
        #expect(error?.message == "no space left on device")
    }
}

@Suite struct GzipPaddingTests {
    func read(_ bytes: [UInt8]) throws -> [UInt8] {
        let data = bytes
        return try data.withUnsafeBytes { raw in
            let source = try GzipSource(MemoryBytes(raw))
            var out: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 1000)
            while true {
                let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
                if n == 0 { return out }
                out += buffer[0..<n]
            }
        }
    }

    func gzip(_ text: String) throws -> [UInt8] {
        let sink = MemorySink()
        let gzip = ParallelGzipSink(sink)
        try gzip.write(Array(text.utf8))
        try gzip.close()
        return sink.bytes
    }

    @Test func zeroPaddingAfterTheLastMemberIsAccepted() throws {
        let member = try gzip("id,name\n1,a\n")
        #expect(try read(member + [UInt8](repeating: 0, count: 10_000)) == Array("id,name\n1,a\n".utf8))
        #expect(try read(member + member + [0]) == Array("id,name\n1,a\nid,name\n1,a\n".utf8))
    }

    @Test func anythingElseAfterAMemberIsNamedWithItsOffset() throws {
        let member = try gzip("x")
        let junk = #expect(throws: ETLError.self) { try read(member + Array("garbage".utf8)) }
        #expect(junk?.message.contains("byte \(member.count)") == true, "\(junk?.message ?? "")")
        let padded = #expect(throws: ETLError.self) { try read(member + [0, 0, 0, 7]) }
        #expect(padded?.message.contains("byte \(member.count + 3)") == true, "\(padded?.message ?? "")")
    }
}
