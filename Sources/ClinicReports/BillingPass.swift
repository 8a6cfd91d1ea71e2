import ClinicPipeline

/// One pass over `api_billing`.
struct BillingPass {
    let options: ReportOptions
    var current: BillingTotals
    var previous: BillingTotals
    var lastYear: BillingTotals
    var daily: [DailyAmounts]
    /// The month's bills, to split by service and dentist: by the appointment's id when it is
    /// read later (streaming), or already resolved (SQL).
    var bills: [MonthBill] = []

    /// Bills of the month sharing an appointment and status.
    struct MonthBill {
        var appointment: Int64?
        var visit: Visit?
        var amount: Money
        var count: Int
        var paid: Bool
    }

    /// The service and dentist of an appointment.
    struct Visit: Hashable {
        var service: Int64?
        var dentist: Int64?
    }
    var outstanding: [Int64: Amount] = [:]
    var outstandingAtPreviousEnd = Money.zero
    var aging: [AgingBucket] = [
        AgingBucket(bucket: "0-30", fromDays: 0, toDays: 30),
        AgingBucket(bucket: "31-60", fromDays: 31, toDays: 60),
        AgingBucket(bucket: "61-90", fromDays: 61, toDays: 90),
        AgingBucket(bucket: "90+", fromDays: 91, toDays: nil),
    ]
    /// Billed and collected in each of the twelve months ending with the report's.
    var trend: [(billed: Money, collected: Money)] = Array(repeating: (.zero, .zero), count: 12)
    /// Pending bills created in each of the twelve months, and before them: the sums up to a
    /// month give what was unpaid at its end.
    var trendPending = Array(repeating: Money.zero, count: 12)
    var pendingBeforeTrend = Money.zero

    init(options: ReportOptions) {
        self.options = options
        let month = options.month
        current = BillingTotals(month: month)
        previous = BillingTotals(month: month.previous)
        lastYear = BillingTotals(month: month.lastYear)
        daily = (0..<month.days).map { DailyAmounts(date: month.first.adding(days: $0).iso) }
    }

    var appointmentsOfMonth: Set<Int64> { Set(bills.filter { $0.visit == nil }.compactMap(\.appointment)) }

    mutating func add(_ row: Fields) {
        guard let created = row.stamp("created_at"), let patient = row.int("patient_id") else { return }
        add(
            day: options.clock.date(created), amount: row.money("amount"), count: 1,
            status: row.text("status"),
            patient: patient, appointment: row.int("appointment_id"), visit: nil)
    }

    /// Adds `count` bills of one day, status and patient whose amounts sum to `amount`.
    mutating func add(
        day: LocalDate, amount: Money, count: Int, status: String, patient: Int64, appointment: Int64?,
        visit: Visit?
    ) {
        total(YearMonth(day), status, amount, count)
        if options.month.contains(day) {
            daily(day, status, amount)
            bills.append(
                MonthBill(
                    appointment: appointment, visit: visit, amount: amount, count: count,
                    paid: status == "paid"))
        }
        guard status == "pending" else { return }
        pending(day, amount, count)
        if day <= options.month.last { owed(patient, amount, count) }
    }

    /// Adds bills of a month to the totals it belongs to, if any.
    mutating func total(_ month: YearMonth, _ status: String, _ amount: Money, _ count: Int) {
        if let i = options.month.trendIndex(of: month) {
            trend[i].billed += amount
            if status == "paid" { trend[i].collected += amount }
        }
        if month == options.month {
            Self.add(amount, count, status, to: &current)
        } else if month == options.month.previous {
            Self.add(amount, count, status, to: &previous)
        } else if month == options.month.lastYear {
            Self.add(amount, count, status, to: &lastYear)
        }
    }

    /// Adds bills of one day of the month to the daily series.
    mutating func daily(_ day: LocalDate, _ status: String, _ amount: Money) {
        let index = Int(day.daysSinceEpoch - options.month.first.daysSinceEpoch)
        guard daily.indices.contains(index) else { return }
        daily[index].billed += amount
        if status == "paid" { daily[index].collected += amount }
    }

    /// Adds pending bills created on `day` to the aging buckets and the previous month-end balance.
    mutating func pending(_ day: LocalDate, _ amount: Money, _ count: Int) {
        if day <= options.month.previous.last { outstandingAtPreviousEnd += amount }
        guard day <= options.month.last else { return }
        if let i = options.month.trendIndex(of: YearMonth(day)) {
            trendPending[i] += amount
        } else {
            pendingBeforeTrend += amount
        }
        let age = Int(options.month.last.daysSinceEpoch - day.daysSinceEpoch)
        aging[age <= 30 ? 0 : age <= 60 ? 1 : age <= 90 ? 2 : 3].amount.add(amount, count: count)
    }

    /// Adds to a patient's pending balance at month end.
    mutating func owed(_ patient: Int64, _ amount: Money, _ count: Int) {
        outstanding[patient, default: Amount()].add(amount, count: count)
    }

    private static func add(_ amount: Money, _ count: Int, _ status: String, to totals: inout BillingTotals) {
        totals.billed.add(amount, count: count)
        switch status {
        case "paid": totals.paid.add(amount, count: count)
        case "pending": totals.pending.add(amount, count: count)
        case "cancelled": totals.cancelled.add(amount, count: count)
        default: break
        }
    }

    /// The trend's billing figures.
    var trendMonths: [(month: YearMonth, billed: Money, collected: Money, outstanding: Money)] {
        var unpaid = pendingBeforeTrend
        return options.month.twelveMonths.enumerated().map { i, month in
            unpaid += trendPending[i]
            return (month, trend[i].billed, trend[i].collected, unpaid)
        }
    }

    var outstandingAtMonthEnd: Money { aging.reduce(Money.zero) { $0 + $1.amount.total } }

    func section(people: People, appointments: [Int64: Visit], topPatients: Int) -> BillingSection {
        var services: [String: GroupAmounts] = [:]
        var dentists: [String: GroupAmounts] = [:]
        for bill in bills {
            let visit = bill.visit ?? bill.appointment.flatMap { appointments[$0] }
            let service = visit.map { people.service($0.service) } ?? People.noAppointment
            let dentist =
                visit.map { $0.dentist.map { people.name($0) } ?? People.noDentist } ?? People.noAppointment
            services[service, default: GroupAmounts(name: service)].billed.add(bill.amount, count: bill.count)
            dentists[dentist, default: GroupAmounts(name: dentist)].billed.add(bill.amount, count: bill.count)
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
