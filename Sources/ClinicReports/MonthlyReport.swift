/// The monthly report: everything the renderers show, computed once from the data.
///
/// It is fully determined by the data and the options; no wall-clock time is inside. The JSON
/// form is this structure (`report.json`), documented in the README.
public struct MonthlyReport: Codable, Sendable {
    /// The clinic's name: `--clinic-name`, else from `api_cliniclocation`, else `Clinic`.
    public var clinic = "Clinic"
    /// The month reported on.
    public var month: YearMonth
    /// The clinic's time zone, which decides which month an instant belongs to.
    public var timezone: String
    /// The currency of every amount.
    public var currency = "PHP"
    /// The sections included (`billing`, `inventory`, `appointments`).
    public var kinds: [ReportKind]
    /// What the report could not show, shown at the top and warned about on stderr.
    ///
    /// A section's table absent from the source, or a month without data (`No bills in this source`).
    public var banners: [String] = []
    /// Key figures and benchmark flags.
    public var glance = Glance()
    /// The twelve months ending with this one, oldest first.
    public var trend: [TrendMonth] = []
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

/// One key figure: numbers only, formatted by the renderers according to `unit`.
public struct KeyFigure: Codable, Sendable {
    /// A stable name for machines (`billed`, `no_show_rate`).
    public var key: String
    /// What it is, for people.
    public var name: String
    /// How to read the numbers.
    public var unit: FigureUnit
    /// This month's value: pesos, a count or a fraction; `nil` when undefined.
    public var value: DecimalNumber?
    /// The previous month's value; `nil` when undefined or not kept (inventory has no history).
    public var previous: DecimalNumber?
    /// The change: a relative fraction for amounts (`0.052` = +5.2%), the difference for counts,
    /// the difference of the fractions for rates (`-0.048` = −4.8 points); `nil` when undefined.
    public var change: DecimalNumber?
    /// What the figure counts, when its name alone could mislead.
    public var explanation: String?
}

/// The unit of a key figure.
public enum FigureUnit: String, Codable, Sendable {
    /// Pesos.
    case money
    /// A count.
    case count
    /// A fraction between 0 and 1.
    case rate
}

/// A benchmark the month missed, as numbers; `message` says it in words.
public struct Flag: Codable, Sendable {
    /// Which benchmark: `collection_rate`, `lost_appointments`, `out_of_stock`.
    public var key: String
    /// The benchmark, for people.
    public var name: String
    /// What tripped it: a fraction, or a count.
    public var value: DecimalNumber
    /// The figures the value was made of (collected and billed net of cancellations; lost and
    /// scheduled appointments), when it is a rate.
    public var part: DecimalNumber?
    /// See `part`.
    public var whole: DecimalNumber?
    /// The things it names (out-of-stock items), one per line when shown.
    public var items: [String] = []

    /// The flag in words.
    public var message: String {
        switch key {
        case "collection_rate":
            let rate = Display.percent(value.units(scale: 4))
            return
                "Collection rate was \(rate) (collected \(Money(part?.value ?? .init(units: 0, scale: 0)).display) "
                + "of \(Money(whole?.value ?? .init(units: 0, scale: 0)).display) billed net of cancellations)."
        case "lost_appointments":
            let share = Display.percent(value.units(scale: 4))
            return
                "\(count(part)) of \(count(whole)) scheduled appointments (\(share)) were cancelled or missed."
        default:
            let n = value.units(scale: 0) ?? 0
            return "\(Display.count(n)) item\(n == 1 ? " is" : "s are") out of stock:"
        }
    }

    /// The items people see under the flag (the first ten), and a line for the rest.
    var shownItems: (items: [String], more: String?) {
        guard items.count > 10 else { return (items, nil) }
        return (
            Array(items.prefix(10)),
            "… and \(Display.count(Int64(items.count - 10))) more: see “Out of stock”"
        )
    }

    private func count(_ n: DecimalNumber?) -> String { Display.count(n?.units(scale: 0) ?? 0) }
}

/// One month of the trend; a part is `nil` when its section was not asked for.
public struct TrendMonth: Codable, Sendable, Equatable {
    /// The month.
    public var month: YearMonth
    /// Every bill created in the month.
    public var billed: Money?
    /// Bills created in the month and paid.
    public var collected: Money?
    /// All bills created by the month's end that are pending.
    public var outstanding: Money?
    /// Appointments dated in the month (any status).
    public var appointments: Int?
    /// Completed.
    public var completed: Int?
    /// Missed.
    public var missed: Int?
    /// Cancelled.
    public var cancelled: Int?
    /// missed ÷ appointments (`nil` in JSON without appointments).
    public var noShowRate: Ratio?
    /// Patients whose first appointment ever is in the month.
    public var newPatients: Int?
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
    /// `0-30`, `31-60`, `61-90`, `90+` days.
    public var bucket: String
    /// The youngest age in the range, in days.
    public var fromDays: Int
    /// The oldest, `nil` for the open range.
    public var toDays: Int?
    /// The bills.
    public var amount = Amount()
}
