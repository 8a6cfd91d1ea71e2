import ClinicPipeline

/// One pass over `api_appointment`.
struct AppointmentPass {
    static let statuses = [
        "pending", "confirmed", "completed", "missed", "cancelled", "reschedule_requested",
        "cancel_requested",
    ]

    let options: ReportOptions
    /// Appointments the month's bills point at.
    let wanted: Set<Int64>
    var billed: [Int64: BillingPass.Visit] = [:]
    var current: [String: Int] = [:]
    var previous: [String: Int] = [:]
    var dentists: [Int64: DentistLoad] = [:]
    var services: [String: ServiceCount] = [:]
    var heatmap = Array(repeating: Array(repeating: 0, count: 24), count: 7)
    var firstVisit: [Int64: LocalDate] = [:]
    var leadDays: Int64 = 0
    var leadCount: Int64 = 0
    var open: [(id: Int64, patient: Int64, status: String, date: LocalDate)] = []
    /// How many requests are open, when counted elsewhere (SQL lists only the oldest).
    var openCount: Int?
    /// New patients per month of the trend, when counted elsewhere (SQL).
    var counted: [YearMonth: Int]?
    /// Counts per status in each of the twelve months ending with the report's.
    var trend: [[String: Int]] = Array(repeating: [:], count: 12)

    init(options: ReportOptions, wanted: Set<Int64>) {
        self.options = options
        self.wanted = wanted
    }

    mutating func add(_ row: Fields) {
        guard let id = row.int("id"), let patient = row.int("patient_id"), let date = row.date("date") else {
            return
        }
        let dentist = row.int("dentist_id")
        let service = row.int("service_id")
        if wanted.contains(id) { billed[id] = BillingPass.Visit(service: service, dentist: dentist) }
        visited(patient: patient, on: date)
        let status = row.text("status")
        if status == "reschedule_requested" || status == "cancel_requested" {
            let asked =
                row.stamp(status == "cancel_requested" ? "cancel_requested_at" : "updated_at")
                ?? row.stamp("updated_at")
            if let asked, options.clock.date(asked) <= options.month.last {
                open.append((id, patient, status, date))
            }
        }
        let lead = row.stamp("created_at").map {
            Int64(date.daysSinceEpoch - options.clock.date($0).daysSinceEpoch)
        }
        add(
            date: date, status: status, dentist: dentist, service: service,
            hour: row.time("time")?.parts.hour,
            leadDays: lead ?? 0, leadCount: lead == nil ? 0 : 1, count: 1)
    }

    /// Notes that `patient` had an appointment on `date` (for first visits).
    mutating func visited(patient: Int64, on date: LocalDate) {
        if let first = firstVisit[patient], first <= date { return }
        firstVisit[patient] = date
    }

    /// Adds one appointment's month figures.
    mutating func add(
        date: LocalDate, status: String, dentist: Int64?, service: Int64?, hour: Int?, leadDays: Int64,
        leadCount: Int64, count: Int
    ) {
        tally(status, in: YearMonth(date), count)
        guard options.month.contains(date) else { return }
        if let dentist { load(dentist, status, count) }
        perService(service, status, count)
        if let hour { slot(weekday: date.weekday, hour: hour, count) }
        lead(days: leadDays, of: leadCount)
    }

    /// Counts appointments of a status dated in `month`: for the trend, and for the month and the
    /// previous one compared.
    mutating func tally(_ status: String, in month: YearMonth, _ count: Int) {
        if let i = options.month.trendIndex(of: month) { trend[i][status, default: 0] += count }
        if month == options.month {
            current[status, default: 0] += count
        } else if month == options.month.previous {
            previous[status, default: 0] += count
        }
    }

    /// Counts the month's appointments of a dentist.
    mutating func load(_ dentist: Int64, _ status: String, _ count: Int) {
        var load = dentists[dentist] ?? DentistLoad(dentistID: dentist, name: "")
        load.booked += count
        if status == "completed" { load.completed += count }
        if status == "missed" { load.missed += count }
        if status == "cancelled" { load.cancelled += count }
        dentists[dentist] = load
    }

