/// The boxes of the labels placed so far in a chart, so that a new label goes only where
/// it overlaps none of them.
struct LabelLayout {
    struct Box {
        var x0, y0, x1, y1: Double
        func overlaps(_ o: Box) -> Bool { x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1 }
    }

    private(set) var boxes: [Box] = []

    /// The box a text occupies when drawn at (x, y) on its baseline.
    static func box(x: Double, y: Double, text: String, size: Double, anchor: String) -> Box {
        let w = TextWidth.of(text, size: size)
        let x0 = anchor == "end" ? x - w : anchor == "middle" ? x - w / 2 : x
        return Box(x0: x0 - 1, y0: y - size * 0.95, x1: x0 + w + 1, y1: y + size * 0.3)
    }

    func fits(_ box: Box, within bounds: Box) -> Bool {
        box.x0 >= bounds.x0 && box.x1 <= bounds.x1 && box.y0 >= bounds.y0 && box.y1 <= bounds.y1
            && !boxes.contains { $0.overlaps(box) }
    }

    mutating func occupy(_ box: Box) { boxes.append(box) }

    mutating func occupy(x: Double, y: Double, text: String, size: Double, anchor: String) {
        occupy(Self.box(x: x, y: y, text: text, size: size, anchor: anchor))
    }
}

/// Series names in rows that wrap at the chart's width, each with its line and marker.
enum Legend {
    static func draw(_ series: [Chart.Series], top: Double, width: Double) -> (svg: String, bottom: Double) {
        var parts: [String] = ["<g class=\"legend\">"]
        var (x, y) = (10.0, top + 12)
        for (index, item) in series.enumerated() {
            let name = TextWidth.fitted(item.name, size: SVGChart.labelSize, width: width - 40)
            let itemWidth = 28 + TextWidth.of(name, size: SVGChart.labelSize) + 18
            if x > 10, x + itemWidth > width + 10 {
                (x, y) = (10, y + 20)
            }
            parts.append("<line x1=\"\(SVG.n(x))\" y1=\"\(SVG.n(y - 4))\" x2=\"\(SVG.n(x + 22))\" y2=\"\(SVG.n(y - 4))\" stroke=\"\(ChartStyle.colour(index))\" stroke-width=\"2.5\"\(dash(index))/>")
            parts.append(ChartStyle.marker(index, x: x + 11, y: y - 4, size: 3.5))
            parts.append(SVG.text(name, x: x + 28, y: y, size: SVGChart.labelSize, extra: "class=\"legend-label\""))
            x += itemWidth
        }
        parts.append("</g>")
        return (parts.joined(separator: "\n"), y + 6)
    }

    static func dash(_ series: Int) -> String {
        let pattern = ChartStyle.dash(series)
        return pattern.isEmpty ? "" : " stroke-dasharray=\"\(pattern)\""
    }
}
