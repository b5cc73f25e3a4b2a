/// Colours and line patterns by series. The colours are Okabe and Ito's, told apart with
/// the common colour-vision deficiencies; each series also has its own dash and marker, so
/// the chart still reads printed in grey.
enum ChartStyle {
    static let colours = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
    static let dashes = ["", "7 4", "2 3", "8 3 2 3", "12 4", "4 2 4 6", "1 5"]

    static func colour(_ series: Int) -> String { colours[series % colours.count] }
    static func dash(_ series: Int) -> String { dashes[series % dashes.count] }

    /// The marker for a series: circle, square, triangle, diamond, in turn.
    static func marker(_ series: Int, x: Double, y: Double, size: Double = 4.5) -> String {
        let fill = "fill=\"\(colour(series))\" stroke=\"#fff\" stroke-width=\"1\""
        switch series % 4 {
        case 0: return "<circle cx=\"\(SVG.n(x))\" cy=\"\(SVG.n(y))\" r=\"\(SVG.n(size))\" \(fill)/>"
        case 1: return "<rect x=\"\(SVG.n(x - size))\" y=\"\(SVG.n(y - size))\" width=\"\(SVG.n(2 * size))\" height=\"\(SVG.n(2 * size))\" \(fill)/>"
        case 2: return "<path d=\"M\(SVG.n(x)) \(SVG.n(y - size * 1.2))L\(SVG.n(x + size * 1.1)) \(SVG.n(y + size * 0.8))L\(SVG.n(x - size * 1.1)) \(SVG.n(y + size * 0.8))Z\" \(fill)/>"
        default: return "<path d=\"M\(SVG.n(x)) \(SVG.n(y - size * 1.3))L\(SVG.n(x + size * 1.1)) \(SVG.n(y))L\(SVG.n(x)) \(SVG.n(y + size * 1.3))L\(SVG.n(x - size * 1.1)) \(SVG.n(y))Z\" \(fill)/>"
        }
    }

    static let font = "'DejaVu Sans', Verdana, sans-serif"
    static let ink = "#222"
    static let grid = "#ddd"
    static let muted = "#555"
}

/// Text and numbers as SVG wants them.
enum SVG {
    static func escaped(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    /// A coordinate to 0.1 px: enough for a screen or a printer, short in the file.
    static func n(_ x: Double) -> String {
        let rounded = (x * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    /// A value as a `data-` attribute: full precision, for tests that check the drawing.
    static func value(_ x: Double) -> String { "\(x)" }

    static func text(_ content: String, x: Double, y: Double, size: Double, anchor: String = "start", weight: String? = nil,
                     fill: String = ChartStyle.ink, extra: String = "") -> String {
        "<text x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(n(size))\" text-anchor=\"\(anchor)\"\(weight.map { " font-weight=\"\($0)\"" } ?? "") fill=\"\(fill)\"\(extra.isEmpty ? "" : " " + extra)>\(escaped(content))</text>"
    }
}
