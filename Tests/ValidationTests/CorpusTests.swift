import ClinicPipeline
import Foundation
import TestSupport
import Testing

/// One corpus case: a folder under `Corpus/` that replaces tables of `Corpus/base`, and the one
/// violation it must produce.
struct CorpusCase: CustomTestStringConvertible, Sendable {
    let name: String
    let table: String
    let line: Int
    let column: String?
    let rule: Rule
    var severity: Severity = .error

    var testDescription: String { name }
}

let corpus: [CorpusCase] = [
    CorpusCase(name: "type_integer", table: "api_user", line: 7, column: "age", rule: .type),
    CorpusCase(name: "decimal_scale", table: "api_billing", line: 3, column: "amount", rule: .decimalScale),
    CorpusCase(
        name: "decimal_precision", table: "api_billing", line: 2, column: "amount", rule: .decimalPrecision),
    CorpusCase(name: "type_date", table: "api_appointment", line: 4, column: "date", rule: .type),
    CorpusCase(name: "type_time", table: "api_appointment", line: 4, column: "time", rule: .type),
    CorpusCase(name: "type_timestamp", table: "api_service", line: 4, column: "created_at", rule: .type),
    CorpusCase(name: "type_boolean", table: "api_billing", line: 2, column: "paid", rule: .type),
    CorpusCase(name: "json", table: "api_toothchart", line: 2, column: "chart_data", rule: .json),
    CorpusCase(name: "encoding", table: "api_service", line: 3, column: "description", rule: .encoding),
    CorpusCase(name: "field_count", table: "api_service", line: 4, column: nil, rule: .fieldCount),
    CorpusCase(name: "not_null", table: "api_appointment", line: 4, column: "date", rule: .notNull),
    CorpusCase(name: "not_null_fk", table: "api_appointment", line: 4, column: "patient_id", rule: .notNull),
    CorpusCase(name: "required", table: "api_service", line: 4, column: "name", rule: .required),
    CorpusCase(name: "max_length", table: "api_user", line: 7, column: "phone", rule: .maxLength),
    CorpusCase(name: "max_length_unicode", table: "api_service", line: 4, column: "name", rule: .maxLength),
    CorpusCase(name: "choice", table: "api_user", line: 7, column: "user_type", rule: .choice),
    CorpusCase(
        name: "choice_day_of_week", table: "api_staffavailability", line: 3, column: "day_of_week",
        rule: .choice),
    CorpusCase(name: "unique_username", table: "api_user", line: 7, column: "username", rule: .unique),
    CorpusCase(name: "unique_email", table: "api_user", line: 7, column: "email", rule: .unique),
    CorpusCase(name: "unique_id", table: "api_service", line: 4, column: "id", rule: .unique),
    CorpusCase(
        name: "unique_token", table: "api_passwordresettoken", line: 3, column: "token", rule: .unique),
    CorpusCase(
        name: "unique_toothchart", table: "api_toothchart", line: 3, column: "patient_id", rule: .unique),
    CorpusCase(
        name: "unique_intake", table: "api_patientintakeform", line: 4, column: "patient_id", rule: .unique),
    CorpusCase(name: "unique_together", table: "api_staffavailability", line: 3, column: nil, rule: .unique),
    CorpusCase(
        name: "foreign_key", table: "api_appointment", line: 4, column: "patient_id", rule: .foreignKey),
    CorpusCase(
        name: "one_latest_image", table: "api_teethimage", line: 4, column: "is_latest",
        rule: .atMostOneFlagged),
    CorpusCase(
        name: "range_latitude", table: "api_cliniclocation", line: 3, column: "latitude", rule: .range),
    CorpusCase(
        name: "range_longitude", table: "api_cliniclocation", line: 2, column: "longitude", rule: .range),
    CorpusCase(name: "email", table: "api_user", line: 7, column: "email", rule: .email),
    CorpusCase(name: "password_hash", table: "api_user", line: 7, column: "password", rule: .passwordHash),
    CorpusCase(
        name: "warn_reschedule", table: "api_appointment", line: 4, column: "reschedule_time",
        rule: .requiredWhen,
        severity: .warning),
    CorpusCase(
        name: "warn_cancel", table: "api_appointment", line: 4, column: "cancel_requested_at",
        rule: .requiredWhen,
        severity: .warning),
    CorpusCase(
        name: "warn_paid_flag", table: "api_billing", line: 3, column: "paid", rule: .flagMismatch,
        severity: .warning),
    CorpusCase(
        name: "warn_dentist_role", table: "api_appointment", line: 4, column: "dentist_id",
        rule: .referencedRow,
        severity: .warning),
    CorpusCase(
        name: "warn_patient_kind", table: "api_appointment", line: 4, column: "patient_id",
        rule: .referencedRow,
        severity: .warning),
    CorpusCase(
        name: "warn_plan_dates", table: "api_treatmentplan", line: 2, column: "end_date", rule: .dateOrder,
        severity: .warning),
    CorpusCase(
        name: "warn_token_dates", table: "api_passwordresettoken", line: 2, column: "expires_at",
        rule: .dateOrder,
        severity: .warning),
]

