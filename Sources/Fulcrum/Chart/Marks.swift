/// The data drawn inside a chart's plot.
enum Marks {
    /// Areas first, so that lines and markers stay on top of them.
    static func areas(_ marks: [Chart.Mark], _ f: SVGChart.Frame) -> [String] {
        var out: [String] = []
        for mark in marks {
            switch mark {
            case .band(let series, let low, let high, let outer):
                let points = low.map { (f.px($0.x), f.py($0.y)) } + high.reversed().map { (f.px($0.x), f.py($0.y)) }
                out.append("<path class=\"band\" d=\"\(path(points))Z\" fill=\"\(ChartStyle.colour(series))\" fill-opacity=\"\(outer ? "0.16" : "0.34")\" stroke=\"none\"/>")
            case .histogram(let series, let edges, let heights, true):
                for (i, height) in heights.enumerated() where height > 0 {
                    let (x0, x1, y) = (f.px(edges[i]), f.px(edges[i + 1]), f.py(height))
                    out.append("<rect class=\"bin\" x=\"\(SVG.n(x0))\" y=\"\(SVG.n(y))\" width=\"\(SVG.n(max(0.5, x1 - x0 - 0.5)))\" height=\"\(SVG.n(f.bottom - y))\" fill=\"\(ChartStyle.colour(series))\" fill-opacity=\"0.35\"/>")
                }
            case .bar(let row, let from, let to, let series):
                let (x0, x1) = (f.px(min(from, to)), f.px(max(from, to)))
                let y = f.rowCenter(row)
                out.append("<rect class=\"bar\" data-row=\"\(row)\" x=\"\(SVG.n(x0))\" y=\"\(SVG.n(y - 8))\" width=\"\(SVG.n(max(1, x1 - x0)))\" height=\"16\" fill=\"\(ChartStyle.colour(series))\" fill-opacity=\"0.8\"><title>\(SVG.escaped(AxisTicks.label(to, scale: f.x.scale)))</title></rect>")
            default: break
            }
        }
        return out
    }

    static func lines(_ marks: [Chart.Mark], _ f: SVGChart.Frame, clip: String) -> [String] {
        var out: [String] = ["<g clip-path=\"url(#\(clip))\">"]
        for mark in marks {
            switch mark {
            case .line(let series, let points):
                out.append("<path class=\"line\" d=\"\(path(points.map { (f.px($0.x), f.py($0.y)) }))\" fill=\"none\" stroke=\"\(ChartStyle.colour(series))\" stroke-width=\"2.2\"\(Legend.dash(series))/>")
            case .histogram(let series, let edges, let heights, false):
                var points: [(Double, Double)] = [(f.px(edges[0]), f.bottom)]
                for (i, height) in heights.enumerated() {
                    points += [(f.px(edges[i]), f.py(height)), (f.px(edges[i + 1]), f.py(height))]
                }
                points.append((f.px(edges[edges.count - 1]), f.bottom))
                out.append("<path class=\"outline\" d=\"\(path(points))\" fill=\"none\" stroke=\"\(ChartStyle.colour(series))\" stroke-width=\"1.8\"\(Legend.dash(series))/>")
            case .level(let y):
                out.append("<line class=\"level\" x1=\"\(SVG.n(f.left))\" y1=\"\(SVG.n(f.py(y)))\" x2=\"\(SVG.n(f.right))\" y2=\"\(SVG.n(f.py(y)))\" stroke=\"#777\" stroke-width=\"1.2\"/>")
            case .interval(let row, let low, let middle, let high, let series):
                let y = f.rowCenter(row)
                let colour = ChartStyle.colour(series)
                let hover = "\(AxisTicks.label(middle, scale: f.x.scale)) (\(AxisTicks.label(low, scale: f.x.scale)) to \(AxisTicks.label(high, scale: f.x.scale)))"
                out.append("<g class=\"interval\" data-row=\"\(row)\" data-low=\"\(SVG.value(low))\" data-mid=\"\(SVG.value(middle))\" data-high=\"\(SVG.value(high))\"><title>\(SVG.escaped(hover))</title>")
                out.append("<line x1=\"\(SVG.n(f.px(low)))\" y1=\"\(SVG.n(y))\" x2=\"\(SVG.n(f.px(high)))\" y2=\"\(SVG.n(y))\" stroke=\"\(colour)\" stroke-width=\"2.2\"/>")
                for end in [low, high] {
                    out.append("<line x1=\"\(SVG.n(f.px(end)))\" y1=\"\(SVG.n(y - 5))\" x2=\"\(SVG.n(f.px(end)))\" y2=\"\(SVG.n(y + 5))\" stroke=\"\(colour)\" stroke-width=\"1.6\"/>")
                }
                out.append(ChartStyle.marker(series, x: f.px(middle), y: y) + "</g>")
            default: break
            }
        }
        out.append("</g>")
        return out
    }

