import ClinicSchema
import Foundation
import TestSupport
import Testing

/// The small things a user meets first: the version, mistyped names, plurals, time zones, and
/// `--help` that reads on an 80-column terminal.
@Suite struct UsageMessageTests {
    @Test func versionIsTheOneTheManifestRecords() throws {
        let run = try CLI.run(["--version"])
        #expect(run.status == 0)
        #expect(run.stdout == "0.1\n")
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 3)
        #expect(try CLI.run(["copy", scratch.file("in"), scratch.file("b.tar.gz"), "-q"]).status == 0)
        let listing = try CLI.run(
            ["-c", "tar -xzOf \"$0\" manifest.json", scratch.file("b.tar.gz")], executable: "/bin/sh")
        #expect(listing.stdout.contains("\"clinic-etl 0.1\""), "\(listing.stdout)")
    }

    @Test func aMistypedCommandOptionOrTableGetsADidYouMean() throws {
        let command = try CLI.run(["repot", "samples/clinic"])
        #expect(command.status == 64)
        #expect(command.stdout.isEmpty)
        #expect(
            command.stderr.hasPrefix("error: unknown command \"repot\"; did you mean `clinic-etl report`?\n"))
        #expect(try CLI.run(["frobnicate"]).stderr.contains("the commands are report, copy, check"))
        #expect(try CLI.run(["help", "copy"]).status == 0)
        let option = try CLI.run(["check", "samples/clinic", "--tabels", "user"])
        #expect(option.status == 64)
        #expect(option.stderr.contains("Did you mean '--tables'?"))
        let table = try CLI.run(["check", "samples/clinic", "--tables", "user,billng"])
        #expect(table.status == 64)
        #expect(table.stderr.hasPrefix("error: unknown table \"billng\"; did you mean \"billing\"?\n"))
        let full = try CLI.run(["check", "samples/clinic", "--tables", "api_biling"])
        #expect(full.stderr.contains("did you mean \"api_billing\"?"))
        let zone = try CLI.run(["check", "samples/clinic", "--timezone", "Asia/Manilla"])
        #expect(zone.status == 64)
        #expect(zone.stderr.contains("did you mean \"Asia/Manila\"?"))
    }

    @Test(arguments: ["+08:00", "+0800", "UTC+8", "-05:30", "Asia/Manila"])
    func fixedOffsetZonesAreTaken(zone: String) throws {
        let scratch = try ScratchDirectory()
        try FileManager.default.createDirectory(atPath: scratch.file("in"), withIntermediateDirectories: true)
        try "id,name,category,description,image,created_at\n1,A,all,d,,2025-11-01 07:59:00\n"
            .write(toFile: scratch.file("in/api_service.csv"), atomically: true, encoding: .utf8)
        let run = try CLI.run(["copy", scratch.file("in"), scratch.file("out"), "--timezone", zone])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("read 1 datetime without an offset as"))
        let expected =
            [
                "+08:00": "2025-10-31 23:59:00+00", "+0800": "2025-10-31 23:59:00+00",
                "UTC+8": "2025-10-31 23:59:00+00",
                "-05:30": "2025-11-01 13:29:00+00", "Asia/Manila": "2025-10-31 23:59:00+00",
            ][zone]
        let rows = try Fixtures.records(ofFile: scratch.file("out/api_service.csv")).map { $0[5] }
        #expect(rows == [expected])
        // A report reads the bills, visits and people, even when there are none.
        for table in ["api_user", "api_appointment", "api_billing"] {
            let columns = try #require(Catalog.clinic.table(named: table)).columnNames
            try (columns.joined(separator: ",") + "\n").write(
                toFile: scratch.file("in/\(table).csv"), atomically: true, encoding: .utf8)
        }
        let report = try CLI.run([
            "report", scratch.file("in"), "--month", "2025-10", "--timezone", zone, "--out",
            scratch.file("r"), "--format", "json",
        ])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.hasPrefix("wrote 1 file to "), "\(report.stdout)")
    }

    @Test func copyHelpIsGroupedAndEveryExampleFitsOnALine() throws {
        let help = try CLI.run(["copy", "--help"]).stdout
        let titles = [
            "ARGUMENTS:", "SOURCE AND TARGET:", "LOADING:", "VALIDATION:", "TRANSFORMATION:", "OUTPUT:",
        ]
        let positions = titles.compactMap { help.range(of: "\n\($0)\n")?.lowerBound }
        #expect(positions.count == titles.count && positions == positions.sorted(), "\(help)")
        for (title, option) in [
            ("SOURCE AND TARGET:", "--recipient"), ("LOADING:", "--mode"), ("VALIDATION:", "--on-error"),
            ("TRANSFORMATION:", "--mapping"), ("OUTPUT:", "--json"),
        ] {
            let section = help.components(separatedBy: "\n\(title)\n").last?.components(separatedBy: "\n\n")
                .first
            #expect(section?.contains("  \(option) ") == true, "\(option) under \(title)")
        }
        for command in ["", "copy", "check", "report", "schema", "sample", "keygen"] {
            let text = try CLI.run(command.isEmpty ? ["--help"] : [command, "--help"]).stdout
            let examples = text.components(separatedBy: "Examples:\n").last?.components(separatedBy: "\n\n")
                .first
            let lines = examples?.split(separator: "\n") ?? []
            #expect(!lines.isEmpty)
            for line in lines {
                #expect(
                    line.hasPrefix("  clinic-etl ") || line.hasPrefix("  CLINIC_ETL_"),
                    "\(command) --help breaks an example: \(line)")
            }
        }
    }
}
