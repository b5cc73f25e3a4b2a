/// How an observed value sits in a recorded forecast, from its 1st to 99th percentiles.
public enum ForecastScore {
    /// The forecast's cumulative probability at the actual (the probability integral
    /// transform): linear between the stored percentiles, and 0.005 or 0.995 beyond the 1st
    /// or 99th (the half-percent left outside). Ties take the middle of their levels, so a
    /// constant forecast that comes true scores 0.5.
    public static func pit(_ actual: Double, percentiles q: [Double]) -> Double {
        let below = q.filter { $0 < actual }.count, equal = q.filter { $0 == actual }.count
        if equal > 0 { return (Double(below) + Double(equal + 1) / 2) / 100 }
        if below == 0 { return 0.005 }
        if below == q.count { return 0.995 }
        let (low, high) = (q[below - 1], q[below])
        return (Double(below) + (actual - low) / (high - low)) / 100
    }

    /// The continuous ranked probability score from the quantiles: twice the average pinball
    /// loss over the levels 1%...99% (Gneiting and Raftery's quantile form), in the metric's
    /// units; lower is better, and 0 only for a certain forecast that came true.
    public static func crps(_ actual: Double, percentiles q: [Double]) -> Double {
        var total = 0.0
        for (index, quantile) in q.enumerated() {
            let level = Double(index + 1) / 100
            total += (actual < quantile ? 1 - level : -level) * (quantile - actual)
        }
        return 2 * total / Double(q.count)
    }
}
