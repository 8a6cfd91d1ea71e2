import Foundation

/// What the two outstanding figures are, said wherever they appear.
enum Outstanding {
    static let monthName = "Pending bills of this month"
    static let monthEndName = "All unpaid at month end"
    static let explanation =
        "“Pending bills of this month” are the bills created this month that are still pending; "
        + "“all unpaid at month end” adds every older bill still pending, whatever month it was created in. "
        + "The schema keeps no payment date, so a bill paid later counts as paid in every month."
}

extension MonthlyReport {
    /// The report's tables, in reading order.
    public var tables: [ReportTable] {
        var tables = [
            ReportTable(
                name: "at_a_glance", title: "At a glance",
                columns: [
                    ("figure", "Figure"), ("value", month.description),
                    ("previous", month.previous.description),
                    ("change", "Change"),
                ],
                rows: glance.figures.map(\.cells))
        ]
        if !trend.isEmpty { tables.append(trendTable) }
        if let b = billing { tables += billingTables(b) }
        if let a = appointments { tables += appointmentTables(a) }
        if let i = inventory { tables += inventoryTables(i) }
        return tables
    }

    private var trendTable: ReportTable {
        let wantsBilling = billing != nil
        let wantsVisits = appointments != nil
        var columns = [("month", "Month")]
        if wantsBilling {
            columns += [
                ("billed", "Billed"), ("collected", "Collected"), ("outstanding", "Unpaid at month end"),
            ]
        }
        if wantsVisits {
            columns += [
                ("appointments", "Appointments"), ("completed", "Completed"), ("missed", "Missed"),
                ("cancelled", "Cancelled"), ("no_show_rate", "No-show rate"),
                ("new_patients", "New patients"),
            ]
        }
        return ReportTable(
            name: "trend", title: "Month by month", columns: columns,
            rows: trend.map { t in
                var row: [ReportCell] = [.label(code: t.month.description, words: t.month.short)]
                if wantsBilling {
                    row += [t.billed, t.collected, t.outstanding].map { .money($0 ?? .zero) }
                }
                if wantsVisits {
                    row += [t.appointments, t.completed, t.missed, t.cancelled].map { .count($0 ?? 0) }
                    row += [.rate(t.noShowRate ?? Ratio(0, of: 0)), .count(t.newPatients ?? 0)]
                }
                return row
            },
            explanation: wantsBilling
                ? "Billed and collected by the bill's creation month; unpaid = all bills created by the month's end and still pending."
                : nil)
    }

    private func billingTables(_ b: BillingSection) -> [ReportTable] {
        let periods = [
            ("current", "This month", b.current), ("previous", "Previous month", b.previous),
            ("last_year", "Same month last year", b.lastYear),
        ]
        return [
            ReportTable(
                name: "billing_summary", title: "Totals",
                columns: [
                    ("period", "Period"), ("month", "Month"), ("billed", "Billed"), ("bills", "Bills"),
                    ("collected", "Collected (paid)"), ("pending", Outstanding.monthName),
                    ("cancelled", "Cancelled"), ("collection_rate", "Collection rate"),
                    ("average_bill", "Average bill"),
                ],
                rows: periods.map { code, words, t in
                    [
                        .label(code: code, words: words), .text(t.month.description), .money(t.billed.total),
                        .count(t.billed.count), .money(t.paid.total), .money(t.pending.total),
                        .money(t.cancelled.total), .rate(t.collectionRate),
                        t.averageBill.map { .money($0) } ?? .none,
                    ]
                }, explanation: Outstanding.explanation, transposed: true),
            ReportTable(
                name: "billing_reconciliation", title: "Reconciliation",
                columns: [
                    ("billed", "Billed"), ("paid", "= Paid"), ("pending", "+ Pending"),
                    ("cancelled", "+ Cancelled"),
                    ("reconciles", "Reconciles"),
                ],
                rows: [
                    [
                        .money(b.current.billed.total), .money(b.current.paid.total),
                        .money(b.current.pending.total),
                        .money(b.current.cancelled.total), .yes(b.current.reconciles),
                    ]
                ]),
            ReportTable(
                name: "billing_daily", title: "Billed and collected per day",
                columns: [("date", "Date"), ("billed", "Billed"), ("collected", "Collected")],
                rows: b.daily.map { [.text($0.date), .money($0.billed), .money($0.collected)] }),
            groupTable("billing_by_service", "service", "Service", b.byService),
            groupTable("billing_by_dentist", "dentist", "Dentist", b.byDentist),
            ReportTable(
                name: "outstanding_patients", title: "Largest unpaid balances at month end",
                columns: [
                    ("patient", "Patient"), ("patient_id", "Id"), ("bills", "Pending bills"),
                    ("balance", "Balance"),
                ],
                rows: b.topOutstanding.map {
                    [
                        .text($0.name), .text(String($0.patientID)), .count($0.balance.count),
                        .money($0.balance.total),
                    ]
                },
                empty: "No pending bills."),
            ReportTable(
                name: "ar_aging", title: "Unpaid at month end by age",
                columns: [("age_days", "Age (days)"), ("bills", "Bills"), ("amount", "Amount")],
                rows: b.aging.map {
                    [
                        .label(
                            code: $0.bucket,
                            words: $0.bucket.replacingOccurrences(of: "-", with: "–") + " days"),
                        .count($0.amount.count), .money($0.amount.total),
                    ]
                }),
        ]
    }

