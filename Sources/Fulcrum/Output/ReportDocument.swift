import Foundation

/// A report built once as its parts, and rendered per format: the terminal wraps prose at
/// 78 columns and draws tables in columns, Markdown leaves prose to the reader's renderer
/// and writes pipe tables, HTML (`ReportDocument+HTML`) lays figures beside their numbers.
/// A new format is one more renderer, not an edit of every report.
struct ReportDocument {
    /// A picture: a chart, or a drawing made by its own renderer (the driver tree).
    enum Figure {
        case chart(Chart)
        case drawing(title: String, svg: String)

        var title: String {
            switch self {
            case .chart(let chart): chart.title
            case .drawing(let title, _): title
            }
        }

        /// As an `<svg>` element for a page; `id` keeps clip paths apart between figures.
        func inlineSVG(id: String) -> String {
            switch self {
            case .chart(let chart): SVGChart.inline(chart, id: id)
            case .drawing(_, let svg): svg
            }
        }
    }

    enum Block {
        /// The report's title: underlined in a terminal, `##` in Markdown.
        case title(String)
        /// A subsection: `###` in Markdown, the text alone in a terminal.
        case section(String)
        /// Prose, wrapped in a terminal.
        case paragraph(String)
        /// The answer a reader came for: bold in Markdown, a plain paragraph in a terminal.
        case answer(String)
        /// A label or caption kept on one line in every format.
        case line(String)
        case table(TextTable)
        /// Lines whose layout is the content (a drawn tree): as they are in a terminal, in a
        /// fenced text block in Markdown.
        case preformatted([String])
        /// A list: `*` items wrapped with a hanging indent in a terminal, `-` items in Markdown.
        case bullets([String])
        case blank
        /// Layout that must differ by format (a wide table split for a terminal's 80 columns);
        /// HTML takes the Markdown layout.
        case byFormat(terminal: [Block], markdown: [Block])
        /// A picture with its numbers in text: in a terminal the numbers alone, in Markdown the
        /// picture embedded as an image then the numbers, in HTML side by side.
        case figure(Figure, notes: [Block])
    }

    private(set) var blocks: [Block] = []

    mutating func append(_ block: Block) { blocks.append(block) }
    mutating func append(contentsOf more: [Block]) { blocks += more }
    static func += (document: inout ReportDocument, blocks: [Block]) { document.blocks += blocks }

    func render(markdown: Bool) -> String {
        Self.lines(blocks, markdown: markdown).joined(separator: "\n") + "\n"
    }

    private static func lines(_ blocks: [Block], markdown: Bool) -> [String] {
        var lines: [String] = []
        for (index, block) in blocks.enumerated() {
            switch block {
            case .title(let text): lines += Prose.heading(text, markdown: markdown)
            case .section(let text): lines += markdown ? ["### \(text)", ""] : [text, ""]
            case .paragraph(let text): lines.append(markdown ? text : Prose.wrapped(text, bullet: nil))
            case .answer(let text): lines.append(markdown ? "**\(text)**" : Prose.wrapped(text, bullet: nil))
            case .line(let text): lines.append(text)
            case .table(let table): lines.append(markdown ? table.markdown() : table.terminal())
            case .preformatted(let text): lines += markdown ? ["```text"] + text + ["```"] : text
            case .bullets(let items): lines += items.map { markdown ? "- " + $0 : Prose.wrapped($0, bullet: "*") }
            case .blank: lines.append("")
            case .byFormat(let terminal, let markdownBlocks): lines += Self.lines(markdown ? markdownBlocks : terminal, markdown: markdown)
            case .figure(let figure, let notes):
                if markdown {
                    let svg = Data(figure.inlineSVG(id: "f\(index + 1)").utf8).base64EncodedString()
                    lines += ["![\(figure.title.replacingOccurrences(of: "]", with: ")"))](data:image/svg+xml;base64,\(svg))", ""]
                }
                lines += Self.lines(notes, markdown: markdown)
            }
        }
        return lines
    }
}
