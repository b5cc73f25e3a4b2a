/// Each feature's standalone contribution with its 90% interval, in the ranking's order.
public enum ForestPlot {
    public static func chart(_ ranking: Ranking) -> Chart {
        let s = ranking.scenario
        let entries = ranking.entries
        let low = min(0, entries.map(\.standalone.p5).min() ?? 0), high = max(0, entries.map(\.standalone.p95).max() ?? 1)
        return Chart(kind: "forest", title: "Contribution to \(s.primary.metric): mean and 90% interval",
                     x: Chart.Axis(title: "contribution", low: low, high: high, scale: .number(unit: s.primary.unit)),
                     y: nil, rows: entries.map { Chart.Row(label: "\($0.rank). \($0.id)", id: $0.id) },
                     series: [Chart.Series("contribution")],
                     marks: [.center(x: 0, label: "no effect")]
                        + entries.enumerated().map { .interval(row: $0, low: $1.standalone.p5, middle: $1.standalone.mean, high: $1.standalone.p95, series: 0) })
    }
}
