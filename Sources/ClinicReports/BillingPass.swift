import ClinicPipeline

/// One pass over `api_billing`.
struct BillingPass {
    let options: ReportOptions
    var current: BillingTotals
    var previous: BillingTotals
    var lastYear: BillingTotals
    var daily: [DailyAmounts]
    /// The month's bills, to split by service and dentist once appointments are read.
    var bills: [(appointment: Int64?, amount: Money, paid: Bool)] = []
    var outstanding: [Int64: Amount] = [:]
    var outstandingAtPreviousEnd = Money.zero
    var aging: [AgingBucket] = ["0–30", "31–60", "61–90", "90+"].map { AgingBucket(bucket: $0) }

    init(options: ReportOptions) {
        self.options = options
        let month = options.month
        current = BillingTotals(month: month)
        previous = BillingTotals(month: month.previous)
        lastYear = BillingTotals(month: month.lastYear)
        daily = (0..<month.days).map { DailyAmounts(date: month.first.adding(days: $0).iso) }
    }

    var appointmentsOfMonth: Set<Int64> { Set(bills.compactMap(\.appointment)) }

    mutating func add(_ row: Fields) {
        guard let created = row.stamp("created_at"), let patient = row.int("patient_id") else { return }
        let day = options.clock.date(created)
        let amount = row.money("amount")
        let status = row.text("status")
        let month = YearMonth(day)
        if month == options.month {
            Self.add(amount, status, to: &current)
            let index = Int(day.daysSinceEpoch - options.month.first.daysSinceEpoch)
            daily[index].billed += amount
            if status == "paid" { daily[index].collected += amount }
            bills.append((row.int("appointment_id"), amount, status == "paid"))
        } else if month == options.month.previous {
            Self.add(amount, status, to: &previous)
        } else if month == options.month.lastYear {
            Self.add(amount, status, to: &lastYear)
        }
        guard status == "pending" else { return }
        if day <= options.month.previous.last { outstandingAtPreviousEnd += amount }
        guard day <= options.month.last else { return }
        outstanding[patient, default: Amount()].add(amount)
        let age = Int(options.month.last.daysSinceEpoch - day.daysSinceEpoch)
        aging[age <= 30 ? 0 : age <= 60 ? 1 : age <= 90 ? 2 : 3].amount.add(amount)
    }

    private static func add(_ amount: Money, _ status: String, to totals: inout BillingTotals) {
        totals.billed.add(amount)
        switch status {
        case "paid": totals.paid.add(amount)
        case "pending": totals.pending.add(amount)
        case "cancelled": totals.cancelled.add(amount)
        default: break
        }
    }

    var outstandingAtMonthEnd: Money { aging.reduce(Money.zero) { $0 + $1.amount.total } }

    func section(people: People, appointments: [Int64: (service: Int64?, dentist: Int64?)], topPatients: Int)
        -> BillingSection
    {
        var services: [String: GroupAmounts] = [:]
        var dentists: [String: GroupAmounts] = [:]
        for bill in bills {
            let visit = bill.appointment.flatMap { appointments[$0] }
            let service = visit.map { people.service($0.service) } ?? "(no appointment)"
            let dentist = visit.map { people.name($0.dentist) } ?? "(no appointment)"
            services[service, default: GroupAmounts(name: service)].billed.add(bill.amount)
            dentists[dentist, default: GroupAmounts(name: dentist)].billed.add(bill.amount)
            if bill.paid {
                services[service]?.collected += bill.amount
                dentists[dentist]?.collected += bill.amount
            }
        }
        let byTotal: (GroupAmounts, GroupAmounts) -> Bool = {
            $0.billed.total != $1.billed.total ? $0.billed.total > $1.billed.total : $0.name < $1.name
        }
        let top = outstanding.sorted { a, b in
            a.value.total != b.value.total ? a.value.total > b.value.total : a.key < b.key
        }.prefix(topPatients)
        return BillingSection(
            current: current, previous: previous, lastYear: lastYear, daily: daily,
            byService: services.values.sorted(by: byTotal), byDentist: dentists.values.sorted(by: byTotal),
            topOutstanding: top.map {
                PatientBalance(patientID: $0.key, name: people.name($0.key), balance: $0.value)
            },
            aging: aging)
    }
}
