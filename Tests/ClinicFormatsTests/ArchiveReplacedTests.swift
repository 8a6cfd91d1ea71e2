import ClinicPipeline
import Foundation
import TestSupport
import Testing

@testable import ClinicFormats

/// An archive is loaded from the read it was verified on: a file replaced between verifying and
/// loading is never restored unchecked.
@Suite struct ArchiveReplacedTests {
    /// Verifies `archive`, lets `replace` act on the file, then restores it into a CSV folder.
    private func restore(
        _ archive: String, into target: String, after replace: () throws -> Void
    ) throws -> JobResult {
        let source = ArchiveSource(path: archive, now: .now())
        _ = try source.verified()
        try replace()
        return try CopyJob(source: source, sink: CSVFolderSink(path: target, compress: false)).run()
    }

    @Test func aFileRenamedOverTheArchiveIsNotWhatLoads() throws {
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 5, seed: 1)
        try Fixtures.writeSample(to: scratch.file("other"), patients: 6, seed: 2)
        try Fixtures.copy(scratch.file("in"), scratch.file("b.tar.gz"))
        try Fixtures.copy(scratch.file("other"), scratch.file("other.tar.gz"))
        // What `--force` backups and rsync do: a new file renamed over the name.
        let result = try restore(scratch.file("b.tar.gz"), into: scratch.file("out")) {
            #expect(rename(scratch.file("other.tar.gz"), scratch.file("b.tar.gz")) == 0)
        }
        #expect(result.outcome == .clean)
        #expect(try Fixtures.contents(of: scratch.file("out")) == Fixtures.contents(of: scratch.file("in")))
    }

    @Test func anArchiveRewrittenInPlaceIsRefusedAndTheTargetUntouched() throws {
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 5, seed: 1)
        try Fixtures.writeSample(to: scratch.file("other"), patients: 6, seed: 2)
        try Fixtures.copy(scratch.file("in"), scratch.file("b.tar.gz"))
        try Fixtures.copy(scratch.file("other"), scratch.file("other.tar.gz"))
        // What `cp other.tar.gz b.tar.gz` does: the same file truncated and written again.
        let error = try #require(throws: ETLError.self) {
            try restore(scratch.file("b.tar.gz"), into: scratch.file("out")) {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: scratch.file("other.tar.gz")))
                let handle = try #require(FileHandle(forWritingAtPath: scratch.file("b.tar.gz")))
                try handle.truncate(atOffset: 0)
                try handle.write(contentsOf: bytes)
                try handle.close()
            }
        }
        #expect(error.exitStatus == 65)
        #expect(error.description.contains("the archive was changed while it was being read"))
        #expect(!FileManager.default.fileExists(atPath: scratch.file("out")))
        #expect(Fixtures.listing(scratch.path) == ["b.tar.gz", "in", "other", "other.tar.gz"])
    }
}
