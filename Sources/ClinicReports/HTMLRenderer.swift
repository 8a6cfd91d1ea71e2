/// The report as one self-contained HTML page: inline CSS and SVG, no scripts, prints on A4.
public enum HTMLRenderer {
    /// Renders `report`.
    public static func render(_ report: MonthlyReport) -> String {
        let tables = Dictionary(uniqueKeysWithValues: report.tables.map { ($0.name, $0) })
        let clinic = HTML.escape(report.clinic)
        var body =
            "<header><h1>\(clinic)</h1><p class=\"sub\">Monthly report · <strong>\(report.month.name)</strong>"
        body +=
            " · month boundaries in \(HTML.escape(report.timezone)) · amounts in \(report.currency)</p></header>"
        for banner in report.banners { body += "<p class=\"banner\">\(HTML.escape(banner))</p>" }
        body += glance(report)
        if !report.trend.isEmpty { body += trend(report, tables["trend"]) }
        if let b = report.billing { body += billing(report, b, tables) }
        if let a = report.appointments { body += appointments(report, a, tables) }
        if report.inventory != nil {
            body += "<section><h2>Inventory <span class=\"sub\">(snapshot)</span></h2>"
            for name in [
                "inventory_categories", "low_stock", "low_stock_by_supplier", "out_of_stock", "stale_items",
            ] {
                body += table(tables[name])
            }
            body += "</section>"
        }
        for note in report.notes { body += "<p class=\"note\">Note: \(HTML.escape(note))</p>" }
        let header = CSSString.quote("\(report.clinic) · monthly report \(report.month.name)")
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(clinic) — monthly report \(report.month.name)</title>
            <style>\(style)@page{@top-left{content:\(header);font-size:9pt;color:#5b6776}@top-right{content:"page " counter(page) " of " counter(pages);font-size:9pt;color:#5b6776}}</style></head>
            <body>\(body)</body></html>

            """
    }

    private static func glance(_ report: MonthlyReport) -> String {
        var html = "<section class=\"glance\"><h2>At a glance</h2>"
        if !report.glance.flags.isEmpty {
            html += "<ul class=\"flags\">"
            for flag in report.glance.flags {
                html += "<li><strong>\(HTML.escape(flag.name))</strong> — \(HTML.escape(flag.message))"
                if !flag.items.isEmpty {
                    let (shown, more) = flag.shownItems
                    html += "<ul>" + shown.map { "<li>\(HTML.escape($0))</li>" }.joined()
                    if let more { html += "<li class=\"more\">\(HTML.escape(more))</li>" }
                    html += "</ul>"
                }
                html += "</li>"
            }
            html += "</ul>"
        } else if report.banners.isEmpty {
            html += "<p class=\"ok\">No benchmark flags this month.</p>"
        } else {
            html += "<p class=\"empty\">Benchmarks not checked where data is missing (see above).</p>"
        }
        html += "<div class=\"cards\">"
        for figure in report.glance.figures {
            let cells = figure.cells
            html += "<div class=\"card\"><div class=\"label\">\(HTML.escape(figure.name))</div>"
            html += "<div class=\"value\">\(HTML.escape(cells[1].display))</div>"
            if figure.previous != nil {
                html +=
                    "<div class=\"prev\">\(HTML.escape(cells[3].display)) vs \(HTML.escape(cells[2].display)) in \(report.month.previous.short)</div>"
            }
            if let explanation = figure.explanation {
                html += "<div class=\"prev\">\(HTML.escape(explanation))</div>"
            }
            html += "</div>"
        }
        return html + "</div></section>"
    }

    private static func trend(_ report: MonthlyReport, _ table: ReportTable?) -> String {
        var html = "<section><h2>The last 12 months</h2>"
        let months = report.trend.enumerated().map { i, t in
            (
                label: String(t.month.name.prefix(3)),
                sub: i == 0 || t.month.month == 1 ? String(t.month.year) : nil
            )
        }
        if report.billing != nil {
            html += SVGChart.columns(
                title: "Billed and collected per month, unpaid at each month end (₱)", categories: months,
                [
                    .init(
                        name: "Billed", values: report.trend.map { $0.billed?.cents ?? 0 },
                        color: Palette.billed),
                    .init(
                        name: "Collected", values: report.trend.map { $0.collected?.cents ?? 0 },
                        color: Palette.collected),
                ],
                line: .init(
                    name: "Unpaid at month end", values: report.trend.map { $0.outstanding?.cents ?? 0 },
                    color: Palette.unpaid),
                tick: Axis.pesos)
            html += self.table(table, columns: [0, 1, 2, 3])
        }
        if report.appointments != nil {
            html += SVGChart.columns(
                title: "Appointments per month: completed, missed and cancelled", categories: months,
                [
                    .init(
                        name: "Completed", values: report.trend.map { Int64($0.completed ?? 0) },
                        color: Palette.appointments),
                    .init(
                        name: "Missed", values: report.trend.map { Int64($0.missed ?? 0) },
                        color: Palette.missed),
                    .init(
                        name: "Cancelled", values: report.trend.map { Int64($0.cancelled ?? 0) },
                        color: Palette.cancelled),
                ], tick: { Display.count($0) })
            let first = report.billing != nil ? 4 : 1
            html += self.table(table, columns: [0] + Array(first..<first + 6), titled: report.billing == nil)
        }
        return html + "</section>"
    }

    private static func billing(_ report: MonthlyReport, _ b: BillingSection, _ tables: [String: ReportTable])
        -> String
    {
        var html = "<section><h2>Billing</h2>"
        html += table(tables["billing_summary"]) + table(tables["billing_reconciliation"])
        let days = b.daily.map { (label: String(Int($0.date.suffix(2)) ?? 0), sub: String?.none) }
        if b.daily.contains(where: { $0.billed != .zero }) {
            html += SVGChart.columns(
                title: "Billed and collected per day of \(report.month.name) (₱, by the bill's creation day)",
                categories: days,
                [
                    .init(name: "Billed", values: b.daily.map(\.billed.cents), color: Palette.billed),
                    .init(
                        name: "Collected", values: b.daily.map(\.collected.cents), color: Palette.collected),
                ], tick: Axis.pesos)
        } else {
            html += "<p class=\"empty\">No bills in \(report.month.name): no daily chart.</p>"
        }
        for (groups, what) in [(b.byService, "service"), (b.byDentist, "dentist")] where !groups.isEmpty {
            let top = SVGChart.topTen(groups.map { ($0.name, $0.billed.total.cents) })
            html += SVGChart.bars(
                title: "Billed per \(what) in \(report.month.name)"
                    + (groups.count > 11 ? " (top 10 and others)" : ""),
                top, format: { Money(cents: $0).display }, color: Palette.billed)
        }
        html += table(tables["billing_by_service"]) + table(tables["billing_by_dentist"])
        html += table(tables["outstanding_patients"]) + table(tables["ar_aging"])
        if b.aging.contains(where: { $0.amount.count > 0 }) {
            html += SVGChart.bars(
                title: "Unpaid at month end by age of the bill",
                b.aging.map {
                    ($0.bucket.replacingOccurrences(of: "-", with: "–") + " days", $0.amount.total.cents)
                },
                format: { Money(cents: $0).display }, color: Palette.unpaid)
        }
        return html + "</section>"
    }

    private static func appointments(
        _ report: MonthlyReport, _ a: AppointmentSection, _ tables: [String: ReportTable]
    ) -> String {
        var html = "<section><h2>Appointments</h2>"
        html += table(tables["appointments_by_status"])
        let shown = a.byStatus.filter { $0.count > 0 }
        if !shown.isEmpty {
            html += SVGChart.bars(
                title: "Appointments dated in \(report.month.name) by status",
                shown.map { (StatusWords.words($0.status), Int64($0.count)) }, format: { Display.count($0) },
                color: Palette.appointments, colors: shown.map { Palette.status($0.status) })
        }
        html += table(tables["appointment_rates"]) + table(tables["appointment_figures"])
        html += table(tables["appointments_by_dentist"]) + table(tables["appointments_by_service"])
        html += SVGChart.heatmap(
            title: "Appointments by weekday and hour of \(report.month.name)", a.heatmap, rows: weekdays,
            color: Palette.appointments)
        return html + table(tables["open_requests"]) + "</section>"
    }

    /// A table, or the given columns of it (`titled` false leaves out its heading).
    private static func table(_ table: ReportTable?, columns: [Int]? = nil, titled: Bool = true) -> String {
        guard var table else { return "" }
        if let columns {
            table.columns = columns.map { table.columns[$0] }
            table.rows = table.rows.map { row in columns.map { row[$0] } }
            table.total = table.total.map { row in columns.map { row[$0] } }
        }
        var html = titled ? "<h3>\(HTML.escape(table.title))</h3>" : ""
        if let explanation = table.explanation, titled {
            html += "<p class=\"explain\">\(HTML.escape(explanation))</p>"
        }
        guard !table.rows.isEmpty else { return html + "<p class=\"empty\">\(HTML.escape(table.empty))</p>" }
        let people = table.forPeople
        func cell(_ tag: String, _ c: Int, _ text: String) -> String {
            "<\(tag)\(people.numeric[c] ? " class=\"n\"" : "")>\(HTML.escape(text))</\(tag)>"
        }
        html += "<table><thead><tr>" + people.head.enumerated().map { cell("th", $0, $1) }.joined()
        html += "</tr></thead><tbody>"
        for (r, row) in people.rows.enumerated() {
            html += people.lastIsTotal && r == people.rows.count - 1 ? "<tr class=\"total\">" : "<tr>"
            html += row.enumerated().map {
                cell(people.firstColumnIsHeading && $0.offset == 0 ? "th" : "td", $0.offset, $0.element)
            }.joined()
            html += "</tr>"
        }
        html += "</tbody></table>"
        if people.hidden > 0 {
            html +=
                "<p class=\"empty\">… and \(Display.count(Int64(people.hidden))) more in \(table.name).csv.</p>"
        }
        return html
    }

    private static let style = """
        :root{--ink:#1d2733;--muted:#5b6776;--line:#d9dee5;--accent:#2a7ab0}
        *{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);max-width:1000px;margin:24px auto;padding:0 20px}
        header{border-bottom:3px solid var(--accent);margin-bottom:16px}h1{margin:0;font-size:24px}.sub{color:var(--muted);margin:4px 0 10px;font-size:13px;font-weight:normal}
        h2{font-size:19px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}h3{font-size:15px;margin:18px 0 6px}
        table{border-collapse:collapse;width:100%;margin:4px 0 12px;font-variant-numeric:tabular-nums}th,td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top;overflow-wrap:anywhere}.n{text-align:right;white-space:nowrap;overflow-wrap:normal}thead th{background:#f3f6f9;font-weight:600}tbody th{font-weight:normal}tr.total td{font-weight:600;border-top:2px solid var(--line)}
        thead{display:table-header-group}tr{break-inside:avoid}
        .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:10px}.card{border:1px solid var(--line);border-radius:6px;padding:10px;break-inside:avoid}
        .card .label{color:var(--muted);font-size:12px}.card .value{font-size:20px;font-weight:600}.card .prev{color:var(--muted);font-size:12px}
        .flags,.banner{background:#fff8d6;border-left:4px solid #d4a500;padding:8px 8px 8px 28px;margin:8px 0 12px}.banner{padding-left:12px;font-weight:600}.flags ul{margin:2px 0;padding-left:20px}.ok{color:#2e7d32;font-weight:600}
        .chart{display:block;max-width:100%;height:auto;margin:8px 0 14px;font-size:12px;fill:var(--ink);break-inside:avoid}.chart .title{font-size:13px;font-weight:600}.chart .grid{stroke:var(--line)}.chart .light{fill:#fff}
        .empty,.note{color:var(--muted);font-style:italic}.explain{color:var(--muted);font-size:12px;margin:0 0 6px}
        @media print{@page{size:A4;margin:16mm 14mm 14mm}body{margin:0;padding:0;max-width:none;font-size:11px}h2,h3,.explain{break-after:avoid}.card .value{font-size:16px}}
        """
}

/// CSS string literals, for the print header.
enum CSSString {
    static func quote(_ s: String) -> String {
        "\""
            + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "<", with: "\\3C ") + "\""
    }
}
