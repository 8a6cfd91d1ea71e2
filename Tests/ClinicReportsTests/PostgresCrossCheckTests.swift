import ClinicPipeline
import ClinicStores
import Foundation
import TestSupport
import Testing

@testable import ClinicReports

/// On generated data in PostgreSQL, the report's totals equal the same aggregates computed by SQL.
@Suite(.enabled(if: TestPostgres.isConfigured, "needs scripts/test.sh's PostgreSQL"))
struct PostgresCrossCheckTests {
    /// PostgreSQL aggregating by itself gives exactly the report that streaming every row gives.
    @Test(arguments: ["hand", "sample"])
    func pushDownAndStreamingAgree(data: String) throws {
        let scratch = try ScratchDirectory()
        let db = try ScratchDatabase()
        let folder: String
        if data == "hand" {
            folder = try HandMade.folder
        } else {
            folder = scratch.file("in")
            try Fixtures.writeSample(to: folder, patients: 200, seed: 9)
        }
        try Fixtures.copy(folder, db.url)
        for month in ["2025-10", "2025-06", "2026-02"] {
            // GMT+0800 is a fixed offset to Foundation but a POSIX zone (UTC-8) to PostgreSQL, so it streams.
            for zone in ["Asia/Manila", "UTC", "America/New_York", "GMT+0800"] {
                func build(_ pushDown: Bool) throws -> String {
                    let options = ReportOptions(
                        month: try #require(YearMonth(month)),
                        clock: try #require(ClinicClock(identifier: zone)),
                        pushDown: pushDown)
                    let report = try ReportBuilder(
                        source: try Location(db.url).openSource(now: .now()), options: options
                    )
                    .build()
                    return try ReportWriter.json(report)
                }
                #expect(try build(true) == build(false), "\(data) \(month) \(zone)")
            }
        }
    }

