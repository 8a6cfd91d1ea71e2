import ArgumentParser
import ClinicPipeline
import ClinicReports
import ClinicStores
import Foundation

/// `clinic-etl report`.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the monthly billing, inventory and appointment report.",
        discussion: """
            Writes reports/<YYYY-MM>/index.html (self-contained, with charts; prints on A4), \
            report.md, report.json and one CSV per table. Month boundaries are taken in the \
            clinic's time zone. With no SOURCE, $DATABASE_URL is used, then sqlite:///db.sqlite3 \
            (the app's own fallback).

            Rerunning a month replaces only the report's own files in its folder; files saved \
            there (notes, the printed PDF) stay. A non-empty folder without a report is refused \
            unless --force. Missing folders are created owner-only (0700).

            Examples:
              clinic-etl report samples/clinic --month 2025-10 --timezone Asia/Manila
              clinic-etl report "$DATABASE_URL" --month 2025-10 --kind billing --format md
              clinic-etl report clinic.tar.gz.age --identity backup-key.txt --month 2025-10
              clinic-etl report sqlite:///db.sqlite3 --clinic-name "Sunrise Dental"
            """ + LocationForms.helpSection)

    @Argument(
        help:
            "Where the data is: any location (see Locations above); default $DATABASE_URL, else sqlite:///db.sqlite3."
    )
    var source: String?

    @Option(help: "The month, YYYY-MM (default: the previous month).")
    var month: String?

    @Option(help: "Sections, comma-separated: billing, inventory, appointments.")
    var kind = "billing,inventory,appointments"

    @Option(help: "Formats, comma-separated: html, md, json, csv.")
    var format = "html,md,json,csv"

    @Option(help: "Folder the month's folder is written into.")
    var out = "reports"

    @Option(
        parsing: .unconditional,
        help: "The clinic's time zone (default: the system's), e.g. Asia/Manila or +08:00.")
    var timezone: String?

    @Option(help: "Minutes per appointment, for dentist utilization.")
    var slotMinutes = 60

    @OptionGroup var keys: KeyOptions

    @Option(help: "The clinic's name on the report (default: from api_cliniclocation, else \"Clinic\").")
    var clinicName: String?

    @ArgumentParser.Flag(help: "Write into a non-empty folder that holds no report (its files are kept).")
    var force = false

    @OptionGroup var common: CommonOptions

    func validate() throws {
        if let month, YearMonth(month) == nil { throw ValidationError("--month must look like 2025-10") }
        if slotMinutes < 1 { throw ValidationError("--slot-minutes must be at least 1") }
    }

    func run() throws {
        try auditing(common, source: source, target: out) { _ in
            common.prepare()
            let clock = ClinicClock(zone: try timezone.map(TimeZoneOptions.parse) ?? .current)
            let kinds = try list(kind, as: ReportKind.self, option: "--kind")
            let formats = try list(format, as: ReportFormat.self, option: "--format")
            let month = month.flatMap(YearMonth.init) ?? YearMonth(clock.date(.now())).previous
            let location = try FallbackSource.location(source)
            let report = try ReportBuilder(
                source: try location.openSource(
                    now: .now(), zone: WallClockZone(clock.timeZone),
                    decryption: try keys.decryption(
                        for: location, passphrase: try keys.readPassphrase(confirm: false))),
                options: ReportOptions(
                    month: month, clock: clock, kinds: kinds, slotMinutes: slotMinutes,
                    clinicName: clinicName.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                        .flatMap { $0.isEmpty ? nil : $0 })
            ).build()
            let folder = (out as NSString).appendingPathComponent(month.description)
            // Reading is the long part; a signal during it (or a cancelled query) ends the run here.
            try Interrupt.check()
            let files = try ReportWriter.write(
                report, formats: formats, to: folder, modes: common.modes, force: force)
            for banner in report.banners { Console.diagnostic("warning: \(banner)") }
            if Console.json {
                Console.json(ReportDocument(folder: folder, files: files, flags: report.glance.flags))
                return
            }
            Console.result(
                "wrote \(Counting.count(files.count, "file")) to \(folder)/: \(files.joined(separator: ", "))"
            )
            for flag in report.glance.flags {
                Console.result(
                    "flag: \(flag.name): \(flag.message)"
                        + (flag.items.isEmpty ? "" : " " + flag.items.joined(separator: "; ")))
            }
        }
    }

    private func list<T: RawRepresentable & CaseIterable>(_ text: String, as: T.Type, option: String) throws
        -> [T]
    where T.RawValue == String {
        try text.split(separator: ",").map { item in
            let name = item.trimmingCharacters(in: .whitespaces)
            guard let value = T(rawValue: name) else {
                let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
                throw ETLError(.usage, "unknown \(option) value \"\(name)\"", hint: "choose from \(allowed)")
            }
            return value
        }
    }
}
