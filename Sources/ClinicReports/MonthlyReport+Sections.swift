/// The inventory section: a snapshot, since the table keeps no history.
public struct InventorySection: Codable, Sendable {
    /// Number of items.
    public var items = 0
    /// Σ quantity × cost.
    public var stockValue = Money.zero
    /// Items and value per category.
    public var categories: [CategoryStock] = []
    /// Items at or below their minimum, grouped by supplier as purchase lists.
    public var purchaseLists: [PurchaseList] = []
    /// Items with nothing left.
    public var outOfStock: [StockItem] = []
    /// Items not updated for 90 days or more as of month end.
    public var stale: [StockItem] = []
}

/// Stock of one category.
public struct CategoryStock: Codable, Sendable {
    /// The category.
    public var category: String
    /// Number of items.
    public var items = 0
    /// Units on hand.
    public var units: Int64 = 0
    /// Σ quantity × cost.
    public var value = Money.zero
}

/// One inventory item as the report lists it.
public struct StockItem: Codable, Sendable {
    /// The item id.
    public var id: Int64
    /// Its name.
    public var name: String
    /// Its category.
    public var category: String
    /// Its supplier.
    public var supplier: String
    /// Units on hand.
    public var quantity: Int64
    /// The minimum stock level.
    public var minStock: Int64
    /// Unit cost.
    public var cost: Money
    /// min_stock − quantity.
    public var shortage: Int64
    /// Suggested order: enough to reach twice the minimum.
    public var reorder: Int64
    /// reorder × cost.
    public var reorderCost: Money
    /// Last update, local date; `nil` when unknown.
    public var updated: String?
    /// Days since the last update as of month end.
    public var daysSinceUpdate: Int
}

/// What to order from one supplier.
public struct PurchaseList: Codable, Sendable {
    /// The supplier (`(no supplier)` when blank).
    public var supplier: String
    /// The items, largest shortage first.
    public var items: [StockItem]
    /// Σ reorder cost.
    public var total: Money
}

/// The appointments section.
public struct AppointmentSection: Codable, Sendable {
    /// Appointments dated in the month.
    public var total = 0
    /// Appointments dated in the previous month.
    public var previousTotal = 0
    /// Counts per status, with the previous month's.
    public var byStatus: [StatusCount] = []
    /// completed ÷ total.
    public var completionRate = Ratio(0, of: 0)
    /// missed ÷ total.
    public var noShowRate = Ratio(0, of: 0)
    /// cancelled ÷ total.
    public var cancellationRate = Ratio(0, of: 0)
    /// The previous month's completion rate.
    public var previousCompletionRate = Ratio(0, of: 0)
    /// The previous month's no-show rate.
    public var previousNoShowRate = Ratio(0, of: 0)
    /// The previous month's cancellation rate.
    public var previousCancellationRate = Ratio(0, of: 0)
    /// The slot length used for utilization.
    public var slotMinutes = 60
    /// Per dentist.
    public var byDentist: [DentistLoad] = []
    /// Per service.
    public var byService: [ServiceCount] = []
    /// Counts per weekday (0 = Sunday) and hour.
    public var heatmap: [[Int]] = Array(repeating: Array(repeating: 0, count: 24), count: 7)
    /// Patients whose first appointment ever is in this month.
    public var newPatients = 0
    /// How many reschedule and cancel requests are still open at month end.
    public var openRequestCount = 0
    /// The oldest of them (at most `AppointmentSection.listedRequests`).
    public var openRequests: [OpenRequest] = []

    /// How many open requests the report lists; the count covers them all.
    public static let listedRequests = 200
    /// Average days from booking to the appointment, one decimal.
    public var averageLeadDays: DecimalNumber?
}

/// One status's count.
public struct StatusCount: Codable, Sendable {
    /// The status.
    public var status: String
    /// This month.
    public var count = 0
    /// The previous month.
    public var previous = 0
}

/// One dentist's month.
public struct DentistLoad: Codable, Sendable {
    /// The user id.
    public var dentistID: Int64
    /// The dentist's name.
    public var name: String
    /// Appointments assigned (any status).
    public var booked = 0
    /// Completed.
    public var completed = 0
    /// Missed.
    public var missed = 0
    /// Cancelled.
    public var cancelled = 0
    /// Hours available from the weekly schedule over the month's days, in minutes.
    public var availableMinutes = 0
    /// (booked − cancelled) × slot length, in minutes.
    public var bookedMinutes = 0
    /// booked ÷ available minutes.
    public var utilization = Ratio(0, of: 0)
}

/// One service's month.
public struct ServiceCount: Codable, Sendable {
    /// The service.
    public var name: String
    /// Appointments.
    public var booked = 0
    /// Completed.
    public var completed = 0
    /// Missed.
    public var missed = 0
    /// Cancelled.
    public var cancelled = 0
}

/// A request not yet handled.
public struct OpenRequest: Codable, Sendable {
    /// The appointment id.
    public var appointmentID: Int64
    /// The patient's name.
    public var patient: String
    /// `reschedule_requested` or `cancel_requested`.
    public var status: String
    /// The appointment's date.
    public var date: String
}
