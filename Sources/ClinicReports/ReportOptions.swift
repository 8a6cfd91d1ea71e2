/// What to report on and how.
public struct ReportOptions: Sendable {
    /// The month.
    public var month: YearMonth
    /// The clinic's clock (time zone).
    public var clock: ClinicClock
    /// The sections to include.
    public var kinds: [ReportKind]
    /// The length of one appointment, for utilization (the schema has no duration).
    public var slotMinutes: Int
    /// How many patients the outstanding-balance list shows.
    public var topPatients: Int
    /// The clinic's name as the report shows it; `nil` takes it from `api_cliniclocation`.
    public var clinicName: String?
    /// Let a database source aggregate bills and appointments itself (much faster on large data).
    public var pushDown: Bool

    /// Creates options.
    public init(
        month: YearMonth, clock: ClinicClock, kinds: [ReportKind] = ReportKind.allCases,
        slotMinutes: Int = 60,
        topPatients: Int = 10, pushDown: Bool = true, clinicName: String? = nil
    ) {
        self.clinicName = clinicName
        self.month = month
        self.clock = clock
        self.kinds = kinds
        self.slotMinutes = slotMinutes
        self.topPatients = topPatients
        self.pushDown = pushDown
    }
}
