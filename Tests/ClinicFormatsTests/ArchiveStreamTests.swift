import ClinicPipeline
import Foundation
import TestSupport
import Testing

@testable import ClinicFormats

/// The archive is one gzip stream that the usual streaming readers take whole.
@Suite struct ArchiveStreamTests {
    /// Runs `tool` with `arguments`, the file at `input` as its standard input; its exit status and output.
    func run(_ arguments: [String], input: String? = nil) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        if let input { process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: input)) }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    func archive(_ scratch: ScratchDirectory) throws -> String {
        try Fixtures.writeSample(to: scratch.file("in"), patients: 10, seed: 4)
        try Fixtures.copy(scratch.file("in"), scratch.file("a.tar.gz"))
        return scratch.file("a.tar.gz")
    }

    @Test func pythonsStreamingTarReaderListsEveryMemberOwnerOnly() throws {
        let scratch = try ScratchDirectory()
        let path = try archive(scratch)
        let script = """
            import sys, tarfile
            with tarfile.open(fileobj=sys.stdin.buffer, mode='r|gz') as t:
                for m in t:
                    data = t.extractfile(m).read() if m.isfile() else b''
                    print(m.name, oct(m.mode), m.type.decode(), len(data) == m.size)
            """
        let (status, output) = try run(["python3", "-c", script], input: path)
        #expect(status == 0)
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.first == "manifest.json 0o600 0 True")
        #expect(lines.dropFirst().first == "data 0o700 5 True")
        let members = lines.dropFirst(2)
        #expect(members.count == 19)
        #expect(members.allSatisfy { $0.hasPrefix("data/api_") && $0.hasSuffix(".csv 0o600 0 True") })
        #expect(try run(["gzip", "-t", path]).status == 0)
    }

    @Test func tarExtractsOwnerOnlyFilesWhateverTheUmask() throws {
        let scratch = try ScratchDirectory()
        let path = try archive(scratch)
        try FileManager.default.createDirectory(atPath: scratch.file("x"), withIntermediateDirectories: true)
        #expect(
            try run(["sh", "-c", "umask 022 && tar xzf \"$0\" -C \"$1\"", path, scratch.file("x")]).status
                == 0)
        func mode(_ name: String) throws -> Int {
            try (FileManager.default.attributesOfItem(atPath: scratch.file(name))[.posixPermissions] as? Int)
                ?? -1
        }
        #expect(try mode("x/manifest.json") == 0o600)
        #expect(try mode("x/data") == 0o700)
        #expect(try mode("x/data/api_billing.csv") == 0o600)
    }

    /// Offsets where a stored 512-byte block starts: the tar headers between compressed members.
    func memberBoundaries(_ bytes: [UInt8]) -> [Int] {
        let marker: [UInt8] = [0x00, 0x00, 0x02, 0xFF, 0xFD]
        return (10..<(bytes.count - 5)).filter { i in
            bytes[i] == 0 && bytes[i + 1] == 0 && bytes[i + 2] == 2 && Array(bytes[i..<(i + 5)]) == marker
                && bytes[i + 5 + 257] == UInt8(ascii: "u")  // "ustar" at 257 in the header
        }
    }

    @Test func aCutAtAnyByteFailsGzipAndTheReader() throws {
        let scratch = try ScratchDirectory()
        let path = try archive(scratch)
        let good = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let boundaries = memberBoundaries(good)
        #expect(boundaries.count == 20, "the data/ folder's header and one per table")
        let cuts =
            boundaries + boundaries.map { $0 + 5 + 512 } + [
                1, 10, 11, 100, 33_000, good.count / 2, good.count - 8, good.count - 4, good.count - 1,
            ]
        for cut in Set(cuts).sorted() {
            let file = scratch.file("cut.tar.gz")
            try Data(good.prefix(cut)).write(to: URL(fileURLWithPath: file))
            #expect(try run(["gzip", "-t", file]).status != 0, "gzip -t passes a cut at \(cut)")
            let error = #expect(throws: ETLError.self, "cut at \(cut)") {
                try ArchiveSource(path: file, now: .now()).verified()
            }
            #expect(error?.message.contains("truncated") == true, "cut at \(cut): \(error?.message ?? "")")
        }
    }

    @Test func damageIsNamedAsDamageWithItsOffset() throws {
        let scratch = try ScratchDirectory()
        let path = try archive(scratch)
        let good = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let boundaries = memberBoundaries(good)
        // Inside compressed data, inside a stored tar header, and in the trailer's CRC.
        for offset in [boundaries[3] - 2000, boundaries[5] + 5 + 100, good.count - 6] {
            var flipped = good
            flipped[offset] ^= 0x10
            let file = scratch.file("flip.tar.gz")
            try Data(flipped).write(to: URL(fileURLWithPath: file))
            let error = #expect(throws: ETLError.self) {
                try ArchiveSource(path: file, now: .now()).verified()
            }
            let message = error?.message ?? ""
            #expect(message.contains("damaged") || message.contains("corrupt"), "at \(offset): \(message)")
            #expect(!message.contains("quot"), "at \(offset): \(message)")
        }
    }

    @Test func aMemberOutOfOrderIsNamed() throws {
        let scratch = try ScratchDirectory()
        let path = try archive(scratch)
        let source = try GzipSource(FileSource(path: path))
        var tar: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
            if n == 0 { break }
            tar += buffer[0..<n]
        }
        // Cut the tar stream into members, then swap the second and third tables.
        var members: [Range<Int>] = []
        var at = 0
        while let header = try TarHeader.decode(Array(tar[at..<(at + 512)]), archive: "t") {
            let end = at + 512 + header.size + TarHeader.padding(after: header.size)
            members.append(at..<end)
            at = end
        }
        var swapped = members
        swapped.swapAt(3, 4)
        let bytes = swapped.flatMap { Array(tar[$0]) } + Array(tar[at...])
        let gzip = ParallelGzipSink(try FileSink(path: scratch.file("swap.tar.gz")))
        try gzip.write(bytes)
        try gzip.close()
        let error = #expect(throws: ETLError.self) {
            try ArchiveSource(path: scratch.file("swap.tar.gz"), now: .now()).verified()
        }
        #expect(error?.message.contains("is out of order") == true, "\(error?.message ?? "")")
    }
}
