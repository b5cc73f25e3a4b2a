/// One metric per period under a roadmap: the 90% and 50% bands and the median line.
public enum FanChart {
    public static func chart(_ simulation: Simulation, metric: String) -> Chart? {
        guard let m = simulation.metrics.firstIndex(of: metric) else { return nil }
        let s = simulation.scenario
        let points = simulation.fan.map { $0[m] }
        let periods = points.indices.map { Double($0 + 1) }
        func curve(_ value: (Simulation.FanPoint) -> Double) -> [Chart.Point] {
            zip(periods, points).map { Chart.Point($0, value($1)) }
        }
        let low = points.map(\.p5).min() ?? 0, high = points.map(\.p95).max() ?? 1
        let unit = metric == s.primary.metric ? s.primary.unit : nil
        return Chart(kind: "fan", title: "\(metric) by \(s.period): median, 50% and 90% ranges",
                     x: Chart.Axis(title: s.period, low: 1, high: Double(max(2, points.count)), scale: .period),
                     y: Chart.Axis(title: metric, low: min(low, 0 < low && low < (high - low) ? 0 : low), high: high, scale: .number(unit: unit)),
                     series: [Chart.Series("median")],
                     marks: [.band(series: 0, low: curve(\.p5), high: curve(\.p95), outer: true),
                             .band(series: 0, low: curve(\.p25), high: curve(\.p75), outer: false),
                             .line(series: 0, points: curve(\.p50))])
    }
}