    private func appointmentTables(_ a: AppointmentSection) -> [ReportTable] {
        [
            ReportTable(
                name: "appointments_by_status", title: "Appointments by status",
                columns: [
                    ("status", "Status"), ("count", month.description),
                    ("previous", month.previous.description),
                ],
                rows: a.byStatus.map {
                    [StatusWords.cell($0.status), .count($0.count), .count($0.previous)]
                },
                total: [.label(code: "total", words: "Total"), .count(a.total), .count(a.previousTotal)]),
            ReportTable(
                name: "appointment_rates", title: "Rates",
                columns: [
                    ("rate", "Rate"), ("value", month.description), ("previous", month.previous.description),
                ],
                rows: [
                    [
                        .label(code: "completion", words: "Completion"), .rate(a.completionRate),
                        .rate(a.previousCompletionRate),
                    ],
                    [
                        .label(code: "no_show", words: "No-show (missed)"), .rate(a.noShowRate),
                        .rate(a.previousNoShowRate),
                    ],
                    [
                        .label(code: "cancellation", words: "Cancellation"), .rate(a.cancellationRate),
                        .rate(a.previousCancellationRate),
                    ],
                ]),
            ReportTable(
                name: "appointment_figures", title: "New patients and lead time",
                columns: [("figure", "Figure"), ("value", month.description)],
                rows: [
                    [.label(code: "new_patients", words: "New patients"), .count(a.newPatients)],
                    [
                        .label(code: "average_lead_days", words: "Average lead time (days)"),
                        a.averageLeadDays.map { .number($0) } ?? .none,
                    ],
                ]),
            ReportTable(
                name: "appointments_by_dentist", title: "Per dentist (slot \(a.slotMinutes) min)",
                columns: [
                    ("dentist", "Dentist"), ("booked", "Booked"), ("completed", "Completed"),
                    ("missed", "Missed"),
                    ("cancelled", "Cancelled"), ("available_minutes", "Hours available"),
                    ("booked_minutes", "Hours booked"), ("utilization", "Utilization"),
                ],
                rows: a.byDentist.map {
                    [
                        .text($0.name), .count($0.booked), .count($0.completed), .count($0.missed),
                        .count($0.cancelled),
                        .minutes($0.availableMinutes), .minutes($0.bookedMinutes), .rate($0.utilization),
                    ]
                }, empty: "No dentists."),
            ReportTable(
                name: "appointments_by_service", title: "Per service",
                columns: [
                    ("service", "Service"), ("booked", "Booked"), ("completed", "Completed"),
                    ("missed", "Missed"),
                    ("cancelled", "Cancelled"),
                ],
                rows: a.byService.map {
                    [
                        .text($0.name), .count($0.booked), .count($0.completed), .count($0.missed),
                        .count($0.cancelled),
                    ]
                },
                empty: "No appointments this month."),
            ReportTable(
                name: "appointments_heatmap", title: "Appointments by weekday and hour",
                columns: [("weekday", "Weekday")]
                    + (0..<24).map { (String(format: "h%02d", $0), String(format: "%02d", $0)) },
                rows: a.heatmap.enumerated().map { day in
                    [.label(code: String(day.offset), words: weekdays[day.offset])]
                        + day.element.map { .count($0) }
                }),
            ReportTable(
                name: "open_requests",
                title:
                    "Reschedule and cancel requests open at month end: \(Display.count(Int64(a.openRequestCount)))"
                    + (a.openRequestCount > a.openRequests.count
                        ? " (the \(a.openRequests.count) oldest listed)" : ""),
                columns: [
                    ("appointment_id", "Appointment"), ("patient", "Patient"), ("request", "Request"),
                    ("date", "Date"),
                ],
                rows: a.openRequests.map {
                    [
                        .text(String($0.appointmentID)), .text($0.patient), StatusWords.cell($0.status),
                        .text($0.date),
                    ]
                },
                empty: "No open requests."),
        ]
    }

