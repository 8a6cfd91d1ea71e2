import ClinicPipeline
import ClinicSchema

/// The billing and appointment figures aggregated by PostgreSQL itself, so a report over a large
/// database reads thousands of grouped rows instead of every bill and appointment.
///
/// The groups feed the same passes the streaming path uses, so both give the same report.
struct SQLAggregates {
    let source: any SQLQuerySource
    let options: ReportOptions

    /// Whether the source can take the work: PostgreSQL, both tables present, and a time zone it knows.
    static func usable(_ source: any Source, options: ReportOptions) throws -> (any SQLQuerySource)? {
        let zone = options.clock.timeZone.identifier
        guard let sql = source as? any SQLQuerySource, sql.dialect == .postgres, namesZoneFile(zone),
            try source.availableTables().isSuperset(of: ["api_billing", "api_appointment"])
        else { return nil }
        // Trying the zone costs a fraction of a millisecond; listing pg_timezone_names reads every
        // zone file (about 50 ms). An unknown name fails the statement, so it runs in a savepoint.
        try sql.query("SAVEPOINT clinic_zone_check", []) { _ in }
        do {
            try sql.query("SELECT now() AT TIME ZONE $1", [zone]) { _ in }
        } catch {
            try sql.query("ROLLBACK TO SAVEPOINT clinic_zone_check", []) { _ in }
            return nil
        }
        try sql.query("RELEASE SAVEPOINT clinic_zone_check", []) { _ in }
        return sql
    }

    /// Whether `identifier` is a tz database name, read the same way by PostgreSQL; Foundation's
    /// fixed offsets (`GMT+0800`) are not, since PostgreSQL reads such a name POSIX-style, with the
    /// sign reversed.
    static func namesZoneFile(_ identifier: String) -> Bool {
        guard identifier.hasPrefix("GMT") || identifier.hasPrefix("UTC") else { return true }
        return !identifier.dropFirst(3).contains { $0 == "+" || $0 == "-" }
    }

    private var zone: String { options.clock.timeZone.identifier }

    /// The instant a local day begins, as a SQL parameter; ranges on instants need no
    /// per-row time-zone conversion.
    private func instant(_ day: LocalDate) -> String {
        Value.timestamp(options.clock.start(of: day)).postgresText ?? ""
    }

    func billing(into pass: inout BillingPass) throws {
        let m = options.month
        let local = "(created_at AT TIME ZONE $1)::date"
        let monthEnd = instant(m.last.adding(days: 1))
        // Totals by month and status over the thirteen months from the same month last year: the
        // three months compared and the trend, in one scan. Each bill's month is found among the
        // months' first instants (width_bucket), which is cheaper than a time-zone conversion per row.
        let months = (0...12).map { m.lastYear.adding(months: $0) }
        let starts = "{" + months.map { "\"\(instant($0.first))\"" }.joined(separator: ",") + "}"
        let totals = """
            SELECT width_bucket(created_at, $1::timestamptz[]), status, count(*), sum(amount) FROM api_billing
            WHERE created_at >= $2 AND created_at < $3
            GROUP BY 1, 2
            """
        try source.query(totals, [starts, instant(m.lastYear.first), monthEnd]) {
            guard let bucket = int($0[0]), months.indices.contains(Int(bucket) - 1), let status = $0[1] else {
                return
            }
            pass.total(months[Int(bucket) - 1], status, money($0[3]), count($0[2]))
        }
        // The month per day, and per service and dentist through each bill's appointment.
        let month = """
            SELECT (b.created_at AT TIME ZONE $1)::date, b.status, a.id IS NOT NULL, a.service_id, a.dentist_id,
                   count(*), sum(b.amount)
            FROM api_billing AS b LEFT JOIN api_appointment AS a ON a.id = b.appointment_id
            WHERE b.created_at >= $2 AND b.created_at < $3
            GROUP BY 1, 2, 3, 4, 5
            """
        try source.query(month, [zone, instant(m.first), monthEnd]) { row in
            guard let day = date(row[0]), let status = row[1] else { return }
            let amount = money(row[6])
            pass.daily(day, status, amount)
            let visit = row[2] == "t" ? BillingPass.Visit(service: int(row[3]), dentist: int(row[4])) : nil
            pass.bills.append(
                BillingPass.MonthBill(
                    appointment: nil, visit: visit, amount: amount, count: count(row[5]),
                    paid: status == "paid"))
        }
        // Pending bills by day (aging) and by patient (balances), as of month end.
        let pending = """
            SELECT \(local), count(*), sum(amount) FROM api_billing
            WHERE status = 'pending' AND created_at < $2 GROUP BY 1
            """
        try source.query(pending, [zone, monthEnd]) { row in
            if let day = date(row[0]) { pass.pending(day, money(row[2]), count(row[1])) }
        }
        let owed = """
            SELECT patient_id, count(*), sum(amount) FROM api_billing
            WHERE status = 'pending' AND created_at < $1 GROUP BY 1
            """
        try source.query(owed, [monthEnd]) { row in
            if let patient = int(row[0]) { pass.owed(patient, money(row[2]), count(row[1])) }
        }
    }

