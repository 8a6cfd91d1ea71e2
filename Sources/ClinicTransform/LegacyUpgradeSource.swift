import ClinicPipeline
import ClinicSchema

/// Brings the app's own older data up to the current model (`--upgrade-legacy`).
///
/// - A bill with the legacy `paid` flag and no status (the column missing, NULL or empty) gets
///   `paid` or `pending` from the flag.
/// - Rows of the deprecated `api_dentistnotification` are also carried into
///   `api_appointmentnotification` (the dentist is the recipient), unless the same notification is
///   there already; the old table is still copied, as the spec keeps it for backward compatibility.
public final class LegacyUpgradeSource: Source {
    private let inner: any Source
    private let catalog: Catalog

    /// What the upgrade did, for the summary.
    public private(set) var statusesFromFlag = 0
    /// Dentist notifications carried over.
    public private(set) var notificationsCarried = 0
    /// Dentist notifications that were already appointment notifications.
    public private(set) var notificationsAlreadyThere = 0

    public var displayName: String { inner.displayName }

    /// Upgrades the rows of `inner`.
    public init(_ inner: any Source, catalog: Catalog = .clinic) {
        self.inner = inner
        self.catalog = catalog
    }

    public func columnOrder(of table: Table) -> [String]? { inner.columnOrder(of: table) }

    public func availableTables() throws -> Set<String> {
        var tables = try inner.availableTables()
        if tables.contains("api_dentistnotification") { tables.insert("api_appointmentnotification") }
        return tables
    }

    public func open(_ table: Table) throws -> any RowCursor {
        switch table.name {
        case "api_billing":
            return BillingStatusCursor(try inner.open(table), table: table, upgraded: self)
        case "api_appointmentnotification":
            guard try inner.availableTables().contains("api_dentistnotification"),
                let legacy = catalog.table(named: "api_dentistnotification")
            else { return try inner.open(table) }
            let current = try inner.availableTables().contains(table.name) ? try inner.open(table) : nil
            return CarriedNotificationCursor(
                current: current, table: table, legacy: legacy, source: inner, upgraded: self)
        default:
            return try inner.open(table)
        }
    }

    public func close() { inner.close() }

    public func isPartial(_ table: Table) -> Bool { inner.isPartial(table) }

    func noteStatus() { statusesFromFlag += 1 }
    func noteCarried(_ carried: Bool) {
        if carried { notificationsCarried += 1 } else { notificationsAlreadyThere += 1 }
    }
}

/// Bills whose status the legacy flag decides.
final class BillingStatusCursor: RowCursor {
    private let inner: any RowCursor
    private let status: Int?
    private let paid: Int?
    private let hasStatus: Bool
    private let hasPaid: Bool
    private unowned let upgraded: LegacyUpgradeSource

    init(_ inner: any RowCursor, table: Table, upgraded: LegacyUpgradeSource) {
        self.inner = inner
        self.upgraded = upgraded
        status = table.index(of: "status")
        paid = table.index(of: "paid")
        hasStatus = inner.provides("status")
        hasPaid = inner.provides("paid")
    }

    var location: String { inner.location }
    var rawHeader: [UInt8] { inner.rawHeader }
    func rawRecord() -> [UInt8] { inner.rawRecord() }
    func provides(_ column: String) -> Bool { inner.provides(column) }

    func next() throws -> SourceRow? {
        guard var row = try inner.next() else { return nil }
        guard let status, let paid, hasPaid, case .boolean(let flag) = row.values[paid] else {
            return row
        }
        let missing: Bool
        switch row.values[status] {
        case .null: missing = true
        case .text(let text): missing = text.isEmpty || !hasStatus
        default: missing = false
        }
        if missing {
            row.values[status] = .text(flag ? "paid" : "pending")
            row.problems.removeAll { $0.column == "status" }
            upgraded.noteStatus()
        }
        return row
    }
}

/// The current notifications, then the legacy dentist notifications not among them.
final class CarriedNotificationCursor: RowCursor {
    /// The current table's rows, until they are all read.
    private var current: (any RowCursor)?
    /// The legacy table's rows, once the current ones are read.
    private var carried: (any RowCursor)?
    /// The last row carried over, which rejects show in the current table's columns.
    private var carriedRow: Row?
    private let table: Table
    private let legacy: Table
    private let source: any Source
    private unowned let upgraded: LegacyUpgradeSource
    /// For each column of the current table, the legacy column it comes from.
    private let fromLegacy: [Int?]
    /// What makes two notifications the same one (who, which appointment, what, when), in each table.
    private let key: [Int]
    private let legacyKey: [Int]
    private let idIndex: Int?
    private var seen: Set<[Value]> = []
    private var highestID: Int64 = 0

    init(
        current: (any RowCursor)?, table: Table, legacy: Table, source: any Source,
        upgraded: LegacyUpgradeSource
    ) {
        self.current = current
        self.table = table
        self.legacy = legacy
        self.source = source
        self.upgraded = upgraded
        let legacyName = { (name: String) in name == "recipient_id" ? "dentist_id" : name }
        fromLegacy = table.columns.map { legacy.index(of: legacyName($0.name)) }
        let keyNames = ["recipient_id", "appointment_id", "notification_type", "created_at"]
        key = keyNames.compactMap(table.index(of:))
        legacyKey = keyNames.map(legacyName).compactMap(legacy.index(of:))
        idIndex = table.index(of: "id")
    }

    var location: String { carried?.location ?? current?.location ?? "" }
    var rawHeader: [UInt8] { carried == nil ? current?.rawHeader ?? [] : CSVLine.header(table.columnNames) }
    func rawRecord() -> [UInt8] { carriedRow.map(CSVLine.encode) ?? current?.rawRecord() ?? [] }

    func next() throws -> SourceRow? {
        if let current {
            if let row = try current.next() {
                seen.insert(key.map { row.values[$0] })
                if let id = idIndex, case .integer(let n) = row.values[id] { highestID = max(highestID, n) }
                return row
            }
            self.current = nil
        }
        if carried == nil { carried = try source.open(legacy) }
        guard let carried else { return nil }
        while let old = try carried.next() {
            guard old.problems.isEmpty else { continue }
            if seen.contains(legacyKey.map { old.values[$0] }) {
                upgraded.noteCarried(false)
                continue
            }
            var row = SourceRow(values: fromLegacy.map { $0.map { old.values[$0] } ?? .null }, line: old.line)
            // New ids above the current table's, in the legacy table's order: the same data gives the same ids.
            highestID += 1
            if let id = idIndex { row.values[id] = .integer(highestID) }
            carriedRow = row.values
            upgraded.noteCarried(true)
            return row
        }
        return nil
    }
}