/// Corpus folders, assembled into a data set in a scratch folder.
enum Corpus {
    static var root: URL {
        get throws {
            guard let url = Bundle.module.url(forResource: "Corpus", withExtension: nil) else {
                throw TestSupportError("the Corpus resource is missing")
            }
            return url
        }
    }

    /// `base` with the case's tables laid over it, at `path`.
    static func assemble(_ name: String, at path: String) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: path, withIntermediateDirectories: true)
        for folder in ["base", name] {
            let dir = try root.appendingPathComponent(folder)
            for file in try fm.contentsOfDirectory(atPath: dir.path) {
                let target = (path as NSString).appendingPathComponent(file)
                try? fm.removeItem(atPath: target)
                try fm.copyItem(atPath: dir.appendingPathComponent(file).path, toPath: target)
            }
        }
    }
}

@Suite struct CorpusTests {
    @Test(arguments: corpus)
    func eachInvalidInputNamesItsRuleTableLineAndColumn(_ expected: CorpusCase) throws {
        let scratch = try ScratchDirectory()
        try Corpus.assemble(expected.name, at: scratch.file("in"))
        // The table lists what `--strict` finds; without it, app rules only warn.
        let result = try Fixtures.check(scratch.file("in"), strict: true)
        let loose = try Fixtures.check(scratch.file("in"))
        #expect(loose.report.examples.map(\.severity) == [expected.rule.tier.severity(strict: false)])
        let violations = result.report.examples
        #expect(violations.count == 1, "\(result.report.rendered())")
        let v = try #require(violations.first)
        #expect(v.rule == expected.rule)
        #expect(v.table == expected.table)
        #expect(v.line == expected.line)
        #expect(v.column == expected.column)
        #expect(v.severity == expected.severity)
        #expect(v.location?.hasSuffix("\(expected.table).csv") == true)
        #expect(!v.message.isEmpty)
        if expected.rule == .passwordHash { #expect(v.value == "(hidden)") }
        if expected.severity == .warning {
            #expect(result.outcome == .clean)
        } else {
            #expect(result.outcome == .invalid(invalidRows: 1))
        }
    }

    @Test func theBaseAndTheBundledSampleAreClean() throws {
        let scratch = try ScratchDirectory()
        try Corpus.assemble("base", at: scratch.file("in"))
        #expect(try Fixtures.check(scratch.file("in")).report.examples.isEmpty)
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("samples/clinic").path
        let sample = try Fixtures.check(samples)
        #expect(sample.report.errorCount == 0)
        #expect(sample.report.warningCount == 0)
        #expect(sample.summary.tables.count == 19)
    }

    /// The owner of a small clinic treats patients: naming her as the dentist is no warning.
    @Test func theOwnerMayBeTheDentist() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.file("in")
        try Corpus.assemble("base", at: path)
        let file = (path as NSString).appendingPathComponent("api_appointment.csv")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try text.replacingOccurrences(of: "\n1,4,2,1,", with: "\n1,4,1,1,").write(
            toFile: file, atomically: true, encoding: .utf8)
        let result = try Fixtures.check(path)
        #expect(result.report.examples.isEmpty, "\(result.report.rendered())")
    }

    @Test func everyRuleHasACorpusCase() {
        let covered = Set(corpus.map(\.rule))
        // parent_rejected: see RejectPolicyTests; mapping: only mapped sources raise it, see
        // ClinicTransformTests/MappingTests and EndToEndTests/LegacyMigrationTests.
        let elsewhere: Set<Rule> = [.parentRejected, .mapping]
        #expect(Set(Rule.allCases).subtracting(covered).subtracting(elsewhere).isEmpty)
    }
}
