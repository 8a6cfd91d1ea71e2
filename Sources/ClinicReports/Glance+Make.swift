/// The top of the report: key figures against the previous month and benchmark flags.
extension Glance {
    static func make(_ report: MonthlyReport, billing: BillingPass, visits: AppointmentPass) -> Glance {
        var glance = Glance()
        if let b = report.billing {
            glance.figures.append(money("Billed", b.current.billed.total, b.previous.billed.total))
            glance.figures.append(money("Collected", b.current.paid.total, b.previous.paid.total))
            glance.figures.append(
                rate("Collection rate", b.current.collectionRate, b.previous.collectionRate))
            glance.figures.append(
                money(
                    "Outstanding at month end", billing.outstandingAtMonthEnd,
                    billing.outstandingAtPreviousEnd))
            if b.current.collectionRate.isBelow(percent: 98) {
                glance.flags.append(
                    Flag(
                        name: "Collection rate below 98%",
                        message:
                            "Collection rate was \(b.current.collectionRate) (collected \(b.current.paid.total.display) "
                            + "of \((b.current.billed.total - b.current.cancelled.total).display) billed net of cancellations)."
                    ))
            }
        }
        if let a = report.appointments {
            glance.figures.append(count("Appointments", a.total, a.previousTotal))
            glance.figures.append(rate("Completion rate", a.completionRate, a.previousCompletionRate))
            glance.figures.append(rate("No-show rate", a.noShowRate, a.previousNoShowRate))
            glance.figures.append(
                count("New patients", a.newPatients, visits.newPatients(in: report.month.previous)))
            let lost =
                (a.byStatus.first { $0.status == "cancelled" }?.count ?? 0)
                + (a.byStatus.first { $0.status == "missed" }?.count ?? 0)
            let share = Ratio(Int64(lost), of: Int64(a.total))
            if share.isAbove(percent: 8) {
                glance.flags.append(
                    Flag(
                        name: "Cancellations and no-shows above 8%",
                        message:
                            "\(lost) of \(a.total) scheduled appointments (\(share)) were cancelled or missed."
                    ))
            }
        }
        if let i = report.inventory {
            let low = i.purchaseLists.reduce(0) { $0 + $1.items.count }
            glance.figures.append(
                KeyFigure(name: "Low-stock items", value: String(low), previous: "–", change: "–"))
            if !i.outOfStock.isEmpty {
                let names = i.outOfStock.prefix(5).map(\.name).joined(separator: ", ")
                glance.flags.append(
                    Flag(
                        name: "Items out of stock",
                        message:
                            "\(i.outOfStock.count) item\(i.outOfStock.count == 1 ? " is" : "s are") out of stock: "
                            + names + (i.outOfStock.count > 5 ? ", …" : "") + "."))
            }
        }
        return glance
    }

    private static func money(_ name: String, _ now: Money, _ before: Money) -> KeyFigure {
        let change: String
        if before.cents == 0 {
            change = now.cents == 0 ? "0" : "new"
        } else {
            let permille = ((now.cents - before.cents) * 2000 + abs(before.cents)) / (2 * abs(before.cents))
            change = signed(permille) + "%"
        }
        return KeyFigure(name: name, value: now.display, previous: before.display, change: change)
    }

    private static func count(_ name: String, _ now: Int, _ before: Int) -> KeyFigure {
        let delta = now - before
        return KeyFigure(
            name: name, value: String(now), previous: String(before),
            change: delta > 0 ? "+\(delta)" : delta < 0 ? "−\(-delta)" : "0")
    }

    private static func rate(_ name: String, _ now: Ratio, _ before: Ratio) -> KeyFigure {
        var change = "–"
        if let a = now.permille, let b = before.permille { change = signed(a - b) + " pts" }
        return KeyFigure(name: name, value: now.description, previous: before.description, change: change)
    }

    /// Tenths as `+1.5` / `−0.3` / `0.0`.
    private static func signed(_ tenths: Int64) -> String {
        let sign = tenths > 0 ? "+" : tenths < 0 ? "−" : ""
        return sign + "\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }
}
