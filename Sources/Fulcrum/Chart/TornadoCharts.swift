/// What drives the spread: the stress test's P(hit) when a driver is in its lowest or
/// highest fifth (a tornado around the overall chance), P(hit) across the fifths, and the
/// variance-based indices of `sensitivity`.
public enum TornadoCharts {
    public static func drivers(_ stress: StressTest, limit: Int = 10) -> Chart {
        let base = stress.plans.first { $0.name == stress.reference }?.probTarget ?? 0
        let drivers = Array(stress.drivers.prefix(limit))
        var marks: [Chart.Mark] = [.center(x: base, label: "P(hit) \(NumberFormat.percent(base))")]
        for (row, driver) in drivers.enumerated() {
            let lowest = driver.probTargetByQuintile.first ?? .nan, highest = driver.probTargetByQuintile.last ?? .nan
            if lowest.isFinite { marks.append(.bar(row: row, from: base, to: lowest, series: 1)) }
            if highest.isFinite { marks.append(.bar(row: row, from: base, to: highest, series: 0)) }
        }
        return Chart(kind: "tornado", title: "What drives a miss under \(stress.reference): P(hit) at each driver's extremes",
                     x: Chart.Axis(title: "P(hit)", low: 0, high: 1, scale: .percent), y: nil,
                     rows: drivers.map { Chart.Row(label: $0.name, id: $0.name) },
                     series: [Chart.Series("driver in its highest fifth"), Chart.Series("driver in its lowest fifth")], marks: marks)
    }

    public static func quintiles(_ stress: StressTest, limit: Int = 5) -> Chart {
        let drivers = Array(stress.drivers.prefix(limit))
        let marks: [Chart.Mark] = drivers.enumerated().map { index, driver in
            .line(series: index, points: driver.probTargetByQuintile.enumerated().filter { $0.element.isFinite }.map { Chart.Point(Double($0.offset + 1), $0.element) })
        }
        return Chart(kind: "quintiles", title: "P(hit) by fifth of each driver's draws (1 = lowest)",
                     x: Chart.Axis(title: "fifth of the driver's draws", low: 1, high: 5, scale: .period),
                     y: Chart.Axis(title: "P(hit)", low: 0, high: 1, scale: .percent),
                     series: drivers.map { Chart.Series($0.name) }, marks: marks)
    }

    public static func sensitivity(_ result: Sensitivity, limit: Int = 12) -> Chart {
        let indices = Array(result.indices.prefix(limit))
        var marks: [Chart.Mark] = []
        var high = 0.0
        for (row, index) in indices.enumerated() {
            marks.append(.bar(row: row, from: 0, to: max(0, index.firstOrder), series: 0))
            high = max(high, index.firstOrder, index.firstOrderCI?.high ?? 0)
            if let total = index.totalOrder {
                let ci = index.totalOrderCI ?? (total, total)
                marks.append(.interval(row: row, low: max(0, ci.low), middle: total, high: ci.high, series: 1))
                high = max(high, total, ci.high)
            }
        }
        let hasTotal = indices.contains { $0.totalOrder != nil }
        let method = switch result.estimate {
        case .sobol: "Sobol indices"
        case .regression: "squared standardised regression coefficients"
        case .correlationRatio: "correlation ratios"
        }
        return Chart(kind: "sensitivity", title: "Share of the variance of \(result.scenario.primary.metric) each input explains (\(method))",
                     x: Chart.Axis(title: "share of variance", low: 0, high: min(1, max(0.05, high * 1.05)), scale: .percent), y: nil,
                     rows: indices.map { Chart.Row(label: $0.name, id: $0.name) },
                     series: [Chart.Series("alone (first order)")] + (hasTotal ? [Chart.Series("with interactions (total, 95% CI)")] : []),
                     marks: marks)
    }
}
