/// The efficient frontier: the best roadmap at each effort, by expected uplift and by the
/// chance of reaching the target, with the budget marked.
public enum FrontierCharts {
    public static func value(_ optimization: Optimization) -> Chart {
        let s = optimization.scenario
        let points = optimization.frontier.map { Chart.Point($0.effort, $0.uplift.mean) }
        return chart(optimization, kind: "frontier", title: "Best expected uplift in \(s.primary.metric) at each effort",
                     y: Chart.Axis(title: "uplift", low: min(0, points.map(\.y).min() ?? 0), high: max(0, points.map(\.y).max() ?? 1),
                                   scale: .number(unit: s.primary.unit)), points: points)
    }

    /// Nil when the goal has no target.
    public static func probability(_ optimization: Optimization) -> Chart? {
        guard optimization.scenario.primary.target != nil else { return nil }
        let points = optimization.frontier.map { Chart.Point($0.effort, $0.primary.probTarget ?? 0) }
        return chart(optimization, kind: "frontier-probability", title: "Chance of reaching the target along the frontier",
                     y: Chart.Axis(title: "P(hit)", low: 0, high: 1, scale: .percent), points: points)
    }

    private static func chart(_ optimization: Optimization, kind: String, title: String, y: Chart.Axis, points: [Chart.Point]) -> Chart {
        let frontier = optimization.frontier
        let labels = frontier.map { $0.roadmap.isBaseline ? "baseline" : "\($0.roadmap.features.count) feature\($0.roadmap.features.count == 1 ? "" : "s")" }
        var marks: [Chart.Mark] = [.line(series: 0, points: points),
                                   .points(series: 0, points: points, labels: labels, ids: frontier.map { $0.roadmap.isBaseline ? "baseline" : $0.roadmap.features.joined(separator: "+") })]
        let highest = max(points.map(\.x).max() ?? 1, optimization.budget.isFinite ? optimization.budget : 0)
        if optimization.budget.isFinite {
            marks.append(.rule(x: optimization.budget, labels: ["budget \(NumberFormat.auto(optimization.budget))"], role: "budget"))
        }
        return Chart(kind: kind, title: title, x: Chart.Axis(title: "effort", low: 0, high: highest, scale: .number(unit: nil)),
                     y: y, series: [Chart.Series("frontier")], marks: marks)
    }
}
