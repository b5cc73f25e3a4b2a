import Foundation

/// Tick positions a reader can add up in their head: 1, 2 or 5 times a power of ten, and
/// labels with thousands separators and just enough decimals to tell them apart.
enum AxisTicks {
    /// About `count` ticks inside `low...high`: at least two where the range allows.
    static func values(low: Double, high: Double, count: Int, scale: Chart.Scale) -> [Double] {
        let span = high - low
        guard span > 0, span.isFinite else { return [low] }
        var step = niceStep(span / Double(max(1, count)))
        while true {
            if scale == .period { step = max(1, step.rounded()) }
            let ticks = ticks(low: low, high: high, step: step)
            if ticks.count >= 2 || (scale == .period && step == 1) { return ticks }
            step = niceStep(step / 2.5)
        }
    }

    private static func ticks(low: Double, high: Double, step: Double) -> [Double] {
        let first = (low / step).rounded(.up), last = (high / step).rounded(.down)
        guard last >= first else { return [] }
        // Rounded to the step's decimals, so that 3 x 0.2 is 0.6.
        let precision = pow(10, max(0, -(log10(step)).rounded(.down)))
        return stride(from: first, through: last, by: 1).map { k in
            let value = (k * step * precision).rounded() / precision
            return value == 0 ? 0 : value
        }
    }

    /// The 1, 2 or 5 times a power of ten nearest to `raw`.
    static func niceStep(_ raw: Double) -> Double {
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let fraction = raw / magnitude
        let nice: Double = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        return nice * magnitude
    }

    /// Labels for ticks in one style: the decimals of the step, so 0.5, 1.0, 1.5 read alike.
    static func labels(_ ticks: [Double], scale: Chart.Scale) -> [String] {
        let step = ticks.count > 1 ? abs(ticks[1] - ticks[0]) : abs(ticks.first ?? 1)
        switch scale {
        case .percent:
            let decimals = step * 100 >= 1 || step == 0 ? 0 : min(4, Int((-log10(step * 100)).rounded(.up)))
            return ticks.map { String(format: "%.\(decimals)f%%", $0 * 100) }
        case .period:
            return ticks.map { String(Int($0.rounded())) }
        case .number:
            // Millions as "2.5M", tens of thousands as "250k": shorter labels fit more ticks.
            let largest = ticks.map { abs($0) }.max() ?? 0
            let (factor, suffix) = largest >= 1e9 ? (1e9, "B") : largest >= 1e6 ? (1e6, "M") : largest >= 1e4 ? (1e3, "k") : (1, "")
            let scaled = step / factor
            let decimals = scaled >= 1 || scaled == 0 ? 0 : min(8, Int((-log10(scaled)).rounded(.up)))
            return ticks.map { $0 == 0 ? "0" : NumberFormat.grouped($0 / factor, decimals: decimals) + suffix }
        }
    }

    /// One label for a single value (a target, a crossover), as its axis writes numbers.
    static func label(_ value: Double, scale: Chart.Scale) -> String {
        switch scale {
        case .percent: NumberFormat.percent(value)
        case .period: String(Int(value.rounded()))
        case .number: NumberFormat.auto(value)
        }
    }
}
