/// The statistics reported for any simulated quantity.
public struct Summary: Sendable, Equatable {
    public var mean: Double
    public var sd: Double
    public var mcse: Double
    /// Quantiles at `Summary.levels`.
    public var quantiles: [Double]
    /// P(value >= target), when a target is given.
    public var probTarget: Double?

    public static let levels = [0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95]

    public func quantile(_ level: Double) -> Double {
        quantiles[Summary.levels.firstIndex(of: level)!]
    }

    public var p5: Double { quantile(0.05) }
    public var p50: Double { quantile(0.50) }
    public var p95: Double { quantile(0.95) }

    /// Linear interpolation between order statistics at rank q(n-1) (NumPy's default).
    public static func interpolatedQuantile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let position = q * Double(sorted.count - 1)
        let below = Int(position.rounded(.down))
        let above = min(below + 1, sorted.count - 1)
        let fraction = position - Double(below)
        return sorted[below] + (sorted[above] - sorted[below]) * fraction
    }
}
