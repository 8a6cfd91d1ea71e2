import ClinicPipeline
import ClinicSchema

/// A date/time layout as spreadsheets and older systems write them (`MM/dd/yyyy`,
/// `dd.MM.yyyy hh:mm a`), or `serial` for spreadsheet day numbers.
///
/// Fields: `yyyy`, `yy`, `MMMM`/`MMM` (month names), `MM`/`M`, `dd`/`d`, `HH`/`H`, `hh`/`h` (with
/// `a` for AM/PM), `mm`, `ss`. Numeric fields take one or two digits, as spreadsheets drop leading
/// zeros; a space in the layout takes any run of spaces.
struct DateLayout {
    private enum Token: Equatable {
        case year4, year2, monthName, month, day, hour24, hour12, minute, second, meridiem
        case literal(Character)
        case space
    }

    private let tokens: [Token]
    private let serial: Bool
    let text: String

    init(_ layout: String) {
        text = layout
        serial = layout.lowercased() == "serial"
        var tokens: [Token] = []
        var chars = Array(layout)[...]
        func take(_ c: Character) -> Int {
            var n = 0
            while chars.first == c {
                chars.removeFirst()
                n += 1
            }
            return n
        }
        while let c = chars.first {
            switch c {
            case "y": tokens.append(take("y") >= 4 ? .year4 : .year2)
            case "M": tokens.append(take("M") >= 3 ? .monthName : .month)
            case "d":
                _ = take("d")
                tokens.append(.day)
            case "H":
                _ = take("H")
                tokens.append(.hour24)
            case "h":
                _ = take("h")
                tokens.append(.hour12)
            case "m":
                _ = take("m")
                tokens.append(.minute)
            case "s":
                _ = take("s")
                tokens.append(.second)
            case "a":
                _ = take("a")
                tokens.append(.meridiem)
            case " ":
                _ = take(" ")
                tokens.append(.space)
            default:
                chars.removeFirst()
                tokens.append(.literal(c))
            }
        }
        self.tokens = tokens
    }

    /// The parts read from `text`, or `nil` when it does not follow the layout.
    func parse(_ text: String) -> (date: LocalDate?, time: LocalTime?)? {
        if serial { return parseSerial(text) }
        var chars = Array(text)[...]
        var year: Int?
        var month: Int?
        var day: Int?
        var hour: Int?
        var minute = 0
        var second = 0
        var pm: Bool?
        func digits(_ min: Int, _ max: Int) -> Int? {
            var value = 0
            var n = 0
            while n < max, let c = chars.first, let d = c.wholeNumberValue, c.isASCII {
                value = value * 10 + d
                n += 1
                chars.removeFirst()
            }
            return n >= min ? value : nil
        }
        for token in tokens {
            switch token {
            case .year4:
                guard let v = digits(4, 4) else { return nil }
                year = v
            case .year2:
                guard let v = digits(2, 2) else { return nil }
                // Two-digit years: the nearest century that does not put the date in the future.
                year = v <= DateLayout.currentYear % 100 ? 2000 + v : 1900 + v
            case .month:
                guard let v = digits(1, 2) else { return nil }
                month = v
            case .monthName:
                let word = String(chars.prefix { $0.isLetter }).lowercased()
                // Full names and their abbreviations (`Sep`, `Sept.` is `Sept` then a literal).
                guard word.count >= 3, let index = DateLayout.months.firstIndex(where: { $0.hasPrefix(word) })
                else { return nil }
                chars.removeFirst(word.count)
                month = index + 1
            case .day:
                guard let v = digits(1, 2) else { return nil }
                day = v
            case .hour24, .hour12:
                guard let v = digits(1, 2) else { return nil }
                hour = v
            case .minute:
                guard let v = digits(1, 2) else { return nil }
                minute = v
            case .second:
                guard let v = digits(1, 2) else { return nil }
                second = v
            case .meridiem:
                let word = String(chars.prefix(2)).lowercased()
                guard word == "am" || word == "pm" else { return nil }
                chars.removeFirst(2)
                pm = word == "pm"
            case .space:
                guard chars.first?.isWhitespace == true else { return nil }
                while chars.first?.isWhitespace == true { chars.removeFirst() }
            case .literal(let c):
                guard chars.first == c else { return nil }
                chars.removeFirst()
            }
        }
        guard chars.isEmpty else { return nil }
        if let pm, let h = hour {
            guard (1...12).contains(h) else { return nil }
            hour = h % 12 + (pm ? 12 : 0)
        }
        var date: LocalDate?
        if year != nil || month != nil || day != nil {
            guard let year, let month, let day, let d = LocalDate(year: year, month: month, day: day) else {
                return nil
            }
            date = d
        }
        var time: LocalTime?
        if let hour {
            guard let t = LocalTime(hour: hour, minute: minute, second: second) else { return nil }
            time = t
        }
        return (date, time)
    }

    /// Spreadsheet serial numbers: days since 1899-12-30 (which absorbs Lotus's leap-year 1900),
    /// the fraction being the time of day.
    private func parseSerial(_ text: String) -> (date: LocalDate?, time: LocalTime?)? {
        guard let value = Double(text), value >= 1, value < 2_958_466 else { return nil }
        let days = Int(value.rounded(.down))
        let seconds = Int(((value - Double(days)) * 86_400).rounded())
        guard let origin = LocalDate(year: 1899, month: 12, day: 30) else { return nil }
        let date = origin.adding(days: days + seconds / 86_400)
        let rest = seconds % 86_400
        return (date, LocalTime(hour: rest / 3600, minute: rest / 60 % 60, second: rest % 60))
    }

    private static let months = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december",
    ]

    private static let currentYear = Timestamp.now().utc.date.parts.year
}
