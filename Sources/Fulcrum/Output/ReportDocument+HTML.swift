/// A document as one self-contained HTML page: inline CSS and SVG, no script, and a
/// content security policy that forbids every request, so that it opens the same from an
/// e-mail attachment, offline, and prints to PDF with each figure kept on one page.
extension ReportDocument {
    func html(title: String) -> String {
        var figures = 0
        let body = Self.html(blocks, figures: &figures)
        return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(SVG.escaped(title))</title>
        <style>
        \(Self.style)
        </style>
        </head>
        <body>
        <main>
        \(body)
        </main>
        </body>
        </html>

        """
    }

    static let style = """
    body { font-family: 'DejaVu Sans', Verdana, sans-serif; color: #222; margin: 0; background: #fff; line-height: 1.45; font-size: 14px; }
    main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 48px; }
    h1 { font-size: 24px; margin: 0 0 12px; }
    h2 { font-size: 18px; margin: 34px 0 10px; padding-top: 10px; border-top: 2px solid #0072B2; }
    p { max-width: 900px; margin: 8px 0; }
    p.answer { font-size: 16px; background: #eef4fa; border-left: 4px solid #0072B2; padding: 10px 14px; max-width: none; }
    table { border-collapse: collapse; margin: 8px 0 12px; font-size: 13px; }
    th, td { padding: 3px 9px; border-bottom: 1px solid #ddd; vertical-align: top; }
    th { text-align: left; border-bottom: 2px solid #999; font-weight: bold; }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    pre { background: #f6f6f6; padding: 10px; overflow-x: auto; font-size: 12px; }
    ul { margin: 6px 0 10px; padding-left: 22px; max-width: 900px; }
    .figure { display: flex; flex-wrap: wrap; gap: 16px 24px; align-items: flex-start; margin: 10px 0 18px; break-inside: avoid; page-break-inside: avoid; }
    .figure .drawing { flex: 0 0 auto; max-width: 100%; }
    .figure .drawing svg { max-width: 100%; height: auto; }
    .figure .notes { flex: 1 1 300px; min-width: 280px; }
    .figure .notes p, .figure .notes ul { max-width: none; }
    .provenance { color: #555; font-size: 12px; }
    @media print {
      body { font-size: 10pt; }
      main { padding: 0; max-width: none; }
      h2 { break-after: avoid; page-break-after: avoid; }
      table, .figure { break-inside: avoid; page-break-inside: avoid; }
    }
    """

    private static func html(_ blocks: [Block], figures: inout Int) -> String {
        var out: [String] = []
        for block in blocks {
            switch block {
            case .title(let text): out.append("<h1>\(SVG.escaped(text))</h1>")
            case .section(let text): out.append("<h2>\(SVG.escaped(text))</h2>")
            case .paragraph(let text): out.append("<p>\(SVG.escaped(text))</p>")
            case .answer(let text): out.append("<p class=\"answer\">\(SVG.escaped(text))</p>")
            case .line(let text): out.append("<p class=\"line\">\(SVG.escaped(text))</p>")
            case .table(let table): out.append(html(table))
            case .preformatted(let lines): out.append("<pre>\(SVG.escaped(lines.joined(separator: "\n")))</pre>")
            case .bullets(let items): out.append("<ul>" + items.map { "<li>\(SVG.escaped($0))</li>" }.joined() + "</ul>")
            case .blank: break
            case .byFormat(_, let markdown): out.append(html(markdown, figures: &figures))
            case .figure(let figure, let notes):
                // Prose beside the picture; tables, too wide for the side, below it.
                figures += 1
                let (wide, side) = notes.reduce(into: ([Block](), [Block]())) { split, note in
                    switch note {
                    case .table, .preformatted: split.0.append(note)
                    default: split.1.append(note)
                    }
                }
                out.append("<div class=\"figure\"><div class=\"drawing\">\(figure.inlineSVG(id: "f\(figures)"))</div><div class=\"notes\">\(html(side, figures: &figures))</div></div>")
                out.append(html(wide, figures: &figures))
            }
        }
        return out.joined(separator: "\n")
    }

    private static func html(_ table: TextTable) -> String {
        func cell(_ tag: String, _ text: String, _ column: Int) -> String {
            let numeric = column < table.alignments.count && table.alignments[column] == .right
            return "<\(tag)\(numeric ? " class=\"num\"" : "")>\(SVG.escaped(text))</\(tag)>"
        }
        let head = "<tr>" + table.headers.enumerated().map { cell("th", $1, $0) }.joined() + "</tr>"
        let rows = table.rows.map { row in "<tr>" + row.enumerated().map { cell("td", $1, $0) }.joined() + "</tr>" }
        return "<table><thead>\(head)</thead><tbody>\(rows.joined())</tbody></table>"
    }
}
