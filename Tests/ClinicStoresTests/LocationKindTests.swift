import ClinicPipeline
import Foundation
import TestSupport
import Testing

@testable import ClinicStores

@Suite struct LocationKindTests {
    @Test(arguments: ["clinic.json.bz2", "clinic.xml.xz", "fixtures.zip", "dump.tar.zst"])
    func unsupportedCompressionIsNamedByExtension(name: String) throws {
        let scratch = try ScratchDirectory()
        let missing = #expect(throws: ETLError.self) { try Location(scratch.file(name)) }
        #expect(missing?.message.contains("clinic-etl does not write") == true, "\(missing?.message ?? "")")
        #expect(missing?.hint?.contains("a location is one of:") == true)
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: scratch.file(name)))
        let error = #expect(throws: ETLError.self) { try Location(scratch.file(name)) }
        #expect(
            error?.message.contains("not supported; decompress it first") == true, "\(error?.message ?? "")")
    }

    @Test(
        arguments: [
            ([0x42, 0x5A, 0x68, 0x39], "bzip2"), ([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], "xz"),
            ([0x50, 0x4B, 0x03, 0x04], "zip"),
        ] as [([UInt8], String)])
    func unsupportedCompressionIsFoundByContent(magic: [UInt8], kind: String) throws {
        let scratch = try ScratchDirectory()
        try Data(magic + [UInt8](repeating: 1, count: 20)).write(
            to: URL(fileURLWithPath: scratch.file("clinic")))
        let error = #expect(throws: ETLError.self) { try Location(scratch.file("clinic")) }
        #expect(error?.message == "\(kind)-compressed files are not supported; decompress it first")
    }
}