    /// Counts the month's appointments of a service.
    mutating func perService(_ service: Int64?, _ status: String, _ count: Int) {
        let key = String(service ?? -1)
        services[key, default: ServiceCount(name: key)].booked += count
        if status == "completed" { services[key]?.completed += count }
        if status == "missed" { services[key]?.missed += count }
        if status == "cancelled" { services[key]?.cancelled += count }
    }

    /// Counts the month's appointments at a weekday and hour.
    mutating func slot(weekday: Int, hour: Int, _ count: Int) {
        heatmap[weekday][min(23, max(0, hour))] += count
    }

    /// Adds lead times: `days` summed over `count` appointments.
    mutating func lead(days: Int64, of count: Int64) {
        leadDays += days
        leadCount += count
    }

    var total: Int { current.values.reduce(0, +) }
    var previousTotal: Int { previous.values.reduce(0, +) }

    func newPatients(in month: YearMonth) -> Int {
        if let counted { return counted[month] ?? 0 }
        return firstVisit.values.count { month.contains($0) }
    }

    /// The trend's appointment figures.
    var trendMonths: [(month: YearMonth, counts: [String: Int], newPatients: Int)] {
        var firsts: [YearMonth: Int] = counted ?? [:]
        if counted == nil {
            for day in firstVisit.values { firsts[YearMonth(day), default: 0] += 1 }
        }
        return options.month.twelveMonths.enumerated().map { ($1, trend[$0], firsts[$1] ?? 0) }
    }

    func rate(_ status: String, _ counts: [String: Int]) -> Ratio {
        Ratio(Int64(counts[status] ?? 0), of: Int64(counts.values.reduce(0, +)))
    }

    func section(people: People, schedule: Schedule) -> AppointmentSection {
        var section = AppointmentSection()
        section.total = total
        section.previousTotal = previousTotal
        let known = Self.statuses + current.keys.filter { !Self.statuses.contains($0) }.sorted()
        section.byStatus = known.map {
            StatusCount(status: $0, count: current[$0] ?? 0, previous: previous[$0] ?? 0)
        }
        section.completionRate = rate("completed", current)
        section.noShowRate = rate("missed", current)
        section.cancellationRate = rate("cancelled", current)
        section.previousCompletionRate = rate("completed", previous)
        section.previousNoShowRate = rate("missed", previous)
        section.previousCancellationRate = rate("cancelled", previous)
        section.slotMinutes = options.slotMinutes
        let ids = Set(people.dentists).union(dentists.keys).sorted()
        section.byDentist = ids.map { id in
            var load = dentists[id] ?? DentistLoad(dentistID: id, name: "")
            load.name = people.name(id)
            load.availableMinutes = schedule.available(id, in: options.month)
            load.bookedMinutes = (load.booked - load.cancelled) * options.slotMinutes
            load.utilization = Ratio(Int64(load.bookedMinutes), of: Int64(load.availableMinutes))
            return load
        }
        section.byService = services.values.map { count in
            var named = count
            named.name = people.service(Int64(count.name).flatMap { $0 < 0 ? nil : $0 })
            return named
        }.sorted { $0.booked != $1.booked ? $0.booked > $1.booked : $0.name < $1.name }
        section.heatmap = heatmap
        section.newPatients = newPatients(in: options.month)
        section.openRequestCount = openCount ?? open.count
        let oldest = open.sorted { $0.date != $1.date ? $0.date < $1.date : $0.id < $1.id }
        section.openRequests = oldest.prefix(AppointmentSection.listedRequests).map {
            OpenRequest(
                appointmentID: $0.id, patient: people.name($0.patient), status: $0.status, date: $0.date.iso)
        }
        if leadCount > 0 {
            let tenths = (leadDays * 20 + leadCount) / (2 * leadCount)
            section.averageLeadDays = DecimalNumber(tenths, scale: 1)
        }
        return section
    }
}
