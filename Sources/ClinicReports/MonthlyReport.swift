/// The monthly report: everything the renderers show, computed once from the data.
///
/// It is fully determined by the data and the options; no wall-clock time is inside. The JSON
/// form is this structure (`report.json`), documented in the README.
public struct MonthlyReport: Codable, Sendable {
    /// The month reported on.
    public var month: YearMonth
    /// The clinic's time zone, which decides which month an instant belongs to.
    public var timezone: String
    /// The currency of every amount.
    public var currency = "PHP"
    /// The sections included (`billing`, `inventory`, `appointments`).
    public var kinds: [ReportKind]
    /// Key figures and benchmark flags.
    public var glance = Glance()
    /// The billing section.
    public var billing: BillingSection?
    /// The inventory section.
    public var inventory: InventorySection?
    /// The appointments section.
    public var appointments: AppointmentSection?
    /// Things the reader should know (tables absent, rows left out).
    public var notes: [String] = []
}

/// The report's sections.
public enum ReportKind: String, Codable, Sendable, CaseIterable {
    /// Billed, collected, outstanding.
    case billing
    /// Stock snapshot.
    case inventory
    /// Appointment statistics.
    case appointments
}

/// The top of the report.
public struct Glance: Codable, Sendable {
    /// Key figures with the previous month beside them.
    public var figures: [KeyFigure] = []
    /// Practice-management benchmarks the month missed.
    public var flags: [Flag] = []
}

/// One key figure.
public struct KeyFigure: Codable, Sendable {
    /// What it is.
    public var name: String
    /// This month's value, formatted.
    public var value: String
    /// The previous month's value, formatted.
    public var previous: String
    /// The change, formatted (`+12.5%`, `+3`, `−0.4 pts`).
    public var change: String
}

/// A benchmark the month missed.
public struct Flag: Codable, Sendable {
    /// The benchmark.
    public var name: String
    /// Which figure tripped it, and its value.
    public var message: String
}

/// An amount and how many bills make it.
public struct Amount: Codable, Sendable, Equatable {
    /// Number of bills.
    public var count = 0
    /// Their total.
    public var total = Money.zero

    mutating func add(_ money: Money, count n: Int = 1) {
        count += n
        total += money
    }
}

/// Billing totals of one month.
public struct BillingTotals: Codable, Sendable {
    /// The month.
    public var month: YearMonth
    /// Every bill created in the month.
    public var billed = Amount()
    /// Bills with status paid.
    public var paid = Amount()
    /// Bills with status pending.
    public var pending = Amount()
    /// Bills with status cancelled.
    public var cancelled = Amount()

    /// Paid ÷ (billed − cancelled).
    public var collectionRate: Ratio {
        Ratio(paid.total.cents, of: billed.total.cents - cancelled.total.cents)
    }

    /// Billed = paid + pending + cancelled.
    public var reconciles: Bool {
        billed.total == paid.total + pending.total + cancelled.total
            && billed.count == paid.count + pending.count + cancelled.count
    }

    /// The average bill, `nil` without bills.
    public var averageBill: Money? { billed.total.divided(by: Int64(billed.count)) }
}

/// The billing section.
public struct BillingSection: Codable, Sendable {
    /// This month, the previous one, and the same month last year.
    public var current: BillingTotals
    /// The previous month.
    public var previous: BillingTotals
    /// The same month a year earlier.
    public var lastYear: BillingTotals
    /// Billed and collected per day of the month.
    public var daily: [DailyAmounts] = []
    /// Totals per service, through each bill's appointment.
    public var byService: [GroupAmounts] = []
    /// Totals per dentist, through each bill's appointment.
    public var byDentist: [GroupAmounts] = []
    /// Patients with the largest pending balance as of month end (all months).
    public var topOutstanding: [PatientBalance] = []
    /// Pending bills as of month end by age.
    public var aging: [AgingBucket] = []
}

/// One day's billing.
public struct DailyAmounts: Codable, Sendable {
    /// The day.
    public var date: String
    /// Billed that day.
    public var billed = Money.zero
    /// Billed that day and paid.
    public var collected = Money.zero
}

/// Billing of one service or dentist.
public struct GroupAmounts: Codable, Sendable {
    /// The service or dentist.
    public var name: String
    /// All bills.
    public var billed = Amount()
    /// Paid bills.
    public var collected = Money.zero
}

/// A patient's pending balance.
public struct PatientBalance: Codable, Sendable {
    /// The user id.
    public var patientID: Int64
    /// The patient's name.
    public var name: String
    /// Pending bills.
    public var balance: Amount
}

/// Pending bills of one age range.
public struct AgingBucket: Codable, Sendable {
    /// `0–30`, `31–60`, `61–90`, `90+` days.
    public var bucket: String
    /// The bills.
    public var amount = Amount()
}
