import Foundation

/// Small inline SVG charts: no scripts, no network, print-friendly.
///
/// Every chart is drawn at the width it is shown (`width` ≤ the A4 text width of 688 px, so it
/// is not scaled down in print), with 12 px labels, a title saying what it measures, and one
/// colour per meaning (`Palette`).
enum SVGChart {
    /// The drawing width: the A4 text width less a little.
    static let width = 680.0

    /// One series of a bar chart.
    struct Series {
        var name: String
        var values: [Int64]
        var color: String
    }

    /// Horizontal bars, one per item, labelled with `format(value)`.
    static func bars(
        title: String, _ items: [(label: String, value: Int64)], format: (Int64) -> String, color: String,
        colors: [String]? = nil
    ) -> String {
        guard !items.isEmpty else { return "" }
        let (labelWidth, valueWidth, row, top) = (210.0, 104.0, 24.0, 28.0)
        let maxValue = Double(max(items.map(\.value).max() ?? 1, 1))
        let height = top + row * Double(items.count) + 4
        var svg = open(title: title, height: height)
        for (i, item) in items.enumerated() {
            let y = top + Double(i) * row
            let length = max(0, Double(item.value) / maxValue * (width - labelWidth - valueWidth))
            svg += text(labelWidth - 6, y + 16, short(item.label), anchor: "end")
            svg +=
                "<rect x=\"\(fmt(labelWidth))\" y=\"\(fmt(y + 4))\" width=\"\(fmt(length))\" height=\"\(fmt(row - 8))\" fill=\"\(colors?[i] ?? color)\" rx=\"2\"/>"
            svg += text(labelWidth + length + 6, y + 16, format(item.value))
        }
        return svg + "</svg>"
    }

    /// Vertical bars side by side per category (days, months), on an axis of round ticks, with an
    /// optional line (`line`) on the same axis and a legend.
    static func columns(
        title: String, categories: [(label: String, sub: String?)], _ series: [Series], line: Series? = nil,
        tick: (Int64) -> String
    ) -> String {
        guard !categories.isEmpty else { return "" }
        let (height, left, right, top, bottom) = (260.0, 62.0, 8.0, 50.0, 40.0)
        let axis = Axis(max: (series + (line.map { [$0] } ?? [])).flatMap(\.values).max() ?? 0)
        let plot = height - top - bottom
        func y(_ v: Int64) -> Double { top + plot - Double(v) / Double(axis.top) * plot }
        let group = (width - left - right) / Double(categories.count)
        let bar = min(22, (group - 4) / Double(max(series.count, 1)))
        var svg = open(title: title, height: height)
        var legendX = left
        for s in series + (line.map { [$0] } ?? []) {
            svg += "<rect x=\"\(fmt(legendX))\" y=\"26\" width=\"12\" height=\"12\" fill=\"\(s.color)\"/>"
            svg += text(legendX + 16, 37, s.name)
            legendX += 26 + Double(s.name.count) * 7
        }
        for v in axis.ticks {
            svg +=
                "<line x1=\"\(fmt(left))\" x2=\"\(fmt(width - right))\" y1=\"\(fmt(y(v)))\" y2=\"\(fmt(y(v)))\" class=\"grid\"/>"
            svg += text(left - 6, y(v) + 4, tick(v), anchor: "end")
        }
        let every = group >= 26 ? 1 : group >= 13 ? 2 : 5
        for (i, category) in categories.enumerated() {
            let x0 = left + Double(i) * group + (group - bar * Double(series.count)) / 2
            for (k, s) in series.enumerated() where s.values[i] > 0 {
                let h = plot - (y(s.values[i]) - top)
                svg +=
                    "<rect x=\"\(fmt(x0 + Double(k) * bar))\" y=\"\(fmt(y(s.values[i])))\" width=\"\(fmt(bar - 1))\" height=\"\(fmt(h))\" fill=\"\(s.color)\"/>"
            }
            let cx = left + (Double(i) + 0.5) * group
            if i % every == 0 || i == categories.count - 1 && every == 1 {
                svg += text(cx, height - bottom + 16, category.label, anchor: "middle")
            }
            if let sub = category.sub { svg += text(cx, height - bottom + 32, sub, anchor: "middle") }
        }
        if let line {
            let points = line.values.enumerated().map {
                "\(fmt(left + (Double($0.offset) + 0.5) * group)),\(fmt(y($0.element)))"
            }
            svg +=
                "<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"\(line.color)\" stroke-width=\"2.5\"/>"
            for point in points {
                let xy = point.split(separator: ",")
                svg += "<circle cx=\"\(xy[0])\" cy=\"\(xy[1])\" r=\"3\" fill=\"\(line.color)\"/>"
            }
        }
        return svg + "</svg>"
    }

