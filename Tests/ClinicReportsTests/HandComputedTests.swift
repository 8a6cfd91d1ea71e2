import ClinicPipeline
import ClinicStores
import Foundation
import TestSupport
import Testing

@testable import ClinicReports

/// The small clinic in `Clinic/`, whose every figure was worked out by hand (see the comments).
enum HandMade {
    static var folder: String {
        get throws {
            guard let url = Bundle.module.url(forResource: "Clinic", withExtension: nil) else {
                throw TestSupportError("the Clinic resource is missing")
            }
            return url.path
        }
    }

    static func report(
        _ month: String, zone: String = "Asia/Manila", kinds: [ReportKind] = ReportKind.allCases
    ) throws
        -> MonthlyReport
    {
        let options = ReportOptions(
            month: try #require(YearMonth(month)), clock: try #require(ClinicClock(identifier: zone)),
            kinds: kinds)
        return try ReportBuilder(source: try Location(folder).openSource(now: .now()), options: options)
            .build()
    }
}

@Suite struct HandComputedTests {
    @Test func billingTotalsReconcileToTheCent() throws {
        let b = try #require(try HandMade.report("2025-10").billing)
        // Bills 1, 2, 3, 4 and 6 (6 was created 2025-09-30T16:30Z = 1 October 00:30 in Manila;
        // 5 was created 2025-10-31T17:30Z = 1 November in Manila).
        #expect(b.current.billed == Amount(count: 5, total: Money(cents: 680_074)))
        #expect(b.current.paid == Amount(count: 2, total: Money(cents: 400_050)))
        #expect(b.current.pending == Amount(count: 2, total: Money(cents: 180_025)))
        #expect(b.current.cancelled == Amount(count: 1, total: Money(cents: 99_999)))
        #expect(b.current.reconciles)
        #expect(b.current.collectionRate.description == "69.0%")  // 4000.50 / 5800.75
        #expect(b.current.averageBill == Money(cents: 136_015))  // 6800.74 / 5 = 1360.148
        #expect(b.previous.billed.total == Money(cents: 200_000))
        #expect(b.previous.collectionRate.description == "60.0%")
        #expect(b.lastYear.billed == Amount(count: 1, total: Money(cents: 45_000)))
        let days = b.daily.filter { $0.billed != .zero }.map { "\($0.date) \($0.billed) \($0.collected)" }
        #expect(
            days == [
                "2025-10-01 300.25 0.00", "2025-10-06 1500.00 1500.00", "2025-10-08 2500.50 2500.50",
                "2025-10-15 1500.00 0.00", "2025-10-20 999.99 0.00",
            ])
        #expect(b.daily.count == 31)
        #expect(
            b.byService.map { "\($0.name) \($0.billed.count) \($0.billed.total) \($0.collected)" } == [
                "Cleaning 3 3999.99 1500.00", "Extraction 1 2500.50 2500.50",
                "(bill without appointment) 1 300.25 0.00",
            ])
        #expect(
            b.byDentist.map { "\($0.name) \($0.billed.total)" } == [
                "Ana Santos 6500.49", "(bill without appointment) 300.25",
            ])
        #expect(
            b.topOutstanding.map { "\($0.patientID) \($0.balance.count) \($0.balance.total)" } == [
                "5 2 3500.00", "6 2 900.10", "7 1 300.25",
            ])
        // Ages at 31 October: bill 3 16 days, 6 30, 8 41, 11 77, 10 152.
        #expect(
            b.aging.map { "\($0.bucket) \($0.amount.count) \($0.amount.total)" } == [
                "0-30 2 1800.25", "31-60 1 800.00", "61-90 1 100.10", "90+ 1 2000.00",
            ])
    }

    @Test func theMonthBoundaryFollowsTheClinicsTimeZone() throws {
        let utc = try #require(try HandMade.report("2025-10", zone: "UTC").billing)
        // In UTC bill 5 (17:30Z on 31 October) is October and bill 6 (16:30Z on 30 September) is not.
        #expect(utc.current.billed == Amount(count: 5, total: Money(cents: 680_074 - 30_025 + 70_000)))
        let november = try #require(try HandMade.report("2025-11").billing)
        #expect(november.current.billed == Amount(count: 1, total: Money(cents: 70_000)))
    }

    @Test func appointmentStatisticsMatchTheHandCount() throws {
        let a = try #require(try HandMade.report("2025-10").appointments)
        #expect(a.total == 7)
        #expect(a.previousTotal == 2)
        let counts = Dictionary(uniqueKeysWithValues: a.byStatus.map { ($0.status, $0.count) })
        #expect(counts["completed"] == 2 && counts["missed"] == 1 && counts["cancelled"] == 1)
        #expect(
            counts["confirmed"] == 1 && counts["reschedule_requested"] == 1 && counts["cancel_requested"] == 1
        )
        #expect(a.completionRate.description == "28.6%")
        #expect(a.noShowRate.description == "14.3%")
        #expect(a.cancellationRate.description == "14.3%")
        #expect(a.previousCompletionRate.description == "50.0%")
        // Ana: 23 weekdays × 8 h; Ben, who has no appointments: 4 Mondays × 4 h.
        #expect(
            a.byDentist.map {
                "\($0.name) \($0.booked) \($0.completed) \($0.missed) \($0.cancelled) \($0.availableMinutes) \($0.bookedMinutes) \($0.utilization)"
            } == ["Ana Santos 6 2 1 1 11040 300 2.7%", "Ben Cruz 0 0 0 0 960 0 0.0%"])
        #expect(
            a.byService.map { "\($0.name) \($0.booked)" } == ["Cleaning 4", "Extraction 2", "(no service) 1"])
        #expect(a.heatmap[1][9] == 2)  // two Monday 09:00 appointments
        #expect(
            a.heatmap[3][10] == 1 && a.heatmap[3][11] == 1 && a.heatmap[3][14] == 1 && a.heatmap[3][15] == 1)
        #expect(a.heatmap[5][16] == 1)
        #expect(a.heatmap.flatMap { $0 }.reduce(0, +) == 7)
        #expect(a.newPatients == 1)  // Pedro's first appointment is 31 October
        #expect(a.averageLeadDays?.description == "7.3")  // (5 + 7 + 5 + 15 + 0 + 10 + 9) / 7
        // Appointment 9's cancel request came on 1 November (Manila), after month end.
        #expect(a.openRequests.map(\.appointmentID) == [8, 10])
    }

    @Test func theTrendEndsWithTheMonthAndAgreesWithItsFigures() throws {
        let report = try HandMade.report("2025-10")
        #expect(report.trend.map(\.month.description).first == "2024-11")
        #expect(report.trend.map(\.month.description).last == "2025-10")
        let october = try #require(report.trend.last)
        let september = report.trend[10]
        let b = try #require(report.billing)
        let a = try #require(report.appointments)
        #expect(october.billed == b.current.billed.total && october.collected == b.current.paid.total)
        #expect(september.billed == b.previous.billed.total && september.collected == b.previous.paid.total)
        #expect(
            october.outstanding == Money(cents: 470_035) && september.outstanding == Money(cents: 290_010))
        #expect(
            october.appointments == 7 && october.completed == 2 && october.missed == 1
                && october.cancelled == 1)
        #expect(october.noShowRate == a.noShowRate && october.newPatients == 1)
        #expect(september.appointments == a.previousTotal)
        // 2024-11 falls in the window; the hand-made clinic has nothing then: zeros, no gaps.
        #expect(report.trend[0].billed == .zero && report.trend[0].appointments == 0)
        // The same month last year (2024-10) is just outside the trend.
        #expect(b.lastYear.month.description == "2024-10")
    }

    @Test func theClinicsNameComesFromItsLocations() throws {
        #expect(ClinicName.of(["Sunrise Dental"]) == "Sunrise Dental")
        #expect(
            ClinicName.of([
                "Dorotheo Dental Clinic — Main", "Dorotheo Dental, Quezon City",
                "Dorotheo Dental – Parañaque (satellite)",
            ]) == "Dorotheo Dental")
        #expect(ClinicName.of(["Smile Makati", "Smile BGC"]) == "Smile Makati and Smile BGC")
        #expect(ClinicName.of(["A Clinic", "B Clinic", "C Clinic"]) == "A Clinic, B Clinic and C Clinic")
        #expect(ClinicName.of(["A", "B", "C", "D", "E"]) == "A, B, C and 2 more")
        #expect(ClinicName.of([]) == nil)
        let sample = CommittedExampleTests.root.appendingPathComponent("samples/clinic").path
        let options = ReportOptions(
            month: try #require(YearMonth("2025-10")),
            clock: try #require(ClinicClock(identifier: "Asia/Manila")))
        let named = try ReportBuilder(source: try Location(sample).openSource(now: .now()), options: options)
            .build()
        #expect(named.clinic == "Dorotheo Dental")
        var custom = options
        custom.clinicName = "Sunrise Dental"
        let renamed = try ReportBuilder(source: try Location(sample).openSource(now: .now()), options: custom)
            .build()
        #expect(renamed.clinic == "Sunrise Dental")
        #expect(
            HTMLRenderer.render(renamed).contains(
                "<title>Sunrise Dental — monthly report October 2025</title>"))
        #expect(HTMLRenderer.render(renamed).contains("@top-left{content:\"Sunrise Dental · monthly report"))
        #expect(try ReportWriter.json(renamed).contains("\"clinic\" : \"Sunrise Dental\""))
        // The hand-made clinic has no locations.
        #expect(try HandMade.report("2025-10").clinic == "Clinic")
    }

    @Test func peopleReadWordsAndRoundNumbers() throws {
        #expect(
            Display.hours(11040) == "184:00" && Display.hours(11310) == "188:30"
                && Display.hours(45) == "0:45")
        #expect(Display.count(1_234_567) == "1,234,567" && Display.count(-12) == "−12")
        #expect(StatusWords.words("reschedule_requested") == "Reschedule requested")
        #expect(Axis(max: 45_000_00).ticks == [0, 20_000_00, 40_000_00, 60_000_00])
        #expect(Axis(max: 9_00).ticks == [0, 5_00, 10_00])
        #expect(Axis(max: 3).ticks == [0, 1, 2, 3])
        #expect(
            [0, 5_00, 1_500_00, 10_000_00, 2_000_000_00].map(Axis.pesos) == [
                "₱0", "₱5", "₱1.5k", "₱10k", "₱2M",
            ])
        let many = (1...14).map { ("d\($0)", Int64(100 - $0)) }
        let top = SVGChart.topTen(many)
        #expect(
            top.count == 11 && top.last?.label == "Others (4)"
                && top.last?.value == (11...14).reduce(0) { $0 + 100 - $1 })
        #expect(SVGChart.topTen(Array(many.prefix(11))).count == 11)
        var flag = Flag(key: "out_of_stock", name: "Items out of stock", value: DecimalNumber(12))
        flag.items = (1...12).map { "Item \($0), lot \($0)" }
        #expect(
            flag.shownItems.items.count == 10 && flag.shownItems.more == "… and 2 more: see “Out of stock”")
        let markdown = MarkdownRenderer.render(try HandMade.report("2025-10"))
        #expect(markdown.contains("| Reschedule requested | 1 |"))
        #expect(markdown.contains("| Ana Santos | 6 | 2 | 1 | 1 | 184:00 | 5:00 | 2.7% |"))
        #expect(!markdown.contains("reschedule_requested"))
    }

    @Test func inventorySnapshotAndPurchaseLists() throws {
        let i = try #require(try HandMade.report("2025-10").inventory)
        #expect(i.items == 5)
        #expect(i.stockValue == Money(cents: 7_026_000))
        #expect(
            i.categories.map { "\($0.category) \($0.items) \($0.units) \($0.value)" } == [
                "Anesthetics 1 10 357.50", "Consumables 2 5 902.50", "Hygiene 1 100 6500.00",
                "Restorative 1 50 62500.00",
            ])
        #expect(
            i.purchaseLists.map { list in
                "\(list.supplier): " + list.items.map { "\($0.name)×\($0.reorder)" }.joined(separator: ",")
                    + " \(list.total)"
            }
                == ["(no supplier): Lidocaine×10 357.50", "MedSupply: Gloves×20,Masks×15 11707.50"])
        #expect(i.outOfStock.map(\.name) == ["Gloves"])
        #expect(i.stale.map { "\($0.name) \($0.daysSinceUpdate)" } == ["Masks 122", "Composite 90"])
    }

    @Test func atAGlanceComparesWithThePreviousMonthAndFlags() throws {
        let report = try HandMade.report("2025-10")
        // value, previous, change as people read them
        let figures = Dictionary(
            uniqueKeysWithValues: report.glance.figures.map { ($0.key, $0.cells.dropFirst().map(\.display)) })
        #expect(figures["billed"]?[2] == "+240.0%")
        #expect(figures["collection_rate"]?[2] == "+9.0 pts")
        #expect(figures["unpaid_at_month_end"] == ["₱4,700.35", "₱2,900.10", "+62.1%"])
        #expect(figures["appointments"]?[2] == "+5")
        #expect(figures["new_patients"]?[2] == "−1")
        #expect(figures["low_stock_items"] == ["3", "–", "–"])
        let unpaid = try #require(report.glance.figures.first { $0.key == "unpaid_at_month_end" })
        #expect(
            unpaid.value == DecimalNumber(470_035, scale: 2) && unpaid.change == DecimalNumber(6208, scale: 4)
        )
        #expect(
            report.glance.flags.map(\.name) == [
                "Collection rate below 98%", "Cancellations and no-shows above 8%", "Items out of stock",
            ])
        #expect(report.glance.flags[1].message.contains("2 of 7"))
        #expect(report.glance.flags[0].message.contains("69.0% (collected ₱4,000.50 of ₱5,800.75"))
        #expect(report.glance.flags[2].items == ["Gloves"])
        #expect(report.banners.isEmpty)
        #expect(HTMLRenderer.render(report).contains("<ul><li>Gloves</li></ul>"))
    }

    @Test func anEmptyMonthIsACompleteReportThatSaysSo() throws {
        let report = try HandMade.report("2026-02")
        #expect(report.billing?.current.billed == Amount())
        #expect(report.billing?.current.collectionRate.description == "–")
        #expect(report.appointments?.total == 0)
        #expect(report.glance.flags.map(\.name) == ["Items out of stock"])
        let markdown = MarkdownRenderer.render(report)
        #expect(markdown.contains("No bills this month."))
        #expect(markdown.contains("No appointments this month."))
        let html = HTMLRenderer.render(report)
        #expect(html.contains("<h2>Billing</h2>"))
        #expect(report.banners == ["No bills in February 2026.", "No appointments dated in February 2026."])
        #expect(html.contains("<p class=\"banner\">No bills in February 2026.</p>"))
        #expect(!html.contains("No benchmark flags"))
        #expect(report.trend.count == 12 && report.trend.last?.billed == .zero)
    }

    @Test func aSourceWithoutTheBillsAppointmentsAndUsersIsRefusedNamingThem() throws {
        let scratch = try ScratchDirectory()
        let options = ReportOptions(month: try #require(YearMonth("2025-10")), clock: ClinicClock(zone: .gmt))
        let builder = ReportBuilder(
            source: try Location(scratch.path).openSource(now: .now()), options: options)
        let error = try #require(throws: ETLError.self) { try builder.build() }
        #expect(error.description.contains("the source has no api_billing, api_appointment, api_user tables"))
        var inventory = options
        inventory.kinds = [.inventory]
        let stock = try ReportBuilder(
            source: try Location(scratch.path).openSource(now: .now()), options: inventory
        ).build()
        #expect(stock.banners == ["No inventory in this source: it has no api_inventoryitem table."])
    }

    @Test func everyFormatIsWritten() throws {
        let scratch = try ScratchDirectory()
        let report = try HandMade.report("2025-10")
        let files = try ReportWriter.write(
            report, formats: ReportFormat.allCases, to: scratch.file("2025-10"))
        #expect(files.contains("index.html") && files.contains("report.md") && files.contains("report.json"))
        #expect(files.contains("billing_summary.csv") && files.contains("low_stock.csv"))
        let csv = try String(contentsOfFile: scratch.file("2025-10/billing_summary.csv"), encoding: .utf8)
        #expect(
            csv.split(separator: "\n")[1]
                == "current,2025-10,6800.74,5,4000.50,1800.25,999.99,0.6897,1360.15")
        let json = try Data(contentsOf: URL(fileURLWithPath: scratch.file("2025-10/report.json")))
        let decoded = try JSONDecoder().decode(MonthlyReport.self, from: json)
        #expect(decoded.billing?.current.billed.total == Money(cents: 680_074))
        let html = try String(contentsOfFile: scratch.file("2025-10/index.html"), encoding: .utf8)
        #expect(html.contains("<svg") && !html.contains("<script") && html.contains("@page{size:A4"))
    }
}
