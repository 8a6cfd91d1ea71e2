import ClinicPipeline
import ClinicSchema
import Foundation
import TestSupport
import Testing

@testable import ClinicStores

/// Extraction reads every table in one snapshot, as pg_dump does: rows committed meanwhile by
/// the app never leave a bill pointing at an appointment the dump lacks.
@Suite(.enabled(if: TestPostgres.isConfigured, "needs scripts/test.sh's PostgreSQL"))
struct SnapshotTests {
    @Test func concurrentWritesNeverLeaveDanglingReferences() throws {
        let scratch = try ScratchDirectory()
        let db = try ScratchDatabase()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 400, seed: 2)
        try Fixtures.copy(scratch.file("in"), db.url)
        let url = db.url
        let done = ManagedFlag()
        let thread = Thread {
            guard let writer = try? PGConnection(PostgresURL(url)) else { return }
            var id = 1_000_000
            while !done.isSet {
                id += 1
                // An appointment and its bill, committed together, as the app would.
                _ = try? writer.exec(
                    """
                    BEGIN;
                    INSERT INTO api_appointment (id, patient_id, date, time, status, notes, reschedule_notes,
                      cancel_reason, created_at, updated_at)
                    SELECT \(id), id, '2025-12-01', '09:00', 'pending', '', '', '', now(), now() FROM api_user
                    WHERE user_type = 'patient' LIMIT 1;
                    INSERT INTO api_billing (id, patient_id, appointment_id, amount, description, status, paid,
                      created_at, updated_at)
                    SELECT \(id), patient_id, id, 10.00, 'x', 'pending', false, now(), now() FROM api_appointment
                    WHERE id = \(id);
                    COMMIT;
                    """)
            }
        }
        thread.start()
        defer { done.set() }
        for round in 0..<3 {
            let out = scratch.file("out\(round)")
            try Fixtures.copy(db.url, out)
            let check = try Fixtures.check(out)
            #expect(check.report.errorCount == 0, "\(check.report.rendered())")
        }
        done.set()
        let inserted = try db.query("SELECT count(*) FROM api_billing WHERE id > 1000000").first ?? nil
        #expect(Int(inserted ?? "0") ?? 0 > 0, "the writer ran during the extractions")
    }
}

/// A flag set from one thread and read from another.
final class ManagedFlag: @unchecked Sendable {
    // @unchecked: guarded by the lock.
    private let lock = NSLock()
    private var value = false

    var isSet: Bool { lock.withLock { value } }

    func set() { lock.withLock { value = true } }
}
