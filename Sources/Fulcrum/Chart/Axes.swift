/// Gridlines, ticks, tick labels, axis titles and row labels around a chart's plot.
enum Axes {
    static func draw(_ frame: SVGChart.Frame, xTicks: [Double], xLabels: [String], yTicks: [Double], yLabels: [String],
                     rows: [Chart.Row]) -> [String] {
        var out: [String] = []
        let size = SVGChart.tickSize
        for (tick, label) in zip(yTicks, yLabels) {
            let y = frame.py(tick)
            out.append("<line x1=\"\(SVG.n(frame.left))\" y1=\"\(SVG.n(y))\" x2=\"\(SVG.n(frame.right))\" y2=\"\(SVG.n(y))\" stroke=\"\(ChartStyle.grid)\" stroke-width=\"1\"/>")
            out.append(SVG.text(label, x: frame.left - 6, y: y + size * 0.35, size: size, anchor: "end", fill: ChartStyle.muted,
                                extra: "class=\"tick-y\" data-value=\"\(SVG.value(tick))\""))
        }
        for (tick, label) in zip(xTicks, xLabels) {
            let x = frame.px(tick)
            out.append("<line x1=\"\(SVG.n(x))\" y1=\"\(SVG.n(frame.top))\" x2=\"\(SVG.n(x))\" y2=\"\(SVG.n(frame.bottom + 4))\" stroke=\"\(ChartStyle.grid)\" stroke-width=\"1\"/>")
            out.append(SVG.text(label, x: x, y: frame.bottom + 6 + size, size: size, anchor: "middle", fill: ChartStyle.muted,
                                extra: "class=\"tick-x\" data-value=\"\(SVG.value(tick))\""))
        }
        out.append("<rect x=\"\(SVG.n(frame.left))\" y=\"\(SVG.n(frame.top))\" width=\"\(SVG.n(frame.width))\" height=\"\(SVG.n(frame.height))\" fill=\"none\" stroke=\"#999\" stroke-width=\"1\"/>")
        let xTitle = TextWidth.fitted(axisTitle(frame.x), size: SVGChart.labelSize, width: frame.width)
        out.append(SVG.text(xTitle, x: frame.left + frame.width / 2, y: frame.bottom + 6 + size + 8 + SVGChart.labelSize,
                            size: SVGChart.labelSize, anchor: "middle", extra: "class=\"axis-title\""))
        if let y = frame.y {
            let yTitle = TextWidth.fitted(axisTitle(y), size: SVGChart.labelSize, width: frame.height)
            let (cx, cy) = (10 + SVGChart.labelSize, frame.top + frame.height / 2)
            out.append(SVG.text(yTitle, x: cx, y: cy, size: SVGChart.labelSize, anchor: "middle",
                                extra: "class=\"axis-title\" transform=\"rotate(-90 \(SVG.n(cx)) \(SVG.n(cy)))\""))
        }
        let labelWidth = frame.left - 20
        for (index, row) in rows.enumerated() {
            let y = frame.rowCenter(index)
            if index % 2 == 1 {
                out.append("<rect x=\"\(SVG.n(frame.left))\" y=\"\(SVG.n(y - SVGChart.rowHeight / 2))\" width=\"\(SVG.n(frame.width))\" height=\"\(SVG.n(SVGChart.rowHeight))\" fill=\"#f4f4f4\"/>")
            }
            let shown = TextWidth.fitted(row.label, size: SVGChart.labelSize, width: labelWidth)
            let tooltip = shown == row.label ? "" : "<title>\(SVG.escaped(row.label))</title>"
            out.append("<text x=\"\(SVG.n(frame.left - 10))\" y=\"\(SVG.n(y + SVGChart.labelSize * 0.35))\" font-size=\"\(SVG.n(SVGChart.labelSize))\" text-anchor=\"end\" fill=\"\(ChartStyle.ink)\" class=\"row-label\" data-row-id=\"\(SVG.escaped(row.id))\">\(tooltip)\(SVG.escaped(shown))</text>")
        }
        return out
    }

    static func axisTitle(_ axis: Chart.Axis) -> String {
        if case .number(let unit?) = axis.scale, !unit.isEmpty { return "\(axis.title) (\(unit))" }
        return axis.title
    }
}
