import Foundation

/// One table of the report, in the form every renderer shares: Markdown, CSV and HTML show the
/// same rows, each cell in its renderer's form.
public struct ReportTable: Sendable {
    /// One column: a snake_case key (the CSV header) and a title for people.
    public struct Column: Sendable, Equatable {
        /// The CSV header.
        public var key: String
        /// The heading people read.
        public var title: String
    }

    /// The CSV file name without extension.
    public var name: String
    /// The heading.
    public var title: String
    /// The columns.
    public var columns: [Column]
    /// The cells.
    public var rows: [[ReportCell]]
    /// A total row: shown last to people, and written to `<name>_total.csv` so the data file holds
    /// data rows only.
    public var total: [ReportCell]?
    /// Said instead of an empty table.
    public var empty = "None."
    /// A line under the title saying what the figures are.
    public var explanation: String?
    /// People read it with columns as rows (a few long rows would not fit the page).
    public var transposed = false

    init(
        name: String, title: String, columns: [(String, String)], rows: [[ReportCell]],
        total: [ReportCell]? = nil, empty: String = "None.", explanation: String? = nil,
        transposed: Bool = false
    ) {
        self.name = name
        self.title = title
        self.columns = columns.map { Column(key: $0.0, title: $0.1) }
        self.rows = rows
        self.total = total
        self.empty = empty
        self.explanation = explanation
        self.transposed = transposed
    }

    /// Which columns hold numbers, to align them right.
    public var numericColumns: [Bool] {
        columns.indices.map { c in
            let cells = (rows + [total ?? []]).compactMap { c < $0.count ? $0[c] : nil }.filter {
                $0 != .none
            }
            return !cells.isEmpty && cells.allSatisfy(\.isNumeric)
        }
    }

    /// People-facing renderers show at most this many rows; CSV and JSON have them all.
    public static let shownRows = 25

    /// The rows people see, and how many were left out.
    public var shown: (rows: [[ReportCell]], hidden: Int) {
        rows.count <= Self.shownRows
            ? (rows, 0) : (Array(rows.prefix(Self.shownRows)), rows.count - Self.shownRows)
    }

    /// The table as people read it: display text, transposed if asked, the total last.
    public var forPeople: PeopleTable {
        let (kept, hidden) = shown
        let all = kept + (total.map { [$0] } ?? [])
        guard transposed else {
            return PeopleTable(
                head: columns.map(\.title), rows: all.map { $0.map(\.display) }, numeric: numericColumns,
                lastIsTotal: total != nil, firstColumnIsHeading: false, hidden: hidden)
        }
        return PeopleTable(
            head: [columns[0].title] + all.map { $0[0].display },
            rows: columns.indices.dropFirst().map { c in [columns[c].title] + all.map { $0[c].display } },
            numeric: [false] + all.map { _ in true }, lastIsTotal: false, firstColumnIsHeading: true,
            hidden: hidden)
    }
}

/// A report table as text for people, ready for HTML or Markdown.
public struct PeopleTable: Sendable {
    /// The column headings.
    public var head: [String]
    /// The rows' cells.
    public var rows: [[String]]
    /// Which columns to align right.
    public var numeric: [Bool]
    /// Whether the last row is the total.
    public var lastIsTotal: Bool
    /// Whether each row starts with its heading (a transposed table).
    public var firstColumnIsHeading: Bool
    /// Rows left out (they are in the CSV).
    public var hidden: Int
}

/// Appointment statuses in words.
enum StatusWords {
    static func words(_ status: String) -> String {
        switch status {
        case "pending": "Pending"
        case "confirmed": "Confirmed"
        case "completed": "Completed"
        case "missed": "Missed (no-show)"
        case "cancelled": "Cancelled"
        case "reschedule_requested": "Reschedule requested"
        case "cancel_requested": "Cancel requested"
        case "paid": "Paid"
        default:
            status.isEmpty
                ? "(no status)"
                : status.prefix(1).uppercased() + status.dropFirst().replacingOccurrences(of: "_", with: " ")
        }
    }

    static func cell(_ status: String) -> ReportCell { .label(code: status, words: words(status)) }
}
