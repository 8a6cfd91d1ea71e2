import ClinicPipeline
import ClinicSchema
import Foundation
import TestSupport
import Testing

@testable import ClinicFormats

@Suite struct RejectsFolderTests {
    /// A table mapped from two files with different headers keeps each file's records under its own header.
    @Test func rowsOfOneTableFromFilesWithOtherHeadersGoToFilesOfTheirOwn() throws {
        let scratch = try ScratchDirectory()
        let folder = RejectsFolder(path: scratch.file("rejects"))
        let users = try #require(Catalog.clinic.table(named: "api_user"))
        try folder.reject(
            table: users, header: Array("A,B\n".utf8), record: Array("1,2\n".utf8), extension: "csv",
            violations: [])
        try folder.reject(
            table: users, header: Array("C\n".utf8), record: Array("3\n".utf8), extension: "csv",
            violations: [])
        try folder.reject(
            table: users, header: Array("A,B\n".utf8), record: Array("4,5\n".utf8), extension: "csv",
            violations: [])
        #expect(try folder.commit())
        #expect(
            try String(contentsOfFile: scratch.file("rejects/api_user.csv"), encoding: .utf8)
                == "A,B\n1,2\n4,5\n")
        #expect(
            try String(contentsOfFile: scratch.file("rejects/api_user-2.csv"), encoding: .utf8) == "C\n3\n")
    }
}
