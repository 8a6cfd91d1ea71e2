import ClinicFormats
import ClinicPipeline
import ClinicSchema
import Foundation
import TestSupport
import Testing

@testable import ClinicTransform

/// `--upgrade-legacy` on the app's own older data.
@Suite struct LegacyUpgradeTests {
    let now = Timestamp(microsecondsSinceEpoch: 1_762_000_000_000_000)

    func rows(_ files: [String: String], table name: String) throws -> (
        rows: [Row], upgrade: LegacyUpgradeSource
    ) {
        let dir = try ScratchDirectory()
        for (file, text) in files { try Data(text.utf8).write(to: URL(fileURLWithPath: dir.file(file))) }
        let upgrade = LegacyUpgradeSource(try CSVFolderSource(path: dir.path, now: now))
        let cursor = try upgrade.open(try #require(Catalog.clinic.table(named: name)))
        var rows: [Row] = []
        while let row = try cursor.next() { rows.append(row.values) }
        return (rows, upgrade)
    }

    func column(_ rows: [Row], _ table: String, _ name: String) -> [Value] {
        guard let i = Catalog.clinic.table(named: table)?.index(of: name) else { return [] }
        return rows.map { $0[i] }
    }

    @Test func billsWithoutAStatusTakeItFromThePaidFlag() throws {
        let old = "id,patient_id,amount,description,paid\n1,1,10.00,a,t\n2,1,20.00,b,f\n"
        let (bills, upgrade) = try rows(["api_billing.csv": old], table: "api_billing")
        #expect(column(bills, "api_billing", "status") == [.text("paid"), .text("pending")])
        #expect(upgrade.statusesFromFlag == 2)
        // A status that is there stays, even when the flag disagrees (validation warns about that).
        let mixed =
            "id,patient_id,amount,description,paid,status\n1,1,10.00,a,t,cancelled\n2,1,20.00,b,t,\n3,1,5.00,c,t,\"\"\n"
        let (kept, counted) = try rows(["api_billing.csv": mixed], table: "api_billing")
        #expect(column(kept, "api_billing", "status") == [.text("cancelled"), .text("paid"), .text("paid")])
        #expect(counted.statusesFromFlag == 2)
    }

    @Test func dentistNotificationsAreCarriedOnceWithFreshIds() throws {
        let header = "appointment_id,notification_type,message,is_read,created_at\n"
        let files = [
            "api_appointmentnotification.csv": "id,recipient_id," + header
                + "7,1,5,new_appointment,hi,f,2025-10-01 08:00:00+00\n",
            "api_dentistnotification.csv": "id,dentist_id," + header
                + "1,2,5,new_appointment,hi,f,2025-10-01 08:00:00+00\n"
                + "2,1,5,new_appointment,hi,f,2025-10-01 08:00:00+00\n"
                + "3,2,6,cancel_request,bye,t,2025-10-02 09:00:00+00\n",
        ]
        let (carried, upgrade) = try rows(files, table: "api_appointmentnotification")
        // Dentist 1's notification is the one already there; the other two follow with ids after 7.
        #expect(
            column(carried, "api_appointmentnotification", "id") == [.integer(7), .integer(8), .integer(9)])
        #expect(
            column(carried, "api_appointmentnotification", "recipient_id") == [
                .integer(1), .integer(2), .integer(2),
            ])
        #expect(
            column(carried, "api_appointmentnotification", "message") == [
                .text("hi"), .text("hi"), .text("bye"),
            ])
        #expect(column(carried, "api_appointmentnotification", "is_read").last == .boolean(true))
        #expect(upgrade.notificationsCarried == 2)
        #expect(upgrade.notificationsAlreadyThere == 1)
        // The same data gives the same rows, so an upsert re-run changes nothing.
        #expect(try rows(files, table: "api_appointmentnotification").rows == carried)
    }
}
