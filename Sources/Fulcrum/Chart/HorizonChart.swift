/// How the expected difference between roadmaps changes with the horizon it is judged
/// over, with its Monte Carlo error and the period where the leader changes.
public enum HorizonChart {
    /// The pairs that weigh roadmaps against each other (those against the baseline only
    /// when there is nothing else to weigh); with more than four roadmaps, each against the first.
    public static func chart(_ comparison: Comparison) -> Chart {
        let s = comparison.scenario
        let contenders = comparison.candidates.filter { !$0.roadmap.isBaseline }.map(\.name)
        var pairs = contenders.count >= 2 ? comparison.pairs.filter { contenders.contains($0.a) && contenders.contains($0.b) } : comparison.pairs
        if contenders.count > 4 { pairs = pairs.filter { $0.a == contenders[0] || $0.b == contenders[0] } }
        var marks: [Chart.Mark] = [.level(y: 0)]
        var low = 0.0, high = 0.0
        for (index, pair) in pairs.enumerated() {
            let periods = pair.byHorizon.indices.map { Double($0 + 1) }
            let lower = zip(periods, zip(pair.byHorizon, pair.byHorizonMcse)).map { Chart.Point($0, $1.0 - 1.96 * $1.1) }
            let upper = zip(periods, zip(pair.byHorizon, pair.byHorizonMcse)).map { Chart.Point($0, $1.0 + 1.96 * $1.1) }
            marks.append(.band(series: index, low: lower, high: upper, outer: true))
            marks.append(.line(series: index, points: zip(periods, pair.byHorizon).map { Chart.Point($0, $1) }))
            low = min(low, lower.map(\.y).min() ?? 0)
            high = max(high, upper.map(\.y).max() ?? 0)
            if let crossover = pair.crossoverPeriod {
                marks.append(.rule(x: Double(crossover), labels: ["\(pair.a) leads from \(s.period) \(crossover)"], role: "crossover"))
            }
        }
        let horizon = comparison.pairs.first?.byHorizon.count ?? 1
        return Chart(kind: "horizon", title: "Expected difference in \(s.primary.metric) by horizon (95% Monte Carlo band)",
                     x: Chart.Axis(title: "horizon (\(s.period)s)", low: 1, high: Double(max(2, horizon)), scale: .period),
                     y: Chart.Axis(title: "A minus B", low: low, high: high, scale: .number(unit: s.primary.unit)),
                     series: pairs.map { Chart.Series("\($0.a) − \($0.b)") }, marks: marks)
    }
}