    func appointments(into pass: inout AppointmentPass) throws {
        let m = options.month
        // One scan of the trend's twelve months. The inner aggregate (parallel, one key per row)
        // keeps the detail of the report's month only; the others collapse to day and status. The
        // five groupings then run over those groups, not over every appointment: by day and
        // status (the trend and the two months compared), and for the month by dentist, service,
        // weekday × hour, and in all (lead time).
        let grouped = """
            SELECT d, recent, status, dentist_id, service_id, dow, hour, sum(n), sum(lead), sum(leads),
                   GROUPING(d, recent, status, dentist_id, service_id, dow, hour)
            FROM (SELECT date AS d, date >= $3::date AS recent, status,
                         CASE WHEN date >= $3::date THEN dentist_id END AS dentist_id,
                         CASE WHEN date >= $3::date THEN service_id END AS service_id,
                         CASE WHEN date >= $3::date THEN extract(dow FROM date)::int END AS dow,
                         CASE WHEN date >= $3::date THEN extract(hour FROM time)::int END AS hour,
                         count(*) AS n,
                         sum(CASE WHEN date >= $3::date THEN date - (created_at AT TIME ZONE $1)::date END) AS lead,
                         count(CASE WHEN date >= $3::date THEN created_at END) AS leads
                  FROM api_appointment WHERE date BETWEEN $2::date AND $4::date
                  GROUP BY 1, 2, 3, 4, 5, 6, 7) AS a
            GROUP BY GROUPING SETS ((d, status), (recent, dentist_id, status), (recent, service_id, status),
                                   (recent, dow, hour), (recent))
            """
        let start = m.adding(months: -11).first
        try source.query(grouped, [zone, start.iso, m.first.iso, m.last.iso]) { row in
            let inMonth = row[1] == "t"
            let n = count(row[7])
            switch int(row[10]) {
            case 0b0101111:
                if let day = date(row[0]), let status = row[2] { pass.tally(status, in: YearMonth(day), n) }
            case 0b1000111:
                if inMonth, let status = row[2], let dentist = int(row[3]) { pass.load(dentist, status, n) }
            case 0b1001011: if inMonth, let status = row[2] { pass.perService(int(row[4]), status, n) }
            case 0b1011100:
                if inMonth, let dow = int(row[5]), let hour = int(row[6]) {
                    pass.slot(weekday: Int(dow), hour: Int(hour), n)
                }
            case 0b1011111: if inMonth { pass.lead(days: int(row[8]) ?? 0, of: int(row[9]) ?? 0) }
            default: break
            }
        }
        // New patients per month of the trend: first appointments ever.
        let firsts = """
            SELECT to_char(first, 'YYYY-MM'), count(*)
            FROM (SELECT min(date) AS first FROM api_appointment GROUP BY patient_id) AS f
            WHERE first BETWEEN $1::date AND $2::date GROUP BY 1
            """
        var counted: [YearMonth: Int] = [:]
        try source.query(firsts, [start.iso, m.last.iso]) {
            if let month = $0[0].flatMap(YearMonth.init) { counted[month] = count($0[1]) }
        }
        pass.counted = counted
        // Open requests: how many, and the oldest ones listed.
        let open = """
            SELECT id, patient_id, status, date, count(*) OVER () FROM api_appointment
            WHERE status IN ('reschedule_requested', 'cancel_requested')
              AND coalesce(CASE WHEN status = 'cancel_requested' THEN cancel_requested_at END, updated_at) < $1
            ORDER BY date, id LIMIT \(AppointmentSection.listedRequests)
            """
        pass.openCount = 0
        try source.query(open, [instant(m.last.adding(days: 1))]) { row in
            guard let id = int(row[0]), let patient = int(row[1]), let status = row[2], let day = date(row[3])
            else {
                return
            }
            pass.open.append((id, patient, status, day))
            pass.openCount = count(row[4])
        }
    }

    private func count(_ text: String?) -> Int { text.flatMap { Int($0) } ?? 0 }

    private func int(_ text: String?) -> Int64? { text.flatMap { Int64($0) } }

    private func date(_ text: String?) -> LocalDate? {
        guard let text, case .date(let d) = try? Value.parse(text, type: .date) else { return nil }
        return d
    }

    private func money(_ text: String?) -> Money {
        text.flatMap { ExactDecimal.parse($0) }.map { Money($0) } ?? .zero
    }
}
