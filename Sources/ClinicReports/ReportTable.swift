import Foundation

/// One table of the report, in the form every renderer shares: Markdown, CSV and HTML show the
/// same rows.
public struct ReportTable: Sendable {
    /// The CSV file name without extension.
    public var name: String
    /// The heading.
    public var title: String
    /// Column headings.
    public var columns: [String]
    /// Cells, already formatted.
    public var rows: [[String]]
    /// Said instead of an empty table.
    public var empty = "None."

    /// Which columns hold numbers (amounts, counts, rates), to align them right.
    public var numericColumns: [Bool] {
        columns.indices.map { c in
            c > 0
                && rows.allSatisfy { row in
                    c < row.count
                        && (row[c].isEmpty || row[c] == "–" || "0123456789₱−+".contains(row[c].first ?? "x"))
                }
        }
    }

    /// People-facing renderers show at most this many rows; CSV and JSON have them all.
    public static let shownRows = 25

    /// The rows people see, and how many were left out.
    public var shown: (rows: [[String]], hidden: Int) {
        rows.count <= Self.shownRows
            ? (rows, 0) : (Array(rows.prefix(Self.shownRows)), rows.count - Self.shownRows)
    }
}

extension MonthlyReport {
    /// The report's tables, in reading order, with amounts in `money` form (plain for CSV,
    /// with the peso sign for people).
    public func tables(money: (Money) -> String) -> [ReportTable] {
        var tables = [
            ReportTable(
                name: "at_a_glance", title: "At a glance",
                columns: ["Figure", month.description, month.previous.description, "Change"],
                rows: glance.figures.map { [$0.name, $0.value, $0.previous, $0.change] })
        ]
        if let b = billing { tables += billingTables(b, money) }
        if let a = appointments { tables += appointmentTables(a) }
        if let i = inventory { tables += inventoryTables(i, money) }
        return tables
    }

    private func billingTables(_ b: BillingSection, _ money: (Money) -> String) -> [ReportTable] {
        let periods = [
            ("This month", b.current), ("Previous month", b.previous), ("Same month last year", b.lastYear),
        ]
        return [
            ReportTable(
                name: "billing_summary", title: "Totals",
                columns: [
                    "Period", "Month", "Billed", "Bills", "Collected (paid)", "Outstanding (pending)",
                    "Cancelled", "Collection rate", "Average bill",
                ],
                rows: periods.map { label, t in
                    [
                        label, t.month.description, money(t.billed.total), String(t.billed.count),
                        money(t.paid.total),
                        money(t.pending.total), money(t.cancelled.total), t.collectionRate.description,
                        t.averageBill.map(money) ?? "–",
                    ]
                }),
            ReportTable(
                name: "billing_reconciliation", title: "Reconciliation",
                columns: ["Billed", "= Paid", "+ Pending", "+ Cancelled", "Reconciles"],
                rows: [
                    [
                        money(b.current.billed.total), money(b.current.paid.total),
                        money(b.current.pending.total),
                        money(b.current.cancelled.total), b.current.reconciles ? "yes" : "NO",
                    ]
                ]),
            ReportTable(
                name: "billing_daily", title: "Billed and collected per day",
                columns: ["Date", "Billed", "Collected"],
                rows: b.daily.map { [$0.date, money($0.billed), money($0.collected)] }),
            groupTable("billing_by_service", "Service", b.byService, money),
            groupTable("billing_by_dentist", "Dentist", b.byDentist, money),
            ReportTable(
                name: "outstanding_patients", title: "Largest outstanding balances at month end",
                columns: ["Patient", "Id", "Pending bills", "Balance"],
                rows: b.topOutstanding.map {
                    [$0.name, String($0.patientID), String($0.balance.count), money($0.balance.total)]
                },
                empty: "No pending bills."),
            ReportTable(
                name: "ar_aging", title: "Accounts receivable aging at month end",
                columns: ["Age (days)", "Bills", "Amount"],
                rows: b.aging.map { [$0.bucket, String($0.amount.count), money($0.amount.total)] }),
        ]
    }

