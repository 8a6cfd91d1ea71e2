import Foundation

/// Small inline SVG charts: no scripts, no network, print-friendly.
enum SVGChart {
    /// Horizontal bars, one per item, labelled with `format(value)`.
    static func bars(
        _ items: [(label: String, value: Int64)], format: (Int64) -> String, color: String = "#2a7ab0",
        width: Double = 640
    ) -> String {
        guard !items.isEmpty else { return "" }
        let labelWidth = width * 0.34
        let row = 22.0
        let maxValue = Double(max(items.map(\.value).max() ?? 1, 1))
        var svg =
            "<svg class=\"chart\" style=\"max-width:\(Int(width))px\" viewBox=\"0 0 \(Int(width)) \(Int(row * Double(items.count) + 4))\" role=\"img\">"
        for (i, item) in items.enumerated() {
            let y = Double(i) * row + 2
            let length = max(0, Double(item.value) / maxValue * (width - labelWidth - 90))
            svg +=
                "<text x=\"\(Int(labelWidth - 6))\" y=\"\(fmt(y + 15))\" text-anchor=\"end\">\(HTML.escape(short(item.label)))</text>"
            svg +=
                "<rect x=\"\(Int(labelWidth))\" y=\"\(fmt(y + 3))\" width=\"\(fmt(length))\" height=\"\(fmt(row - 7))\" fill=\"\(color)\" rx=\"2\"/>"
            svg +=
                "<text x=\"\(fmt(labelWidth + length + 6))\" y=\"\(fmt(y + 15))\">\(HTML.escape(format(item.value)))</text>"
        }
        return svg + "</svg>"
    }

    /// Two daily series as lines with a legend.
    static func daily(
        _ days: [String], _ series: [(name: String, values: [Int64], color: String)],
        format: (Int64) -> String
    )
        -> String
    {
        guard !days.isEmpty else { return "" }
        let (width, height, left, bottom, top) = (640.0, 220.0, 70.0, 30.0, 24.0)
        let maxValue = Double(max(series.flatMap(\.values).max() ?? 1, 1))
        let step = (width - left - 10) / Double(max(days.count - 1, 1))
        func x(_ i: Int) -> Double { left + Double(i) * step }
        func y(_ v: Int64) -> Double { height - bottom - Double(v) / maxValue * (height - bottom - top) }
        var svg =
            "<svg class=\"chart\" style=\"max-width:\(Int(width))px\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\">"
        for k in 0...4 {
            let v = Int64(Double(k) / 4 * maxValue)
            svg +=
                "<line x1=\"\(Int(left))\" x2=\"\(Int(width - 10))\" y1=\"\(fmt(y(v)))\" y2=\"\(fmt(y(v)))\" class=\"grid\"/>"
            svg +=
                "<text x=\"\(Int(left - 6))\" y=\"\(fmt(y(v) + 4))\" text-anchor=\"end\">\(HTML.escape(format(v)))</text>"
        }
        for (i, day) in days.enumerated() where i % 5 == 0 || i == days.count - 1 {
            svg +=
                "<text x=\"\(fmt(x(i)))\" y=\"\(Int(height - 10))\" text-anchor=\"middle\">\(day.suffix(2))</text>"
        }
        for (k, s) in series.enumerated() {
            let points = s.values.enumerated().map { "\(fmt(x($0.offset))),\(fmt(y($0.element)))" }.joined(
                separator: " ")
            svg += "<polyline points=\"\(points)\" fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"2\"/>"
            svg +=
                "<rect x=\"\(Int(left) + k * 130)\" y=\"4\" width=\"12\" height=\"12\" fill=\"\(s.color)\"/>"
            svg += "<text x=\"\(Int(left) + k * 130 + 16)\" y=\"14\">\(HTML.escape(s.name))</text>"
        }
        return svg + "</svg>"
    }

    /// A weekday × hour grid, darker for more appointments; only hours with any appointment.
    static func heatmap(_ grid: [[Int]], rows: [String]) -> String {
        let hours = (0..<24).filter { h in grid.contains { $0[h] > 0 } }
        guard !hours.isEmpty else { return "" }
        let (cell, left, top) = (34.0, 90.0, 20.0)
        let maxValue = Double(max(grid.flatMap { $0 }.max() ?? 1, 1))
        let width = left + cell * Double(hours.count) + 4
        var svg =
            "<svg class=\"chart\" style=\"max-width:\(Int(width))px\" viewBox=\"0 0 \(Int(width)) \(Int(top + cell * 7 + 4))\" role=\"img\">"
        for (c, hour) in hours.enumerated() {
            svg +=
                "<text x=\"\(fmt(left + cell * Double(c) + cell / 2))\" y=\"14\" text-anchor=\"middle\">\(String(format: "%02d", hour))</text>"
        }
        for (r, name) in rows.enumerated() {
            let y = top + cell * Double(r)
            svg +=
                "<text x=\"\(Int(left - 6))\" y=\"\(fmt(y + cell / 2 + 4))\" text-anchor=\"end\">\(name)</text>"
            for (c, hour) in hours.enumerated() {
                let n = grid[r][hour]
                let shade = n == 0 ? 0.04 : 0.15 + 0.85 * Double(n) / maxValue
                svg +=
                    "<rect x=\"\(fmt(left + cell * Double(c)))\" y=\"\(fmt(y))\" width=\"\(fmt(cell - 2))\" height=\"\(fmt(cell - 2))\" fill=\"#2a7ab0\" fill-opacity=\"\(fmt(shade))\"/>"
                if n > 0 {
                    svg +=
                        "<text x=\"\(fmt(left + cell * Double(c) + cell / 2 - 1))\" y=\"\(fmt(y + cell / 2 + 3))\" text-anchor=\"middle\" class=\"\(shade > 0.55 ? "light" : "")\">\(n)</text>"
                }
            }
        }
        return svg + "</svg>"
    }

    private static func fmt(_ x: Double) -> String { String(format: "%.1f", x) }

    private static func short(_ s: String) -> String { s.count > 32 ? String(s.prefix(31)) + "…" : s }
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
