import ArgumentParser
import ClinicFormats
import ClinicPipeline
import ClinicStores
import Foundation

/// One line of `--audit-log`: who ran what against which data, and how it ended.
///
/// It is the record a clinic shows when asked who exported patients' data and when. Passwords
/// never reach it.
struct AuditRecord: Encodable {
    /// What one table's part of the run did.
    struct TableEntry: Encodable {
        var table: String
        var rowsRead: Int
        var rowsRejected: Int
        var rowsWritten: Int
        /// SHA-256 of the rows written, as CSV in COPY's dialect, in the order written.
        var sha256: String?
        /// With `--mode upsert`: rows inserted, updated, and found unchanged.
        var inserted: Int?
        var updated: Int?
        var unchanged: Int?
    }

    var started: String
    var ended = ""
    var user: String
    var host: String
    var pid: Int32
    var command: [String]
    var source: String?
    var target: String?
    var tables: [TableEntry] = []
    var outcome = "clean"
    var exitStatus: Int32 = 0
    var error: String?

    init(source: String?, target: String?, arguments: [String] = CommandLine.arguments) {
        started = Self.timestamp()
        user =
            getpwuid(geteuid()).flatMap { String(validatingCString: $0.pointee.pw_name) }
            ?? "uid \(geteuid())"
        host = ProcessInfo.processInfo.hostName
        pid = getpid()
        command =
            [(arguments.first.map { ($0 as NSString).lastPathComponent } ?? "clinic-etl")]
            + Self.withoutSecrets(Array(arguments.dropFirst()))
        self.source = source.map(Self.described)
        self.target = target.map(Self.described)
    }

    /// Takes the counts of a finished job and, when the rows went through one, their checksums.
    mutating func note(_ result: JobResult, checksums: ChecksummingSink? = nil) {
        let sums = Dictionary(
            (checksums?.checksums ?? []).map { ($0.table, $0.sha256) }, uniquingKeysWith: { a, _ in a })
        tables = result.summary.tables.map {
            TableEntry(
                table: $0.table, rowsRead: $0.rowsRead, rowsRejected: $0.rowsRejected,
                rowsWritten: $0.rowsWritten,
                sha256: sums[$0.table], inserted: $0.upserted?.inserted, updated: $0.upserted?.updated,
                unchanged: $0.upserted?.unchanged)
        }
        switch result.outcome {
        case .clean: outcome = "clean"
        case .loadedWithRejects: outcome = "loaded-with-rejects"
        case .invalid: outcome = "invalid"
        case .stoppedEarly: outcome = "stopped-early"
        case .incompleteSource: outcome = "incomplete-source"
        }
    }

    /// Records how the process is about to end.
    mutating func finish(status: Int32, error: ETLError?) {
        ended = Self.timestamp()
        exitStatus = status
        if let error {
            outcome = error.code == .interrupted ? "interrupted" : "error"
            self.error = error.description
        }
    }

    /// Appends the record as one JSON line and flushes it to disk.
    func append(to path: String, modes: FileModes) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var line = [UInt8](try encoder.encode(self))
        line.append(UInt8(ascii: "\n"))
        let log = try FileSink(appendingTo: path, modes: modes)
        try log.appendRecord(line)
        try log.close()
    }

    /// A location as the tool names it, with any password left out.
    private static func described(_ text: String) -> String {
        (try? Location(text).description) ?? scrubbed(text)
    }

    /// The arguments with URL passwords and the anonymization key left out.
    static func withoutSecrets(_ arguments: [String]) -> [String] {
        var out: [String] = []
        for argument in arguments {
            if out.last == "--anonymize-key" {
                out.append("…")
            } else if argument.hasPrefix("--anonymize-key=") {
                out.append("--anonymize-key=…")
            } else {
                out.append(scrubbed(argument))
            }
        }
        return out
    }

    /// An argument with the password of any PostgreSQL URL or connection string in it left out
    /// (and of a URL of any other scheme, which is refused but still recorded).
    static func scrubbed(_ argument: String) -> String {
        if PostgresURL.looksLikeConninfo(argument) {
            return (try? PostgresURL(conninfo: argument).description) ?? "(a libpq connection string)"
        }
        guard
            let start = argument.range(of: "postgres://", options: .caseInsensitive)
                ?? argument.range(of: "postgresql://", options: .caseInsensitive)
        else { return argument.replacing(/^([A-Za-z][A-Za-z0-9+.-]*:\/*[^\/@:]*):.*@/) { "\($0.1):…@" } }
        let url = String(argument[start.lowerBound...])
        let shown = (try? PostgresURL(url).description) ?? "postgresql://…"
        return String(argument[..<start.lowerBound]) + shown
    }

    private static func timestamp() -> String {
        Date.now.formatted(
            .iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted)
        )
    }
}

/// Runs a data command's body like `reportingErrors`, and with `--audit-log` appends one record
/// of the run however it ended: clean, invalid, failed or interrupted.
func auditing(
    _ common: CommonOptions, source: String?, target: String?, _ body: (inout AuditRecord) throws -> Void
) throws {
    var record = AuditRecord(source: source, target: target)
    var thrown: Error?
    do {
        try reportingErrors {
            do {
                try body(&record)
            } catch let error as ETLError {
                record.finish(status: error.exitStatus, error: error)
                throw error
            }
        }
    } catch {
        thrown = error
    }
    if record.ended.isEmpty { record.finish(status: (thrown as? ExitCode)?.rawValue ?? 0, error: nil) }
    if let path = common.auditLog {
        do {
            try record.append(to: path, modes: common.modes)
        } catch let error as ETLError {
            // The job's own ending stands: a backup that was written is complete, and says so.
            guard thrown == nil else {
                Console.conclusion("error: the audit record could not be written: \(error)")
                throw thrown ?? error
            }
            Console.conclusion(
                "error: \(completion(target: target)) is complete; the audit record could not be written: \(error)"
            )
            throw ExitCode(error.exitStatus)
        }
    }
    if let thrown { throw thrown }
}

/// What a run that succeeded has done, as the message about a failed audit record says it.
private func completion(target: String?, arguments: [String] = CommandLine.arguments) -> String {
    let command = arguments.dropFirst().first { !$0.hasPrefix("-") } ?? ""
    switch command {
    case "copy":
        guard let target, let location = try? Location(target), !location.isFile else { return "the backup" }
        return "the load"
    case "check": return "the check"
    case "report": return "the report"
    case "sample": return "the sample"
    default: return "the run"
    }
}
