/// How wide a label is drawn, estimated from DejaVu Sans's advance widths (the charts ask
/// for DejaVu Sans, then Verdana, which has nearly the same metrics), rounded up by 5%:
/// layout decides from these which labels fit, so they must not underestimate.
enum TextWidth {
    /// Bold text is about this much wider: pass `size * bold` for a bold label.
    static let bold = 1.12

    static func of(_ text: String, size: Double) -> Double {
        text.unicodeScalars.reduce(0) { $0 + advance($1) } * size * 1.05
    }

    /// The text cut to fit `width`, ending in an ellipsis when cut.
    static func fitted(_ text: String, size: Double, width: Double) -> String {
        guard of(text, size: size) > width else { return text }
        var cut = Substring(text)
        while !cut.isEmpty, of(String(cut) + "…", size: size) > width { cut = cut.dropLast() }
        return String(cut) + "…"
    }

    /// The text broken at spaces into lines no wider than `width` (a word wider than that
    /// is cut to fit).
    static func lines(_ text: String, size: Double, width: Double) -> [String] {
        var lines: [String] = [], current = ""
        for word in text.split(separator: " ") {
            let candidate = current.isEmpty ? String(word) : current + " " + word
            if of(candidate, size: size) <= width {
                current = candidate
            } else {
                if !current.isEmpty { lines.append(current) }
                current = fitted(String(word), size: size, width: width)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// Advance width in ems.
    private static func advance(_ c: Unicode.Scalar) -> Double {
        switch c {
        case "0"..."9": 0.636
        case " ", ",", ".", ":", ";", "!", "|", "'": 0.318
        case "i", "j", "l", "I", "J": 0.295
        case "f", "t", "r", "(", ")", "[", "]", "/", "-": 0.411
        case "m", "M", "W", "w", "%", "…": 1.0
        case "+", "=", "<", ">", "×", "−": 0.838
        case "a"..."z": 0.635
        case "A"..."Z": 0.775
        default: 0.8
        }
    }
}
