import Foundation

/// Draws a `Chart` as SVG: axes with ticks a reader can use, a legend that wraps, labels
/// placed where they overlap nothing and cut with an ellipsis (the whole text in a tooltip)
/// rather than run outside the picture. Every size is decided here from estimated text
/// widths, so the same chart draws alike in a browser, a slide or a printed page.
public enum SVGChart {
    public static let width = 720.0
    static let tickSize = 11.0, labelSize = 12.0, titleSize = 15.0
    static let plotHeight = 280.0, rowHeight = 26.0

    /// One chart as a standalone SVG file, or several stacked in one, with where the numbers
    /// came from as a footer (wrapped, small and grey) so that a pasted picture keeps it.
    public static func document(_ charts: [Chart], footer: String? = nil) -> String {
        var y = 0.0
        var parts: [String] = []
        for (index, chart) in charts.enumerated() {
            let drawn = draw(chart, id: "c\(index + 1)")
            parts.append("<g transform=\"translate(0 \(SVG.n(y)))\">\(drawn.body)</g>")
            y += drawn.height + 16
        }
        for line in TextWidth.lines(footer ?? "", size: 10, width: width - 20) {
            y += 13
            parts.append(SVG.text(line, x: 10, y: y, size: 10, fill: ChartStyle.muted, extra: "class=\"footer\""))
        }
        if footer != nil { y += 8 }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(SVG.n(width))\" height=\"\(SVG.n(y))\" viewBox=\"0 0 \(SVG.n(width)) \(SVG.n(y))\" font-family=\"\(ChartStyle.font)\">\n<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n" + parts.joined(separator: "\n") + "\n</svg>\n"
    }

    /// One chart as an inline `<svg>` element for an HTML page; `id` keeps its clip path apart
    /// from the other charts' on the page.
    public static func inline(_ chart: Chart, id: String) -> String {
        let drawn = draw(chart, id: id)
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" aria-label=\"\(SVG.escaped(chart.title))\" width=\"\(SVG.n(width))\" height=\"\(SVG.n(drawn.height))\" viewBox=\"0 0 \(SVG.n(width)) \(SVG.n(drawn.height))\" font-family=\"\(ChartStyle.font)\">\(drawn.body)</svg>"
    }

    /// Where the plot sits and how values map into it.
    struct Frame {
        var left, top, width, height: Double
        var x: Chart.Axis
        var y: Chart.Axis?
        func px(_ value: Double) -> Double { left + (value - x.low) / (x.high - x.low) * width }
        func py(_ value: Double) -> Double {
            guard let y else { return top }
            return top + height - (value - y.low) / (y.high - y.low) * height
        }
        func rowCenter(_ row: Int) -> Double { top + (Double(row) + 0.5) * SVGChart.rowHeight }
        var right: Double { left + width }
        var bottom: Double { top + height }
    }

    static func draw(_ chart: Chart, id: String) -> (body: String, height: Double) {
        var out: [String] = ["<title>\(SVG.escaped(chart.title))</title>"]
        var layout = LabelLayout()
        let title = TextWidth.fitted(chart.title, size: titleSize * TextWidth.bold, width: width - 20)
        out.append(SVG.text(title, x: 10, y: 20, size: titleSize, weight: "bold", extra: "class=\"chart-title\""))
        layout.occupy(x: 10, y: 20, text: title, size: titleSize * TextWidth.bold, anchor: "start")
        var top = 34.0
        if chart.series.count > 1 {
            let legend = Legend.draw(chart.series, top: top, width: width - 20)
            out.append(legend.svg)
            top = legend.bottom + 6
        }
        let hasCenter = chart.marks.contains { if case .center = $0 { true } else { false } }
        top += 8 + (hasCenter ? 16 : 0)

        let yTicks = chart.y.map { AxisTicks.values(low: $0.low, high: $0.high, count: 6, scale: $0.scale) } ?? []
        let yLabels = chart.y.map { AxisTicks.labels(yTicks, scale: $0.scale) } ?? []
        let left: Double
        if chart.y != nil {
            left = 10 + 18 + 6 + (yLabels.map { TextWidth.of($0, size: tickSize) }.max() ?? 0) + 6
        } else {
            let widest = chart.rows.map { TextWidth.of($0.label, size: labelSize) }.max() ?? 0
            left = 10 + min(widest, width * 0.36) + 10
        }
        let height = chart.y != nil ? plotHeight : max(1, Double(chart.rows.count)) * rowHeight
        var (xTicks, xLabels) = fittedXTicks(chart.x, plotWidth: width - left - 20)
        let rightOverhang = (xLabels.last.map { TextWidth.of($0, size: tickSize) / 2 } ?? 0)
        let plotWidth = width - left - max(20, rightOverhang + 6)
        (xTicks, xLabels) = fittedXTicks(chart.x, plotWidth: plotWidth)
        let frame = Frame(left: left, top: top, width: plotWidth, height: height, x: chart.x, y: chart.y)

        out.append("<g class=\"plot\" data-chart=\"\(SVG.escaped(chart.kind))\" data-plot=\"\(SVG.n(frame.left)) \(SVG.n(frame.top)) \(SVG.n(frame.width)) \(SVG.n(frame.height))\" data-x=\"\(SVG.value(chart.x.low)) \(SVG.value(chart.x.high))\"\(chart.y.map { " data-y=\"\(SVG.value($0.low)) \(SVG.value($0.high))\"" } ?? "")>")
        out.append("<defs><clipPath id=\"\(id)-clip\"><rect x=\"\(SVG.n(frame.left))\" y=\"\(SVG.n(frame.top - 1))\" width=\"\(SVG.n(frame.width))\" height=\"\(SVG.n(frame.height + 2))\"/></clipPath></defs>")
        out += Axes.draw(frame, xTicks: xTicks, xLabels: xLabels, yTicks: yTicks, yLabels: yLabels, rows: chart.rows)
        out.append("<g clip-path=\"url(#\(id)-clip)\">")
        out += Marks.areas(chart.marks, frame)
        out.append("</g>")
        out += Marks.lines(chart.marks, frame, clip: "\(id)-clip")
        out += Marks.labelled(chart.marks, frame, layout: &layout)
        out.append("</g>")
        let bottom = frame.bottom + 6 + tickSize + 8 + labelSize + 8
        return (out.joined(separator: "\n"), bottom)
    }

    /// As many x ticks as fit with their labels apart by at least a space's width.
    static func fittedXTicks(_ axis: Chart.Axis, plotWidth: Double) -> ([Double], [String]) {
        var count = max(2, Int(plotWidth / 70))
        while true {
            let ticks = AxisTicks.values(low: axis.low, high: axis.high, count: count, scale: axis.scale)
            let labels = AxisTicks.labels(ticks, scale: axis.scale)
            let spacing = ticks.count > 1 ? (ticks[1] - ticks[0]) / (axis.high - axis.low) * plotWidth : plotWidth
            let widest = labels.map { TextWidth.of($0, size: tickSize) }.max() ?? 0
            if widest + 10 <= spacing { return (ticks, labels) }
            if count <= 2 { return (Array(ticks.prefix(1)), Array(labels.prefix(1))) }
            count -= 1
        }
    }
}
