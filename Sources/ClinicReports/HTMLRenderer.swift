/// The report as one self-contained HTML page: inline CSS and SVG, no scripts, prints on A4.
public enum HTMLRenderer {
    /// Renders `report`.
    public static func render(_ report: MonthlyReport) -> String {
        let tables = Dictionary(uniqueKeysWithValues: report.tables(money: \.display).map { ($0.name, $0) })
        var body =
            "<header><h1>Dorotheo Dental Clinic</h1><p class=\"sub\">Monthly report · <strong>\(report.month)</strong>"
        body +=
            " · month boundaries in \(HTML.escape(report.timezone)) · amounts in \(report.currency)</p></header>"
        body += glance(report)
        if let b = report.billing {
            body += "<section><h2>Billing</h2>"
            body += table(tables["billing_summary"]) + table(tables["billing_reconciliation"])
            body += "<h3>Billed and collected per day</h3>"
            body += SVGChart.daily(
                b.daily.map(\.date),
                [
                    ("Billed", b.daily.map(\.billed.cents), "#2a7ab0"),
                    ("Collected", b.daily.map(\.collected.cents), "#3a9d5d"),
                ], format: { Money(cents: $0).compact })
            body += "<div class=\"two\"><div><h3>Per service</h3>"
            body += SVGChart.bars(
                b.byService.map { ($0.name, $0.billed.total.cents) }, format: { Money(cents: $0).display })
            body += "</div><div><h3>Per dentist</h3>"
            body += SVGChart.bars(
                b.byDentist.map { ($0.name, $0.billed.total.cents) }, format: { Money(cents: $0).display })
            body += "</div></div>"
            body += table(tables["billing_by_service"]) + table(tables["billing_by_dentist"])
            body += "<div class=\"two\"><div>" + table(tables["outstanding_patients"]) + "</div><div>"
            body += table(tables["ar_aging"])
            body += SVGChart.bars(
                b.aging.map { ($0.bucket + " days", $0.amount.total.cents) },
                format: { Money(cents: $0).display }, color: "#c77d1a", width: 420)
            body += "</div></div></section>"
        }
        if let a = report.appointments {
            body += "<section><h2>Appointments</h2><div class=\"two\"><div>"
            body += table(tables["appointments_by_status"]) + "</div><div>"
            body += SVGChart.bars(
                a.byStatus.filter { $0.count > 0 }.map { ($0.status, Int64($0.count)) },
                format: { String($0) })
            body += table(tables["appointment_rates"]) + "</div></div>"
            body += table(tables["appointments_by_dentist"]) + table(tables["appointments_by_service"])
            body += "<h3>Weekday × hour</h3>" + SVGChart.heatmap(a.heatmap, rows: weekdays)
            body += table(tables["open_requests"]) + "</section>"
        }
        if report.inventory != nil {
            body += "<section><h2>Inventory <span class=\"sub\">(snapshot)</span></h2>"
            for name in ["inventory_categories", "low_stock", "out_of_stock", "stale_items"] {
                body += table(tables[name])
            }
            body += "</section>"
        }
        for note in report.notes { body += "<p class=\"note\">Note: \(HTML.escape(note))</p>" }
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Monthly report \(report.month) — Dorotheo Dental Clinic</title>
            <style>\(style)</style></head>
            <body>\(body)</body></html>

            """
    }

    private static func glance(_ report: MonthlyReport) -> String {
        var html = "<section class=\"glance\"><h2>At a glance</h2>"
        if report.glance.flags.isEmpty {
            html += "<p class=\"ok\">No benchmark flags this month.</p>"
        } else {
            html += "<ul class=\"flags\">"
            for flag in report.glance.flags {
                html += "<li><strong>\(HTML.escape(flag.name))</strong> — \(HTML.escape(flag.message))</li>"
            }
            html += "</ul>"
        }
        html += "<div class=\"cards\">"
        for figure in report.glance.figures {
            html += "<div class=\"card\"><div class=\"label\">\(HTML.escape(figure.name))</div>"
            html += "<div class=\"value\">\(HTML.escape(figure.value))</div>"
            html +=
                "<div class=\"prev\">\(HTML.escape(figure.change)) vs \(HTML.escape(figure.previous))</div></div>"
        }
        return html + "</div></section>"
    }

    private static func table(_ table: ReportTable?) -> String {
        guard let table else { return "" }
        var html = "<h3>\(HTML.escape(table.title))</h3>"
        guard !table.rows.isEmpty else { return html + "<p class=\"empty\">\(HTML.escape(table.empty))</p>" }
        let numeric = table.numericColumns
        func cell(_ tag: String, _ c: Int, _ text: String) -> String {
            "<\(tag)\(numeric[c] ? " class=\"n\"" : "")>\(HTML.escape(text))</\(tag)>"
        }
        html += "<table><thead><tr>" + table.columns.enumerated().map { cell("th", $0, $1) }.joined()
        html += "</tr></thead><tbody>"
        let (rows, hidden) = table.shown
        for row in rows {
            html += row.contains("total") ? "<tr class=\"total\">" : "<tr>"
            html += row.enumerated().map { cell("td", $0, $1) }.joined() + "</tr>"
        }
        html += "</tbody></table>"
        if hidden > 0 { html += "<p class=\"empty\">… and \(hidden) more in \(table.name).csv.</p>" }
        return html
    }

    private static let style = """
        :root{--ink:#1d2733;--muted:#5b6776;--line:#d9dee5;--accent:#2a7ab0}
        *{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);max-width:1000px;margin:24px auto;padding:0 20px}
        header{border-bottom:3px solid var(--accent);margin-bottom:16px}h1{margin:0;font-size:24px}.sub{color:var(--muted);margin:4px 0 10px;font-size:13px;font-weight:normal}
        h2{font-size:19px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}h3{font-size:15px;margin:18px 0 6px}
        table{border-collapse:collapse;width:100%;margin:4px 0 12px;font-variant-numeric:tabular-nums}th,td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}.n{text-align:right;white-space:nowrap}th{background:#f3f6f9;font-weight:600}tr.total td{font-weight:600;border-top:2px solid var(--line)}
        .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(180px,1fr));gap:10px}.card{border:1px solid var(--line);border-radius:6px;padding:10px}
        .card .label{color:var(--muted);font-size:12px}.card .value{font-size:20px;font-weight:600}.card .prev{color:var(--muted);font-size:12px}
        .flags{background:#fff4e5;border-left:4px solid #c77d1a;padding:8px 8px 8px 28px;margin:8px 0 12px}.ok{color:#3a9d5d;font-weight:600}
        .two{display:grid;grid-template-columns:1fr 1fr;gap:20px}.chart{width:100%;height:auto;font-size:11px;fill:var(--ink)}.chart .grid{stroke:var(--line)}.chart .light{fill:#fff}
        .empty,.note{color:var(--muted);font-style:italic}
        @media print{@page{size:A4;margin:14mm}body{margin:0;max-width:none;font-size:11px}section{break-inside:auto}table,.card,svg{break-inside:avoid}h2,h3{break-after:avoid}.two{grid-template-columns:1fr 1fr}}
        """
}
