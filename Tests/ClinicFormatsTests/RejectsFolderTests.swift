import ClinicSchema
import Foundation
import TestSupport
import Testing

@testable import ClinicFormats
@testable import ClinicPipeline

@Suite struct RejectsFolderTests {
    /// A table mapped from two files with different headers keeps each file's records under its own header.
    @Test func rowsOfOneTableFromFilesWithOtherHeadersGoToFilesOfTheirOwn() throws {
        let scratch = try ScratchDirectory()
        let folder = RejectsFolder(path: scratch.file("rejects"))
        let users = try #require(Catalog.clinic.table(named: "api_user"))
        try folder.reject(
            table: users, file: nil, header: Array("A,B\n".utf8), record: Array("1,2\n".utf8),
            extension: "csv",
            violations: [])
        try folder.reject(
            table: users, file: nil, header: Array("C\n".utf8), record: Array("3\n".utf8), extension: "csv",
            violations: [])
        try folder.reject(
            table: users, file: nil, header: Array("A,B\n".utf8), record: Array("4,5\n".utf8),
            extension: "csv",
            violations: [])
        #expect(try folder.commit())
        #expect(
            try String(contentsOfFile: scratch.file("rejects/api_user.csv"), encoding: .utf8)
                == "A,B\n1,2\n4,5\n")
        #expect(
            try String(contentsOfFile: scratch.file("rejects/api_user-2.csv"), encoding: .utf8) == "C\n3\n")
    }

    /// Rows of a mapped migration are filed under their source file's name and header.
    @Test func rowsOfMappedFilesGoToFilesNamedAfterTheirSource() throws {
        let scratch = try ScratchDirectory()
        let folder = RejectsFolder(path: scratch.file("rejects"))
        let users = try #require(Catalog.clinic.table(named: "api_user"))
        let violation = Violation(
            table: "api_user", location: "legacy/patients.csv", line: 7, pk: "1006", column: "birthday",
            value: "02/30/1980", rule: .mapping, tier: .mapping, severity: .error, message: "not a date")
        try folder.reject(
            table: users, file: "patients.csv", header: Array("Patient No,DOB\n".utf8),
            record: Array("1006,02/30/1980\n".utf8), extension: "csv", violations: [violation])
        try folder.reject(
            table: users, file: "staff.csv", header: Array("Name\n".utf8), record: Array("Ana\n".utf8),
            extension: "csv", violations: [])
        #expect(try folder.commit())
        #expect(Fixtures.listing(scratch.file("rejects")) == ["_reasons.csv", "patients.csv", "staff.csv"])
        #expect(
            try String(contentsOfFile: scratch.file("rejects/patients.csv"), encoding: .utf8)
                == "Patient No,DOB\n1006,02/30/1980\n")
        let reasons = try String(contentsOfFile: scratch.file("rejects/_reasons.csv"), encoding: .utf8)
        #expect(
            reasons
                == "file,table,line,pk,column,value,rule,severity,message\n"
                + "patients.csv,api_user,7,1006,birthday,02/30/1980,mapping,error,not a date\n")
    }
}
