/// A small text bar showing an interval and its median on a shared scale:
/// `   ├───●────┤   `.
enum FanBar {
    /// `zero` marks where 0 falls with `┆` when it is inside the scale.
    static func render(low: Double, middle: Double, high: Double, scaleMin: Double, scaleMax: Double, width: Int = 20,
                       markingZero zero: Bool = false) -> String {
        guard scaleMax > scaleMin, low.isFinite, high.isFinite, middle.isFinite else {
            return String(repeating: " ", count: width / 2) + "●"
        }
        func position(_ x: Double) -> Int {
            let fraction = (x - scaleMin) / (scaleMax - scaleMin)
            return min(width - 1, max(0, Int((fraction * Double(width - 1)).rounded())))
        }
        let (a, m, b) = (position(low), position(middle), position(high))
        var cells = [Character](repeating: " ", count: width)
        if zero, scaleMin < 0, scaleMax > 0 { cells[position(0)] = "┆" }
        if a < b {
            for i in a...b { cells[i] = "─" }
            cells[a] = "├"
            cells[b] = "┤"
        }
        cells[m] = "●"
        return String(cells).trailingSpacesRemoved
    }
}