    /// Aggregates are pushed down for a tz database name, with the transaction still usable after the check.
    @Test func zoneNamesPostgreSQLReadsTheSameWay() throws {
        let db = try ScratchDatabase()
        try Fixtures.copy(try HandMade.folder, db.url)
        for (zone, pushed) in [("Asia/Manila", true), ("GMT+0800", false)] {
            let options = ReportOptions(
                month: try #require(YearMonth("2025-10")), clock: try #require(ClinicClock(identifier: zone)))
            let source = try Location(db.url).openSource(now: .now())
            defer { source.close() }
            #expect(try (SQLAggregates.usable(source, options: options) != nil) == pushed, "\(zone)")
            try (source as? any SQLQuerySource)?.query("SELECT 1", []) { _ in }
        }
        #expect(SQLAggregates.namesZoneFile("Asia/Manila"))
        #expect(SQLAggregates.namesZoneFile("UTC"))
        #expect(SQLAggregates.namesZoneFile("Etc/GMT+8"))
        #expect(!SQLAggregates.namesZoneFile("GMT+0800"))
        #expect(!SQLAggregates.namesZoneFile("UTC-05:00"))
    }

    @Test func totalsMatchSQL() throws {
        let scratch = try ScratchDirectory()
        let db = try ScratchDatabase()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 300, seed: 42)
        try Fixtures.copy(scratch.file("in"), db.url)
        let month = try #require(YearMonth("2025-06"))
        let options = ReportOptions(month: month, clock: try #require(ClinicClock(identifier: "Asia/Manila")))
        let report = try ReportBuilder(source: try Location(db.url).openSource(now: .now()), options: options)
            .build()
        let b = try #require(report.billing)
        let a = try #require(report.appointments)
        let i = try #require(report.inventory)

        let local = "(created_at AT TIME ZONE 'Asia/Manila')::date"
        let inMonth = "\(local) BETWEEN '2025-06-01' AND '2025-06-30'"
        func one(_ sql: String) throws -> String { try db.query(sql).first.flatMap { $0 } ?? "" }
        func amount(_ filter: String) throws -> String {
            try one(
                "SELECT count(*) || ' ' || coalesce(sum(amount), 0.00) FROM api_billing WHERE \(inMonth) \(filter)"
            )
        }
        #expect(try amount("") == "\(b.current.billed.count) \(b.current.billed.total)")
        #expect(try amount("AND status = 'paid'") == "\(b.current.paid.count) \(b.current.paid.total)")
        #expect(
            try amount("AND status = 'pending'") == "\(b.current.pending.count) \(b.current.pending.total)")
        #expect(
            try amount("AND status = 'cancelled'")
                == "\(b.current.cancelled.count) \(b.current.cancelled.total)")
        let outstanding = b.aging.reduce(Money.zero) { $0 + $1.amount.total }
        #expect(
            try one(
                "SELECT sum(amount) FROM api_billing WHERE status = 'pending' AND \(local) <= '2025-06-30'")
                == outstanding.description)
        let daily = try db.query(
            "SELECT d || ' ' || s FROM (SELECT \(local) AS d, sum(amount) AS s FROM api_billing WHERE \(inMonth) "
                + "GROUP BY 1) AS x ORDER BY d")
        #expect(
            daily.compactMap { $0 } == b.daily.filter { $0.billed != .zero }.map { "\($0.date) \($0.billed)" }
        )

        let statuses = try db.query(
            "SELECT status || ' ' || count(*) FROM api_appointment WHERE date BETWEEN '2025-06-01' AND '2025-06-30' "
                + "GROUP BY status ORDER BY status")
        #expect(
            statuses.compactMap { $0 }
                == a.byStatus.filter { $0.count > 0 }.map { "\($0.status) \($0.count)" }.sorted())
        #expect(
            try one(
                "SELECT count(*) FROM (SELECT min(date) AS first FROM api_appointment GROUP BY patient_id) AS s "
                    + "WHERE first BETWEEN '2025-06-01' AND '2025-06-30'") == String(a.newPatients))
        let booked = try db.query(
            "SELECT dentist_id || ' ' || count(*) FROM api_appointment WHERE date BETWEEN '2025-06-01' AND '2025-06-30' "
                + "AND dentist_id IS NOT NULL GROUP BY dentist_id ORDER BY dentist_id")
        #expect(
            booked.compactMap { $0 }
                == a.byDentist.filter { $0.booked > 0 }.map { "\($0.dentistID) \($0.booked)" })
        #expect(
            try one("SELECT sum(greatest(quantity, 0) * cost) FROM api_inventoryitem")
                == i.stockValue.description)
        #expect(
            try one("SELECT count(*) FROM api_inventoryitem WHERE quantity <= min_stock")
                == String(i.purchaseLists.reduce(0) { $0 + $1.items.count }))
    }

    /// Every figure of the trend equals an independent SQL query per month, pushed down or streamed.
    @Test(arguments: ["samples/clinic", "generated"])
    func theTrendMatchesSQL(data: String) throws {
        let scratch = try ScratchDirectory()
        let db = try ScratchDatabase()
        if data == "generated" {
            try Fixtures.writeSample(to: scratch.file("in"), patients: 300, seed: 42)
            try Fixtures.copy(scratch.file("in"), db.url)
        } else {
            try Fixtures.copy(CommittedExampleTests.root.appendingPathComponent(data).path, db.url)
        }
        let local = "(created_at AT TIME ZONE 'Asia/Manila')::date"
        // One row per month, each figure its own subquery: nothing shared with SQLAggregates.
        let expected = try db.query(
            """
            SELECT to_char(m, 'YYYY-MM')
              || ' ' || (SELECT coalesce(sum(amount), 0.00) FROM api_billing
                         WHERE \(local) >= m AND \(local) < m + interval '1 month')
              || ' ' || (SELECT coalesce(sum(amount), 0.00) FROM api_billing
                         WHERE status = 'paid' AND \(local) >= m AND \(local) < m + interval '1 month')
              || ' ' || (SELECT coalesce(sum(amount), 0.00) FROM api_billing
                         WHERE status = 'pending' AND \(local) < m + interval '1 month')
              || ' ' || (SELECT count(*) FROM api_appointment WHERE date >= m AND date < m + interval '1 month')
              || ' ' || (SELECT count(*) FROM api_appointment
                         WHERE status = 'completed' AND date >= m AND date < m + interval '1 month')
              || ' ' || (SELECT count(*) FROM api_appointment
                         WHERE status = 'missed' AND date >= m AND date < m + interval '1 month')
              || ' ' || (SELECT count(*) FROM api_appointment
                         WHERE status = 'cancelled' AND date >= m AND date < m + interval '1 month')
              || ' ' || coalesce((SELECT round(count(*) FILTER (WHERE status = 'missed')::numeric / nullif(count(*), 0), 4)
                         FROM api_appointment WHERE date >= m AND date < m + interval '1 month')::text, '')
              || ' ' || (SELECT count(*) FROM (SELECT min(date) AS first FROM api_appointment GROUP BY patient_id) AS f
                         WHERE first >= m AND first < m + interval '1 month')
            FROM generate_series(date '2024-11-01', date '2025-10-01', interval '1 month') AS m ORDER BY m
            """
        ).compactMap { $0 }
        #expect(expected.count == 12)
        #expect(expected.contains { !$0.contains(" 0.00 0.00 ") })
        for pushDown in [true, false] {
            let options = ReportOptions(
                month: try #require(YearMonth("2025-10")),
                clock: try #require(ClinicClock(identifier: "Asia/Manila")),
                pushDown: pushDown)
            let report = try ReportBuilder(
                source: try Location(db.url).openSource(now: .now()), options: options
            )
            .build()
            let figures = report.trend.map { t in
                [
                    t.month.description, t.billed?.description, t.collected?.description,
                    t.outstanding?.description,
                    t.appointments.map(String.init), t.completed.map(String.init), t.missed.map(String.init),
                    t.cancelled.map(String.init), t.noShowRate?.fraction, t.newPatients.map(String.init),
                ].map { $0 ?? "nil" }.joined(separator: " ")
            }
            #expect(figures == expected, "\(data) pushDown \(pushDown)")
        }
    }
}
