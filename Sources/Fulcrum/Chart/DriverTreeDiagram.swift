/// The driver tree drawn left to right: the goal, the metrics it is built from, the
/// inputs, and in the last column the features, shaded by their expected contribution and
/// joined to what they move.
public enum DriverTreeDiagram {
    static let boxHeight = 24.0, gap = 8.0, size = 11.0

    /// `contributions` by feature id (any scale; the largest is darkest); features without
    /// one are drawn white.
    public static func svg(_ tree: DriverTree, contributions: [String: Double]) -> String {
        let depth = (tree.nodes.map(\.depth).max() ?? 0) + 1
        let features = tree.scenario.features.map(\.id).filter { id in tree.nodes.contains { $0.features.contains { $0.feature == id } } }
            .sorted { (contributions[$0] ?? -.infinity) > (contributions[$1] ?? -.infinity) }
        let columns = depth + (features.isEmpty ? 0 : 1)
        // Feature names are what a reader looks for: their column gets the room they need, up to a third.
        let widestFeature = features.map { TextWidth.of($0, size: size) }.max() ?? 0
        let featureWidth = features.isEmpty ? 0 : min((SVGChart.width - 20) / 3, max(110, widestFeature + 14))
        let columnWidth = (SVGChart.width - 20 - featureWidth) / Double(depth)
        let boxWidth = columnWidth - 28
        var position: [String: (x: Double, y: Double)] = [:]
        var rowsPerColumn = [Int](repeating: 0, count: columns)
        let top = 40.0
        for node in tree.nodes {
            let row = rowsPerColumn[node.depth]
            rowsPerColumn[node.depth] += 1
            position[node.name] = (10 + Double(node.depth) * columnWidth, top + Double(row) * (boxHeight + gap))
        }
        for (row, id) in features.enumerated() {
            position["feature:" + id] = (SVGChart.width - 10 - featureWidth + 4, top + Double(row) * (boxHeight + gap))
        }
        let rows = rowsPerColumn.max().map { max($0, features.count) } ?? 0
        let height = top + Double(rows) * (boxHeight + gap) + 10
        var edges: [String] = [], boxes: [String] = []
        for node in tree.nodes {
            guard let from = position[node.name] else { continue }
            for (child, lagged) in node.reads.map({ ($0, false) }) + node.lagged.map({ ($0, true) }) {
                guard let to = position[child], to.x > from.x else { continue }
                edges.append(curve(from: (from.x + boxWidth, from.y + boxHeight / 2), to: (to.x, to.y + boxHeight / 2),
                                   colour: "#888", dash: lagged))
            }
            for attachment in node.features {
                guard let to = position["feature:" + attachment.feature] else { continue }
                edges.append(curve(from: (from.x + boxWidth, from.y + boxHeight / 2), to: (to.x, to.y + boxHeight / 2),
                                   colour: ChartStyle.colour(0), dash: false))
            }
            let kind = node.kind == .metric ? "metric" : "input"
            boxes.append(box(node.name, at: from, width: boxWidth, fill: node.kind == .metric ? "#e8eef6" : "#fff",
                             stroke: node.depth == 0 ? ChartStyle.ink : "#777", bold: node.depth == 0,
                             extra: "class=\"node\" data-kind=\"\(kind)\" data-name=\"\(SVG.escaped(node.name))\"", tooltip: "\(node.name) = \(node.formula)"))
        }
        let largest = features.compactMap { contributions[$0] }.map { abs($0) }.max() ?? 0
        for id in features {
            let share = largest > 0 ? max(0, contributions[id] ?? 0) / largest : 0
            let fill = shade(share)
            let tooltip = contributions[id].map { "\(id): expected contribution \(NumberFormat.auto($0))" } ?? id
            boxes.append(box(id, at: position["feature:" + id]!, width: featureWidth - 4, fill: fill, stroke: "#555", bold: false,
                             textFill: share > 0.55 ? "#fff" : ChartStyle.ink,
                             extra: "class=\"node\" data-kind=\"feature\" data-name=\"\(SVG.escaped(id))\" data-contribution=\"\(SVG.value(contributions[id] ?? 0))\"",
                             tooltip: tooltip))
        }
        var headers: [String] = []
        for column in 0..<columns {
            let title = column == 0 ? "goal" : column == depth ? "features" : column == depth - 1 ? "inputs and metrics" : "drivers"
            let x = column == depth ? SVGChart.width - 10 - featureWidth + 4 : 10 + Double(column) * columnWidth
            headers.append(SVG.text(TextWidth.fitted(title, size: size, width: (column == depth ? featureWidth : columnWidth) - 8), x: x, y: 26, size: size,
                                    fill: ChartStyle.muted, extra: "class=\"column-title\""))
        }
        let title = "<title>Driver tree of \(SVG.escaped(tree.scenario.primary.metric))</title>"
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" aria-label=\"Driver tree of \(SVG.escaped(tree.scenario.primary.metric))\" width=\"\(SVG.n(SVGChart.width))\" height=\"\(SVG.n(height))\" viewBox=\"0 0 \(SVG.n(SVGChart.width)) \(SVG.n(height))\" font-family=\"\(ChartStyle.font)\" data-chart=\"tree\">"
            + title + headers.joined() + edges.joined() + boxes.joined() + "</svg>"
    }

    /// White to Okabe-Ito blue: lightness alone carries the value, so it survives grey print.
    static func shade(_ share: Double) -> String {
        let (r, g, b) = (0.0, 114.0, 178.0)
        func mix(_ c: Double) -> Int { Int((255 - (255 - c) * share).rounded()) }
        return "rgb(\(mix(r)),\(mix(g)),\(mix(b)))"
    }

    private static func box(_ name: String, at p: (x: Double, y: Double), width: Double, fill: String, stroke: String, bold: Bool,
                            textFill: String = ChartStyle.ink, extra: String, tooltip: String) -> String {
        let shown = TextWidth.fitted(name, size: bold ? size * TextWidth.bold : size, width: width - 10)
        return "<g \(extra)><title>\(SVG.escaped(tooltip))</title><rect x=\"\(SVG.n(p.x))\" y=\"\(SVG.n(p.y))\" width=\"\(SVG.n(width))\" height=\"\(SVG.n(boxHeight))\" rx=\"4\" fill=\"\(fill)\" stroke=\"\(stroke)\" stroke-width=\"\(bold ? 2 : 1)\"/>"
            + SVG.text(shown, x: p.x + 5, y: p.y + boxHeight / 2 + size * 0.35, size: size, weight: bold ? "bold" : nil, fill: textFill) + "</g>"
    }

    private static func curve(from a: (Double, Double), to b: (Double, Double), colour: String, dash: Bool) -> String {
        let middle = (a.0 + b.0) / 2
        return "<path d=\"M\(SVG.n(a.0)) \(SVG.n(a.1))C\(SVG.n(middle)) \(SVG.n(a.1)) \(SVG.n(middle)) \(SVG.n(b.1)) \(SVG.n(b.0)) \(SVG.n(b.1))\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.2\" stroke-opacity=\"0.7\"\(dash ? " stroke-dasharray=\"4 3\"" : "")/>"
    }
}
