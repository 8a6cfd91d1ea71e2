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
    var billed: [Int64: (service: Int64?, dentist: Int64?)] = [:]
    var current: [String: Int] = [:]
    var previous: [String: Int] = [:]
    var dentists: [Int64: DentistLoad] = [:]
    var services: [String: ServiceCount] = [:]
    var heatmap = Array(repeating: Array(repeating: 0, count: 24), count: 7)
    var firstVisit: [Int64: LocalDate] = [:]
    var leadDays: Int64 = 0
    var leadCount: Int64 = 0
    var open: [(id: Int64, patient: Int64, status: String, date: LocalDate)] = []

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
        if wanted.contains(id) { billed[id] = (service, dentist) }
        if let first = firstVisit[patient], first <= date {} else { firstVisit[patient] = date }
        let status = row.text("status")
        let month = options.month
        if status == "reschedule_requested" || status == "cancel_requested" {
            let asked =
                row.stamp(status == "cancel_requested" ? "cancel_requested_at" : "updated_at")
                ?? row.stamp("updated_at")
            if let asked, options.clock.date(asked) <= month.last { open.append((id, patient, status, date)) }
        }
        if month.previous.contains(date) { previous[status, default: 0] += 1 }
        guard month.contains(date) else { return }
        current[status, default: 0] += 1
        if let dentist {
            var load = dentists[dentist] ?? DentistLoad(dentistID: dentist, name: "")
            load.booked += 1
            if status == "completed" { load.completed += 1 }
            if status == "missed" { load.missed += 1 }
            if status == "cancelled" { load.cancelled += 1 }
            dentists[dentist] = load
        }
        let key = String(service ?? -1)
        services[key, default: ServiceCount(name: key)].booked += 1
        if status == "completed" { services[key]?.completed += 1 }
        if status == "missed" { services[key]?.missed += 1 }
        if status == "cancelled" { services[key]?.cancelled += 1 }
        if let time = row.time("time") { heatmap[date.weekday][min(23, time.parts.hour)] += 1 }
        if let created = row.stamp("created_at") {
            leadDays += Int64(date.daysSinceEpoch - options.clock.date(created).daysSinceEpoch)
            leadCount += 1
        }
    }

    var total: Int { current.values.reduce(0, +) }
    var previousTotal: Int { previous.values.reduce(0, +) }

    func newPatients(in month: YearMonth) -> Int { firstVisit.values.count { month.contains($0) } }

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
        section.openRequests = open.sorted { $0.date != $1.date ? $0.date < $1.date : $0.id < $1.id }.map {
            OpenRequest(
                appointmentID: $0.id, patient: people.name($0.patient), status: $0.status, date: $0.date.iso)
        }
        if leadCount > 0 {
            let tenths = (leadDays * 20 + leadCount) / (2 * leadCount)
            section.averageLeadDays = "\(tenths / 10).\(abs(tenths % 10))"
        }
        return section
    }
}
