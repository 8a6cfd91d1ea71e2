import ClinicPipeline

/// Computes the monthly report by streaming each table of a source once.
///
/// Memory holds per-patient and per-dentist figures and the month's bills, never whole tables.
public struct ReportBuilder {
    /// Where the data comes from.
    public var source: any Source
    /// What to report.
    public var options: ReportOptions

    /// Creates a builder.
    public init(source: any Source, options: ReportOptions) {
        self.source = source
        self.options = options
    }

    /// Builds the report.
    public func build() throws -> MonthlyReport {
        defer { source.close() }
        let available = try source.availableTables()
        try requireTables(available)
        var reader = TableReader(source: source, available: available)
        var report = MonthlyReport(
            month: options.month, timezone: options.clock.timeZone.identifier, kinds: options.kinds)
        if let name = options.clinicName {
            report.clinic = name
        } else if let name = try ClinicName.read(&reader) {
            report.clinic = name
        }
        let people = try People.read(&reader)
        let wantsBilling = options.kinds.contains(.billing)
        let wantsAppointments = options.kinds.contains(.appointments)
        var billing = BillingPass(options: options)
        var visits: AppointmentPass
        if options.pushDown, let sql = try SQLAggregates.usable(source, options: options) {
            let aggregates = SQLAggregates(source: sql, options: options)
            if wantsBilling { try aggregates.billing(into: &billing) }
            visits = AppointmentPass(options: options, wanted: [])
            if wantsAppointments { try aggregates.appointments(into: &visits) }
        } else {
            if wantsBilling {
                _ = try reader.each("api_billing") { billing.add($0) }
            }
            visits = AppointmentPass(options: options, wanted: billing.appointmentsOfMonth)
            if wantsBilling || wantsAppointments {
                _ = try reader.each("api_appointment") { visits.add($0) }
            }
        }
        if wantsBilling {
            report.billing = billing.section(
                people: people, appointments: visits.billed, topPatients: options.topPatients)
        }
        if wantsAppointments {
            var schedule = Schedule()
            _ = try reader.each("api_staffavailability") { schedule.add($0) }
            report.appointments = visits.section(people: people, schedule: schedule)
        }
        if options.kinds.contains(.inventory) {
            var stock = InventoryPass(options: options)
            _ = try reader.each("api_inventoryitem") { stock.add($0) }
            report.inventory = stock.section()
        }
        report.notes = reader.notes
        report.glance = Glance.make(report, billing: billing, visits: visits)
        report.trend = trend(billing: wantsBilling ? billing : nil, visits: wantsAppointments ? visits : nil)
        report.banners = banners(report, available: reader.available)
        return report
    }

    /// Refuses a source without the bills, appointments and people the asked-for sections are
    /// made of: a page of zeros would say "no flags" about data that was never there. (A missing
    /// schedule or inventory is said in a banner.)
    private func requireTables(_ available: Set<String>) throws {
        var needed: [String] = []
        if options.kinds.contains(.billing) { needed += ["api_billing", "api_appointment", "api_user"] }
        if options.kinds.contains(.appointments) { needed += ["api_appointment", "api_user"] }
        var missing: [String] = []
        for name in needed where !available.contains(name) && !missing.contains(name) { missing.append(name) }
        guard !missing.isEmpty else { return }
        throw ETLError(
            .badInput,
            "the source has no \(missing.joined(separator: ", ")) table\(missing.count == 1 ? "" : "s"), which the report is made of",
            hint:
                "point it at the clinic's database or a whole backup (`clinic-etl check SOURCE` lists what a source holds), or choose other --kind sections"
        ).at(location: source.displayName)
    }

