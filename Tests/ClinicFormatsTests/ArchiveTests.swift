import ClinicPipeline
import Foundation
import TestSupport
import Testing

@testable import ClinicFormats

@Suite struct ArchiveTests {
    @Test func sha256MatchesTheStandardVectors() {
        func hex(_ text: String) -> String {
            var hash = SHA256()
            hash.update(Array(text.utf8))
            return hash.hex()
        }
        #expect(hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        var million = SHA256()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { million.update(chunk) }
        #expect(million.hex() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func csvToArchiveToCSVIsByteIdenticalAndTarReadsIt() throws {
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 25, seed: 8)
        try Fixtures.copy(scratch.file("in"), scratch.file("b.tar.gz"))
        try Fixtures.copy(scratch.file("b.tar.gz"), scratch.file("out"))
        #expect(try Fixtures.contents(of: scratch.file("in")) == Fixtures.contents(of: scratch.file("out")))
        // Plain tar can open it: the data members are the CSV files.
        try FileManager.default.createDirectory(atPath: scratch.file("x"), withIntermediateDirectories: true)
        let tar = Process()
        tar.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        tar.arguments = ["tar", "xzf", scratch.file("b.tar.gz"), "-C", scratch.file("x")]
        try tar.run()
        tar.waitUntilExit()
        #expect(tar.terminationStatus == 0)
        #expect(
            try Fixtures.contents(of: scratch.file("x/data")) == Fixtures.contents(of: scratch.file("in")))
        let manifest = try JSONDecoder().decode(
            ArchiveManifest.self,
            from: Data(contentsOf: URL(fileURLWithPath: scratch.file("x/manifest.json"))))
        #expect(manifest.tables.count == 19)
        #expect(manifest.source == scratch.file("in"))
        #expect(manifest.tables.first?.member == "data/api_user.csv")
    }

    /// The tar stream inside a good archive, to damage in the tests below.
    func tarBytes(_ scratch: ScratchDirectory) throws -> [UInt8] {
        try Fixtures.writeSample(to: scratch.file("in"), patients: 10, seed: 3)
        try Fixtures.copy(scratch.file("in"), scratch.file("good.tar.gz"))
        let source = try GzipSource(FileSource(path: scratch.file("good.tar.gz")))
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
            if n == 0 { break }
            out += buffer[0..<n]
        }
        return out
    }

    func gzip(_ bytes: [UInt8], to path: String) throws {
        let sink = ParallelGzipSink(try FileSink(path: path))
        try sink.write(bytes)
        try sink.close()
    }

    /// Restores `archive` into a new SQLite file and returns the error; the file must not exist after.
    func restoreFails(_ archive: String, _ scratch: ScratchDirectory) throws -> ETLError? {
        let target = scratch.file("restored.sqlite3")
        let error = #expect(throws: ETLError.self) { try Fixtures.copy(archive, target) }
        #expect(!FileManager.default.fileExists(atPath: target), "the target is untouched")
        return error
    }

    func replacing(_ bytes: [UInt8], _ old: String, _ new: String) -> [UInt8] {
        let text = String(decoding: bytes, as: UTF8.self)
        return Array(text.replacingOccurrences(of: old, with: new).utf8)
    }

    @Test func aWrongChecksumOrRowCountInTheManifestIsRefused() throws {
        let scratch = try ScratchDirectory()
        let tar = try tarBytes(scratch)
        let manifest = try JSONDecoder().decode(
            ArchiveManifest.self, from: Data(tar[512..<(512 + ArchiveManifest.reservedBytes)]))
        let entry = try #require(manifest.tables.first { $0.table == "api_billing" })
        let flipped = String(entry.sha256.prefix(63)) + (entry.sha256.hasSuffix("0") ? "1" : "0")
        try gzip(replacing(tar, entry.sha256, flipped), to: scratch.file("sum.tar.gz"))
        let sum = try restoreFails(scratch.file("sum.tar.gz"), scratch)
        #expect(sum?.message.contains("data/api_billing.csv does not match its SHA-256") == true)
        let rows = "\"rows\" : \(entry.rows),\n      \"sha256\" : \"\(entry.sha256)\""
        let more = "\"rows\" : \(entry.rows + 1),\n      \"sha256\" : \"\(entry.sha256)\""
        try gzip(replacing(tar, rows, more), to: scratch.file("rows.tar.gz"))
        let count = try restoreFails(scratch.file("rows.tar.gz"), scratch)
        #expect(count?.message.contains("rows; the manifest says \(entry.rows + 1)") == true)
    }

    @Test func unsafeNamesLinksAndDuplicatesAreRefused() throws {
        let scratch = try ScratchDirectory()
        let tar = try tarBytes(scratch)
        let manifestEnd = 512 + ArchiveManifest.reservedBytes
        func insert(_ header: TarHeader, _ data: [UInt8]) -> [UInt8] {
            Array(tar[0..<manifestEnd]) + header.encoded(mtime: 0) + data
                + [UInt8](repeating: 0, count: TarHeader.padding(after: data.count))
                + Array(tar[manifestEnd...])
        }
        try gzip(
            insert(TarHeader(name: "../evil.csv", size: 3), Array("x\n\n".utf8)),
            to: scratch.file("dots.tar.gz"))
        #expect(
            try restoreFails(scratch.file("dots.tar.gz"), scratch)?.message.contains("unsafe member name")
                == true)
        try gzip(insert(TarHeader(name: "/etc/passwd", size: 0), []), to: scratch.file("abs.tar.gz"))
        #expect(
            try restoreFails(scratch.file("abs.tar.gz"), scratch)?.message.contains("unsafe member name")
                == true)
        var link = TarHeader(name: "data/link.csv", size: 0)
        link.typeFlag = UInt8(ascii: "2")
        try gzip(insert(link, []), to: scratch.file("link.tar.gz"))
        #expect(try restoreFails(scratch.file("link.tar.gz"), scratch)?.message.contains("is a link") == true)
        let userCSV = try [UInt8](Data(contentsOf: URL(fileURLWithPath: scratch.file("in/api_user.csv"))))
        try gzip(
            insert(TarHeader(name: "data/api_user.csv", size: userCSV.count), userCSV),
            to: scratch.file("dup.tar.gz"))
        #expect(
            try restoreFails(scratch.file("dup.tar.gz"), scratch)?.message.contains("appears twice") == true)
    }

    @Test func truncatedOrCorruptedArchivesAreRefused() throws {
        let scratch = try ScratchDirectory()
        _ = try tarBytes(scratch)
        let good = try [UInt8](Data(contentsOf: URL(fileURLWithPath: scratch.file("good.tar.gz"))))
        for cut in [10, 600, good.count / 3, good.count / 2, good.count - 30, good.count - 1] {
            try Data(good.prefix(cut)).write(to: URL(fileURLWithPath: scratch.file("cut.tar.gz")))
            let error = try restoreFails(scratch.file("cut.tar.gz"), scratch)
            #expect(error?.message.contains("truncated") == true, "cut at \(cut): \(error?.message ?? "")")
        }
        for offset in [20_000, good.count / 2, good.count - 100] {
            var flipped = good
            flipped[offset] ^= 0x10
            try Data(flipped).write(to: URL(fileURLWithPath: scratch.file("flip.tar.gz")))
            #expect(try restoreFails(scratch.file("flip.tar.gz"), scratch) != nil, "flipped at \(offset)")
        }
    }

    @Test func anotherSchemaIsNamedAndTablesCanBeRestoredAlone() throws {
        let scratch = try ScratchDirectory()
        let tar = try tarBytes(scratch)
        try Fixtures.copy(
            scratch.file("good.tar.gz"), scratch.file("part"), tables: ["api_user", "api_service"])
        #expect(Fixtures.listing(scratch.file("part")) == ["api_service.csv", "api_user.csv"])
        let manifest = try JSONDecoder().decode(
            ArchiveManifest.self, from: Data(tar[512..<(512 + ArchiveManifest.reservedBytes)]))
        var changed = replacing(tar, manifest.schemaFingerprint, String(repeating: "0", count: 64))
        changed = replacing(changed, "\"username\",", "\"nickname\",")
        try gzip(changed, to: scratch.file("other.tar.gz"))
        let error = try restoreFails(scratch.file("other.tar.gz"), scratch)
        #expect(error?.message.contains("written with another schema") == true)
        #expect(error?.message.contains("api_user has unknown columns nickname") == true)
        #expect(error?.message.contains("api_user lacks username") == true)
    }
}
