/// One cell of a report table, typed, so each renderer gives it its own form: CSV a plain
/// number (`117602.75`, `0.9753`, an empty cell for none), people `₱117,602.75`, `97.5%`, `–`.
public enum ReportCell: Sendable, Equatable {
    /// A name, the same for everyone.
    case text(String)
    /// A code for machines and words for people (`reschedule_requested`, `Reschedule requested`).
    case label(code: String, words: String)
    /// An amount.
    case money(Money)
    /// A count.
    case count(Int)
    /// A rate: a fraction in files, a percentage for people.
    case rate(Ratio)
    /// A duration: minutes in files, `h:mm` for people.
    case minutes(Int)
    /// A plain number (`7.3` days).
    case number(DecimalNumber)
    /// A relative change in ten-thousandths: `2.4` in files, `+240.0%` for people.
    case relativeChange(Int64)
    /// A difference of rates in ten-thousandths: `0.09` in files, `+9.0 pts` for people.
    case pointsChange(Int64)
    /// A difference of counts: `5` in files, `+5` for people.
    case delta(Int)
    /// A yes or no: `true`/`false` in files.
    case yes(Bool)
    /// Nothing: an empty cell in files, `–` for people.
    case none

    /// The form CSV carries; `nil` for none (an empty cell).
    public var file: String? {
        switch self {
        case .text(let s): s
        case .label(let code, _): code
        case .money(let m): m.description
        case .count(let n): String(n)
        case .rate(let r): r.permyriad == nil ? nil : r.fraction
        case .minutes(let m): String(m)
        case .number(let d): d.description
        case .relativeChange(let p), .pointsChange(let p): DecimalNumber(p, scale: 4).description
        case .delta(let n): String(n)
        case .yes(let b): b ? "true" : "false"
        case .none: nil
        }
    }

    /// The form people read.
    public var display: String {
        switch self {
        case .text(let s): s
        case .label(_, let words): words
        case .money(let m): m.display
        case .count(let n): Display.count(Int64(n))
        case .rate(let r): Display.percent(r.permyriad)
        case .minutes(let m): Display.hours(m)
        case .number(let d): d.description
        case .relativeChange(let p): Display.relative(p)
        case .pointsChange(let p): Display.points(p)
        case .delta(let n): Display.delta(Int64(n))
        case .yes(let b): b ? "yes" : "NO"
        case .none: "–"
        }
    }

    /// Whether it is a number, aligned right.
    var isNumeric: Bool {
        switch self {
        case .text, .label, .yes: false
        default: true
        }
    }
}
