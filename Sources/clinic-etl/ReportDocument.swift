import ClinicReports

/// `report --json`: what was written where, and the month's flags.
struct ReportDocument: Encodable {
    var outcome = "clean"
    var exitStatus: Int32 = 0
    var folder: String
    var files: [String]
    var flags: [Flag]
}