    /// Marks with text: markers first, then rules with their labels at the top of the plot
    /// (beside the line, on whichever side and row is free), then the markers' labels where
    /// there is room.
    static func labelled(_ marks: [Chart.Mark], _ f: SVGChart.Frame, layout: inout LabelLayout) -> [String] {
        var out: [String] = []
        let size = SVGChart.tickSize
        let plot = LabelLayout.Box(x0: f.left + 2, y0: f.top + 2, x1: f.right - 2, y1: f.bottom - 2)
        for mark in marks {
            guard case .points(let series, let points, _, let ids) = mark else { continue }
            for (i, point) in points.enumerated() {
                let (px, py) = (f.px(point.x), f.py(point.y))
                let hover = "\(ids[i]): \(AxisTicks.label(point.x, scale: f.x.scale)), \(f.y.map { AxisTicks.label(point.y, scale: $0.scale) } ?? "")"
                out.append("<g class=\"point\" data-id=\"\(SVG.escaped(ids[i]))\" data-x=\"\(SVG.value(point.x))\" data-y=\"\(SVG.value(point.y))\"><title>\(SVG.escaped(hover))</title>\(ChartStyle.marker(series, x: px, y: py))</g>")
                layout.occupy(LabelLayout.Box(x0: px - 5, y0: py - 5, x1: px + 5, y1: py + 5))
            }
        }
        var ruleRow = 0
        for mark in marks {
            switch mark {
            case .rule(let x, let labels, let role):
                let px = f.px(x)
                guard px >= f.left - 0.5, px <= f.right + 0.5 else { continue }
                out.append("<line class=\"rule\" data-role=\"\(SVG.escaped(role))\" data-value=\"\(SVG.value(x))\" x1=\"\(SVG.n(px))\" y1=\"\(SVG.n(f.top))\" x2=\"\(SVG.n(px))\" y2=\"\(SVG.n(f.bottom))\" stroke=\"\(ChartStyle.ink)\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/>")
                let texts = labels.map { TextWidth.fitted($0, size: size, width: f.width / 2 - 8) }
                func row(_ r: Int) -> Double { f.top + 14 + Double(r) * (size + 5) }
                // The first rows, on one side of the line, where every line of the label fits.
                var placed: (row: Int, x: Double, anchor: String)?
                while placed == nil, ruleRow + texts.count <= 14 {
                    for (lx, anchor) in [(px + 5, "start"), (px - 5, "end")]
                    where texts.indices.allSatisfy({ layout.fits(LabelLayout.box(x: lx, y: row(ruleRow + $0), text: texts[$0], size: size, anchor: anchor), within: plot) }) {
                        placed = (ruleRow, lx, anchor)
                        break
                    }
                    ruleRow += 1
                }
                guard let placed else { continue }
                ruleRow = placed.row + texts.count
                for (i, text) in texts.enumerated() {
                    layout.occupy(x: placed.x, y: row(placed.row + i), text: text, size: size, anchor: placed.anchor)
                    out.append(SVG.text(text, x: placed.x, y: row(placed.row + i), size: size, anchor: placed.anchor,
                                        extra: "class=\"rule-label\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\""))
                }
            case .center(let x, let label):
                let px = f.px(x)
                out.append("<line class=\"center\" data-value=\"\(SVG.value(x))\" x1=\"\(SVG.n(px))\" y1=\"\(SVG.n(f.top - 4))\" x2=\"\(SVG.n(px))\" y2=\"\(SVG.n(f.bottom))\" stroke=\"\(ChartStyle.ink)\" stroke-width=\"1.5\"/>")
                let text = TextWidth.fitted(label, size: size, width: f.width)
                let box = LabelLayout.box(x: px, y: f.top - 8, text: text, size: size, anchor: "middle")
                let anchor = box.x0 < f.left ? "start" : box.x1 > f.right ? "end" : "middle"
                let lx = anchor == "start" ? f.left : anchor == "end" ? f.right : px
                layout.occupy(x: lx, y: f.top - 8, text: text, size: size, anchor: anchor)
                out.append(SVG.text(text, x: lx, y: f.top - 8, size: size, anchor: anchor, extra: "class=\"center-label\""))
            default: break
            }
        }
        for mark in marks {
            guard case .points(_, let points, let labels, _) = mark else { continue }
            for (i, point) in points.enumerated() where !labels[i].isEmpty {
                let (px, py) = (f.px(point.x), f.py(point.y))
                let candidates = [(px + 8, py + 4, "start"), (px - 8, py + 4, "end"), (px, py - 9, "middle"), (px, py + 17, "middle")]
                for (x, y, anchor) in candidates {
                    let box = LabelLayout.box(x: x, y: y, text: labels[i], size: size, anchor: anchor)
                    if layout.fits(box, within: plot) {
                        layout.occupy(box)
                        out.append(SVG.text(labels[i], x: x, y: y, size: size, anchor: anchor, extra: "class=\"point-label\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\""))
                        break
                    }
                }
            }
        }
        return out
    }

    static func path(_ points: [(Double, Double)]) -> String {
        points.enumerated().map { i, p in (i == 0 ? "M" : "L") + SVG.n(p.0) + " " + SVG.n(p.1) }.joined()
    }
}
