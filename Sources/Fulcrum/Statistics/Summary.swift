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

    /// Exact summary of all samples (the array is sorted in place).
    public static func of(_ values: inout [Double], target: Double?) -> Summary {
        var moments = Moments()
        values.withUnsafeBufferPointer { moments.add($0) }
        values.sort()
        let hits = target.map { t in values.count - lowerBound(values, t) }
        return Summary(mean: moments.mean, sd: moments.sd, mcse: moments.mcse,
                       quantiles: levels.map { interpolatedQuantile(values, $0) },
                       probTarget: hits.map { Double($0) / Double(max(1, values.count)) })
    }

    /// Linear interpolation between order statistics at rank q(n-1) (NumPy's default).
    public static func interpolatedQuantile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let position = q * Double(sorted.count - 1)
        let below = Int(position.rounded(.down))
        let above = min(below + 1, sorted.count - 1)
        let fraction = position - Double(below)
        return sorted[below] + (sorted[above] - sorted[below]) * fraction
    }

    private static func lowerBound(_ sorted: [Double], _ value: Double) -> Int {
        var (low, high) = (0, sorted.count)
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