    /// A weekday × hour grid, darker for more appointments; only hours with any appointment.
    static func heatmap(title: String, _ grid: [[Int]], rows: [String], color: String) -> String {
        let hours = (0..<24).filter { h in grid.contains { $0[h] > 0 } }
        guard !hours.isEmpty else { return "" }
        let (left, top) = (92.0, 46.0)
        let cell = min(36, (width - left - 4) / Double(hours.count))
        let maxValue = Double(max(grid.flatMap { $0 }.max() ?? 1, 1))
        var svg = open(title: title, height: top + cell * 7 + 4)
        for (c, hour) in hours.enumerated() {
            svg += text(
                left + cell * Double(c) + cell / 2, top - 6, String(format: "%02d", hour), anchor: "middle")
        }
        for (r, name) in rows.enumerated() {
            let y = top + cell * Double(r)
            svg += text(left - 6, y + cell / 2 + 4, name, anchor: "end")
            for (c, hour) in hours.enumerated() {
                let n = grid[r][hour]
                let shade = n == 0 ? 0.04 : 0.15 + 0.85 * Double(n) / maxValue
                svg +=
                    "<rect x=\"\(fmt(left + cell * Double(c)))\" y=\"\(fmt(y))\" width=\"\(fmt(cell - 2))\" height=\"\(fmt(cell - 2))\" fill=\"\(color)\" fill-opacity=\"\(fmt(shade))\"/>"
                if n > 0 {
                    svg += text(
                        left + cell * Double(c) + cell / 2 - 1, y + cell / 2 + 3, Display.count(Int64(n)),
                        anchor: "middle", light: shade > 0.55)
                }
            }
        }
        return svg + "</svg>"
    }

    /// The ten largest items and the rest summed as "Others (n)", when that leaves two or more.
    static func topTen(_ items: [(label: String, value: Int64)]) -> [(label: String, value: Int64)] {
        guard items.count > 11 else { return items }
        let rest = items.dropFirst(10)
        return Array(items.prefix(10)) + [("Others (\(rest.count))", rest.reduce(0) { $0 + $1.value })]
    }

    private static func open(title: String, height: Double) -> String {
        "<svg class=\"chart\" width=\"\(Int(width))\" height=\"\(Int(height.rounded(.up)))\" viewBox=\"0 0 \(Int(width)) \(Int(height.rounded(.up)))\" role=\"img\" aria-label=\"\(HTML.escape(title))\">"
            + "<title>\(HTML.escape(title))</title><text x=\"0\" y=\"15\" class=\"title\">\(HTML.escape(title))</text>"
    }

    private static func text(
        _ x: Double, _ y: Double, _ s: String, anchor: String? = nil, light: Bool = false
    ) -> String {
        "<text x=\"\(fmt(x))\" y=\"\(fmt(y))\"" + (anchor.map { " text-anchor=\"\($0)\"" } ?? "")
            + (light ? " class=\"light\"" : "") + ">\(HTML.escape(s))</text>"
    }

    private static func fmt(_ x: Double) -> String { String(format: "%.1f", x) }

    private static func short(_ s: String) -> String { s.count > 30 ? String(s.prefix(29)) + "…" : s }
}

/// A value axis from zero with round ticks: steps of 1, 2 or 5 times a power of ten, four or
/// five of them.
struct Axis: Equatable {
    /// The step between ticks.
    var step: Int64
    /// The top tick, at or above the largest value.
    var top: Int64

    init(max value: Int64, ticks: Int64 = 4) {
        let rough = Swift.max(1, (value + ticks - 1) / ticks)
        var magnitude: Int64 = 1
        while magnitude * 10 <= rough { magnitude *= 10 }
        step = [1, 2, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? magnitude * 10
        top = Swift.max(step, (value + step - 1) / step * step)
    }

    /// Zero, every step, the top.
    var ticks: [Int64] { Array(stride(from: 0, through: top, by: Int(step))).map { Int64($0) } }

    /// An amount in cents as a tick label: `₱0`, `₱500`, `₱1.5k`, `₱10k`, `₱2M`.
    static func pesos(_ cents: Int64) -> String {
        let pesos = cents / 100
        func short(_ n: Int64, _ unit: Int64, _ suffix: String) -> String {
            let tenths = n * 10 / unit
            return "₱" + String(tenths / 10) + (tenths % 10 == 0 ? "" : ".\(tenths % 10)") + suffix
        }
        if abs(pesos) >= 1_000_000 { return short(pesos, 1_000_000, "M") }
        if abs(pesos) >= 1000 { return short(pesos, 1000, "k") }
        return "₱" + String(pesos) + (cents % 100 == 0 ? "" : String(format: ".%02d", abs(cents % 100)))
    }
}

/// The charts' colours: each means one thing throughout the page.
enum Palette {
    static let billed = "#2a7ab0"
    static let collected = "#3a9d5d"
    static let unpaid = "#c77d1a"
    static let appointments = "#6f5bb5"
    static let missed = "#c0392b"
    static let cancelled = "#8a949e"

    /// A status's colour: missed and cancelled their own, every other status the appointments'.
    static func status(_ status: String) -> String {
        status == "missed" ? missed : status == "cancelled" ? cancelled : appointments
    }
}

/// HTML escaping.
enum HTML {
    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}