    private func inventoryTables(_ i: InventorySection) -> [ReportTable] {
        [
            ReportTable(
                name: "inventory_categories", title: "Stock per category",
                columns: [
                    ("category", "Category"), ("items", "Items"), ("units", "Units"), ("value", "Value"),
                ],
                rows: i.categories.map {
                    [.text($0.category), .count($0.items), .count(Int($0.units)), .money($0.value)]
                },
                total: [
                    .label(code: "total", words: "Total"), .count(i.items),
                    .count(Int(i.categories.reduce(0) { $0 + $1.units })), .money(i.stockValue),
                ]),
            ReportTable(
                name: "low_stock", title: "Low stock: what to order",
                columns: [
                    ("supplier", "Supplier"), ("item", "Item"), ("category", "Category"),
                    ("on_hand", "On hand"),
                    ("minimum", "Minimum"), ("shortage", "Shortage"), ("reorder", "Reorder"),
                    ("unit_cost", "Unit cost"),
                    ("reorder_cost", "Reorder cost"),
                ],
                rows: i.purchaseLists.flatMap { list in
                    list.items.map {
                        [
                            .text(list.supplier), .text($0.name), .text($0.category),
                            .count(Int($0.quantity)),
                            .count(Int($0.minStock)), .count(Int($0.shortage)), .count(Int($0.reorder)),
                            .money($0.cost),
                            .money($0.reorderCost),
                        ]
                    }
                }, empty: "Nothing is at or below its minimum."),
            ReportTable(
                name: "low_stock_by_supplier", title: "Purchase lists per supplier",
                columns: [("supplier", "Supplier"), ("items", "Items"), ("reorder_cost", "Reorder cost")],
                rows: i.purchaseLists.map { [.text($0.supplier), .count($0.items.count), .money($0.total)] },
                empty: "Nothing to order."),
            ReportTable(
                name: "out_of_stock", title: "Out of stock",
                columns: [
                    ("item", "Item"), ("category", "Category"), ("supplier", "Supplier"),
                    ("minimum", "Minimum"),
                ],
                rows: i.outOfStock.map {
                    [.text($0.name), .text($0.category), .text($0.supplier), .count(Int($0.minStock))]
                },
                empty: "Nothing is out of stock."),
            ReportTable(
                name: "stale_items", title: "Not updated for 90 days or more",
                columns: [
                    ("item", "Item"), ("category", "Category"), ("last_update", "Last update"),
                    ("days", "Days"),
                ],
                rows: i.stale.map {
                    [
                        .text($0.name), .text($0.category), $0.updated.map { .text($0) } ?? .none,
                        .count($0.daysSinceUpdate),
                    ]
                },
                empty: "Every item was updated in the last 90 days."),
        ]
    }

    /// Billing per service or per dentist.
    private func groupTable(_ name: String, _ key: String, _ label: String, _ groups: [GroupAmounts])
        -> ReportTable
    {
        ReportTable(
            name: name, title: "Billing per \(label.lowercased())",
            columns: [(key, label), ("bills", "Bills"), ("billed", "Billed"), ("collected", "Collected")],
            rows: groups.map {
                [.text($0.name), .count($0.billed.count), .money($0.billed.total), .money($0.collected)]
            },
            empty: "No bills this month.")
    }
}

extension KeyFigure {
    /// The figure as a row of the at-a-glance table.
    var cells: [ReportCell] {
        func cell(_ n: DecimalNumber?) -> ReportCell {
            guard let n else { return .none }
            switch unit {
            case .money: return .money(Money(n.value))
            case .count: return .count(Int(n.units(scale: 0) ?? 0))
            case .rate: return .rate(Ratio(n.units(scale: 4) ?? 0, of: 10000))
            }
        }
        var delta = ReportCell.none
        if let c = change {
            switch unit {
            case .money: delta = .relativeChange(c.units(scale: 4) ?? 0)
            case .count: delta = .delta(Int(c.units(scale: 0) ?? 0))
            case .rate: delta = .pointsChange(c.units(scale: 4) ?? 0)
            }
        }
        return [.label(code: key, words: name), cell(value), cell(previous), delta]
    }
}

/// Weekday names, 0 = Sunday as the app counts them.
let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
