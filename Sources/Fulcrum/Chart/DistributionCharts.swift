/// The goal's distribution under one or more roadmaps: a histogram with the target and
/// the chance of reaching it, and the cumulative S-curve, all from the simulations' own
/// sketches of the primary metric.
public enum DistributionCharts {
    /// The share of samples per bin, on shared bins from the 0.5th to the 99.5th percentile
    /// over every roadmap; the first roadmap is filled, the others outlined.
    public static func histogram(_ runs: [(name: String, simulation: Simulation)]) -> Chart {
        let s = runs[0].simulation.scenario
        let low = runs.map { $0.simulation.distribution.quantile(0.005) }.min() ?? 0
        let high = runs.map { $0.simulation.distribution.quantile(0.995) }.max() ?? 1
        var (from, to) = Chart.Axis.padded(min(low, s.primary.target ?? low), max(high, s.primary.target ?? high))
        let step = AxisTicks.niceStep((to - from) / 36)
        (from, to) = ((from / step).rounded(.down) * step, (to / step).rounded(.up) * step)
        let edges = Array(stride(from: from, through: to + step / 2, by: step))
        var marks: [Chart.Mark] = []
        var tallest = 0.0
        for (index, run) in runs.enumerated() {
            let counts = run.simulation.distribution.counts(between: edges)
            let heights = counts.map { Double($0) / Double(max(1, run.simulation.distribution.count)) }
            tallest = max(tallest, heights.max() ?? 0)
            marks.append(.histogram(series: index, edges: edges, heights: heights, filled: index == 0))
        }
        marks += targetRule(runs)
        return Chart(kind: "distribution", title: "\(s.primary.metric): \(SimulationReport.aggregateDescription(s))",
                     x: Chart.Axis(title: s.primary.metric, low: edges[0], high: edges[edges.count - 1], scale: .number(unit: s.primary.unit)),
                     y: Chart.Axis(title: "share of samples", low: 0, high: tallest * 1.12, scale: .percent),
                     series: runs.map { Chart.Series($0.name) }, marks: marks)
    }

    /// P(value <= x) against x for each roadmap: where a curve crosses the target line, one
    /// minus that height is the chance of reaching it.
    public static func cumulative(_ runs: [(name: String, simulation: Simulation)]) -> Chart {
        let s = runs[0].simulation.scenario
        let levels = stride(from: 0.005, through: 0.9951, by: 0.005).map { $0 }
        var marks: [Chart.Mark] = [.level(y: 0.5)]
        var low = Double.infinity, high = -Double.infinity
        for (index, run) in runs.enumerated() {
            let points = levels.map { Chart.Point(run.simulation.distribution.quantile($0), $0) }
            low = min(low, points.first!.x)
            high = max(high, points.last!.x)
            marks.append(.line(series: index, points: points))
        }
        marks += targetRule(runs)
        let target = s.primary.target
        return Chart(kind: "cumulative", title: "\(s.primary.metric): chance of ending at or below each value",
                     x: Chart.Axis(title: s.primary.metric, low: min(low, target ?? low), high: max(high, target ?? high),
                                   scale: .number(unit: s.primary.unit)),
                     y: Chart.Axis(title: "P(at or below)", low: 0, high: 1, scale: .percent),
                     series: runs.map { Chart.Series($0.name) }, marks: marks)
    }

    private static func targetRule(_ runs: [(name: String, simulation: Simulation)]) -> [Chart.Mark] {
        let s = runs[0].simulation.scenario
        guard let target = s.primary.target else { return [] }
        let odds = runs.compactMap { run in run.simulation.primary.probTarget.map { "\(run.name): P(hit) \(NumberFormat.percent($0))" } }
        return [.rule(x: target, labels: ["target \(NumberFormat.auto(target))"] + odds, role: "target")]
    }
}