    /// The twelve months ending with the report's, from the passes' month figures.
    private func trend(billing: BillingPass?, visits: AppointmentPass?) -> [TrendMonth] {
        guard billing != nil || visits != nil else { return [] }
        let money = billing?.trendMonths
        let counts = visits?.trendMonths
        return options.month.twelveMonths.enumerated().map { i, month in
            var t = TrendMonth(month: month)
            if let m = money?[i] {
                t.billed = m.billed
                t.collected = m.collected
                t.outstanding = m.outstanding
            }
            if let c = counts?[i] {
                let all = c.counts.values.reduce(0, +)
                t.appointments = all
                t.completed = c.counts["completed"] ?? 0
                t.missed = c.counts["missed"] ?? 0
                t.cancelled = c.counts["cancelled"] ?? 0
                t.noShowRate = Ratio(Int64(t.missed ?? 0), of: Int64(all))
                t.newPatients = c.newPatients
            }
            return t
        }
    }

    /// What a section lacks: its table, or data in the month.
    private func banners(_ report: MonthlyReport, available: Set<String>) -> [String] {
        var banners: [String] = []
        let month = options.month.name
        if let b = report.billing {
            if !available.contains("api_billing") {
                banners.append("No bills in this source: it has no api_billing table.")
            } else if b.current.billed.count == 0 {
                banners.append("No bills in \(month).")
            }
        }
        if let a = report.appointments {
            if !available.contains("api_appointment") {
                banners.append("No appointments in this source: it has no api_appointment table.")
            } else if a.total == 0 {
                banners.append("No appointments dated in \(month).")
            }
            if !available.contains("api_staffavailability") {
                banners.append(
                    "No staff schedule in this source (no api_staffavailability table): hours available and utilization are zero."
                )
            }
        }
        if let i = report.inventory {
            if !available.contains("api_inventoryitem") {
                banners.append("No inventory in this source: it has no api_inventoryitem table.")
            } else if i.items == 0 {
                banners.append("No inventory items in this source.")
            }
        }
        return banners
    }
}

/// Names and roles of users, for labels and the per-dentist table.
struct People {
    var names: [Int64: String] = [:]
    var dentists: [Int64] = []
    var services: [Int64: String] = [:]

    static func read(_ reader: inout TableReader) throws -> People {
        var people = People()
        _ = try reader.each("api_user") { row in
            guard let id = row.int("id") else { return }
            let name = (row.text("first_name") + " " + row.text("last_name")).trimmingCharacters(
                in: .whitespaces)
            people.names[id] = name.isEmpty ? row.text("username") : name
            if row.text("user_type") == "staff" && row.text("role") == "dentist" {
                people.dentists.append(id)
            }
        }
        _ = try reader.each("api_service") { row in
            if let id = row.int("id") { people.services[id] = row.text("name") }
        }
        people.dentists.sort()
        return people
    }

    /// Bills whose appointment is not recorded.
    static let noAppointment = "(bill without appointment)"
    /// Appointments assigned to no dentist.
    static let noDentist = "(appointment without dentist)"

    func name(_ id: Int64?) -> String {
        guard let id else { return "(none)" }
        return names[id] ?? "user \(id)"
    }

    func service(_ id: Int64?) -> String {
        guard let id else { return "(no service)" }
        return services[id] ?? "service \(id)"
    }
}

/// Weekly availability per staff member: minutes per weekday.
struct Schedule {
    var minutes: [Int64: [Int]] = [:]

    mutating func add(_ row: Fields) {
        guard row.bool("is_available"), let staff = row.int("staff_id"), let day = row.int("day_of_week"),
            (0...6).contains(day), let start = row.time("start_time"), let end = row.time("end_time"),
            end > start
        else { return }
        minutes[staff, default: Array(repeating: 0, count: 7)][Int(day)] +=
            Int((end.microseconds - start.microseconds) / 60_000_000)
    }

    /// Minutes available over every day of `month`.
    func available(_ staff: Int64, in month: YearMonth) -> Int {
        guard let week = minutes[staff] else { return 0 }
        return (0..<month.days).reduce(0) { $0 + week[month.first.adding(days: $1).weekday] }
    }
}
