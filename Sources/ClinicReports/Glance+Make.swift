/// The top of the report: key figures against the previous month and benchmark flags.
extension Glance {
    static func make(_ report: MonthlyReport, billing: BillingPass, visits: AppointmentPass) -> Glance {
        var glance = Glance()
        if let b = report.billing {
            glance.figures.append(money("billed", "Billed", b.current.billed.total, b.previous.billed.total))
            glance.figures.append(
                money("collected", "Collected", b.current.paid.total, b.previous.paid.total))
            glance.figures.append(
                rate(
                    "collection_rate", "Collection rate", b.current.collectionRate, b.previous.collectionRate)
            )
            var unpaid = money(
                "unpaid_at_month_end", Outstanding.monthEndName, billing.outstandingAtMonthEnd,
                billing.outstandingAtPreviousEnd)
            unpaid.explanation =
                "Every bill created by the month's end and still pending, whatever month it was billed in."
            glance.figures.append(unpaid)
            if b.current.collectionRate.isBelow(percent: 98) {
                let rate = b.current.collectionRate
                glance.flags.append(
                    Flag(
                        key: "collection_rate", name: "Collection rate below 98%",
                        value: DecimalNumber(rate.permyriad ?? 0, scale: 4),
                        part: DecimalNumber(rate.part, scale: 2),
                        whole: DecimalNumber(rate.whole, scale: 2)))
            }
        }
        if let a = report.appointments {
            glance.figures.append(count("appointments", "Appointments", a.total, a.previousTotal))
            glance.figures.append(
                rate("completion_rate", "Completion rate", a.completionRate, a.previousCompletionRate))
            glance.figures.append(rate("no_show_rate", "No-show rate", a.noShowRate, a.previousNoShowRate))
            glance.figures.append(
                count(
                    "new_patients", "New patients", a.newPatients,
                    visits.newPatients(in: report.month.previous)))
            let lost =
                (a.byStatus.first { $0.status == "cancelled" }?.count ?? 0)
                + (a.byStatus.first { $0.status == "missed" }?.count ?? 0)
            let share = Ratio(Int64(lost), of: Int64(a.total))
            if share.isAbove(percent: 8) {
                glance.flags.append(
                    Flag(
                        key: "lost_appointments", name: "Cancellations and no-shows above 8%",
                        value: DecimalNumber(share.permyriad ?? 0, scale: 4),
                        part: DecimalNumber(Int64(lost)),
                        whole: DecimalNumber(Int64(a.total))))
            }
        }
        if let i = report.inventory {
            let low = i.purchaseLists.reduce(0) { $0 + $1.items.count }
            glance.figures.append(
                KeyFigure(
                    key: "low_stock_items", name: "Low-stock items", unit: .count,
                    value: DecimalNumber(Int64(low)),
                    explanation: "Items at or below their minimum now (the inventory keeps no history)."))
            if !i.outOfStock.isEmpty {
                glance.flags.append(
                    Flag(
                        key: "out_of_stock", name: "Items out of stock",
                        value: DecimalNumber(Int64(i.outOfStock.count)),
                        items: i.outOfStock.map(\.name)))
            }
        }
        return glance
    }

    private static func money(_ key: String, _ name: String, _ now: Money, _ before: Money) -> KeyFigure {
        KeyFigure(
            key: key, name: name, unit: .money, value: DecimalNumber(now.cents, scale: 2),
            previous: DecimalNumber(before.cents, scale: 2),
            change: Ratio(now.cents - before.cents, of: abs(before.cents)).permyriad.map {
                DecimalNumber($0, scale: 4)
            })
    }

    private static func count(_ key: String, _ name: String, _ now: Int, _ before: Int) -> KeyFigure {
        KeyFigure(
            key: key, name: name, unit: .count, value: DecimalNumber(Int64(now)),
            previous: DecimalNumber(Int64(before)),
            change: DecimalNumber(Int64(now - before)))
    }

    private static func rate(_ key: String, _ name: String, _ now: Ratio, _ before: Ratio) -> KeyFigure {
        var change: DecimalNumber?
        if let a = now.permyriad, let b = before.permyriad { change = DecimalNumber(a - b, scale: 4) }
        return KeyFigure(
            key: key, name: name, unit: .rate, value: now.permyriad.map { DecimalNumber($0, scale: 4) },
            previous: before.permyriad.map { DecimalNumber($0, scale: 4) }, change: change)
    }
}