    private func appointmentTables(_ a: AppointmentSection) -> [ReportTable] {
        [
            ReportTable(
                name: "appointments_by_status", title: "Appointments by status",
                columns: ["Status", month.description, month.previous.description],
                rows: a.byStatus.map { [$0.status, String($0.count), String($0.previous)] }
                    + [["total", String(a.total), String(a.previousTotal)]]),
            ReportTable(
                name: "appointment_rates", title: "Rates",
                columns: ["Rate", month.description, month.previous.description],
                rows: [
                    ["Completion", a.completionRate.description, a.previousCompletionRate.description],
                    ["No-show (missed)", a.noShowRate.description, a.previousNoShowRate.description],
                    ["Cancellation", a.cancellationRate.description, a.previousCancellationRate.description],
                    ["New patients", String(a.newPatients), ""],
                    ["Average lead time (days)", a.averageLeadDays ?? "–", ""],
                ]),
            ReportTable(
                name: "appointments_by_dentist", title: "Per dentist (slot \(a.slotMinutes) min)",
                columns: [
                    "Dentist", "Booked", "Completed", "Missed", "Cancelled", "Hours available",
                    "Hours booked", "Utilization",
                ],
                rows: a.byDentist.map {
                    [
                        $0.name, String($0.booked), String($0.completed), String($0.missed),
                        String($0.cancelled),
                        hours($0.availableMinutes), hours($0.bookedMinutes), $0.utilization.description,
                    ]
                }, empty: "No dentists."),
            ReportTable(
                name: "appointments_by_service", title: "Per service",
                columns: ["Service", "Booked", "Completed", "Missed", "Cancelled"],
                rows: a.byService.map {
                    [
                        $0.name, String($0.booked), String($0.completed), String($0.missed),
                        String($0.cancelled),
                    ]
                },
                empty: "No appointments this month."),
            ReportTable(
                name: "appointments_heatmap", title: "Appointments by weekday and hour",
                columns: ["Weekday"] + (0..<24).map { String(format: "%02d", $0) },
                rows: a.heatmap.enumerated().map { [weekdays[$0.offset]] + $0.element.map(String.init) }),
            ReportTable(
                name: "open_requests",
                title: "Reschedule and cancel requests open at month end: \(a.openRequestCount)"
                    + (a.openRequestCount > a.openRequests.count
                        ? " (the \(a.openRequests.count) oldest listed)" : ""),
                columns: ["Appointment", "Patient", "Request", "Date"],
                rows: a.openRequests.map { [String($0.appointmentID), $0.patient, $0.status, $0.date] },
                empty: "No open requests."),
        ]
    }

    private func inventoryTables(_ i: InventorySection, _ money: (Money) -> String) -> [ReportTable] {
        let itemColumns = [
            "Supplier", "Item", "Category", "On hand", "Minimum", "Shortage", "Reorder", "Unit cost",
            "Reorder cost",
        ]
        return [
            ReportTable(
                name: "inventory_categories", title: "Stock per category",
                columns: ["Category", "Items", "Units", "Value"],
                rows: i.categories.map { [$0.category, String($0.items), String($0.units), money($0.value)] }
                    + [
                        [
                            "total", String(i.items), String(i.categories.reduce(0) { $0 + $1.units }),
                            money(i.stockValue),
                        ]
                    ]),
            ReportTable(
                name: "low_stock", title: "Low stock: purchase lists by supplier", columns: itemColumns,
                rows: i.purchaseLists.flatMap { list in
                    list.items.map {
                        [
                            list.supplier, $0.name, $0.category, String($0.quantity), String($0.minStock),
                            String($0.shortage),
                            String($0.reorder), money($0.cost), money($0.reorderCost),
                        ]
                    } + [[list.supplier, "total", "", "", "", "", "", "", money(list.total)]]
                }, empty: "Nothing is at or below its minimum."),
            ReportTable(
                name: "out_of_stock", title: "Out of stock",
                columns: ["Item", "Category", "Supplier", "Minimum"],
                rows: i.outOfStock.map { [$0.name, $0.category, $0.supplier, String($0.minStock)] },
                empty: "Nothing is out of stock."),
            ReportTable(
                name: "stale_items", title: "Not updated for 90 days or more",
                columns: ["Item", "Category", "Last update", "Days"],
                rows: i.stale.map { [$0.name, $0.category, $0.updated, String($0.daysSinceUpdate)] },
                empty: "Every item was updated in the last 90 days."),
        ]
    }

    /// Billing per service or per dentist.
    private func groupTable(
        _ name: String, _ label: String, _ groups: [GroupAmounts], _ money: (Money) -> String
    )
        -> ReportTable
    {
        ReportTable(
            name: name, title: "Billing per \(label.lowercased())",
            columns: [label, "Bills", "Billed", "Collected"],
            rows: groups.map {
                [$0.name, String($0.billed.count), money($0.billed.total), money($0.collected)]
            },
            empty: "No bills this month.")
    }

    private func hours(_ minutes: Int) -> String {
        "\(minutes / 60)" + (minutes % 60 == 0 ? "" : String(format: ":%02d", minutes % 60))
    }
}

/// Weekday names, 0 = Sunday as the app counts them.
let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
