import Foundation

/// Renders a `Simulation` in each output format.
public enum SimulationReport {
    public static func render(_ simulation: Simulation, as format: OutputFormat, provenance: Provenance? = nil) -> String {
        ReportFormats.render(format, provenance: provenance, document: { document(simulation) }, json: { json(simulation) }, csv: { csv(simulation) },
                             charts: { charts(simulation) })
    }

    /// The goal metric's fan by period and its distribution with the target.
    static func charts(_ simulation: Simulation) -> [Chart] {
        let name = simulation.roadmap.isBaseline ? "baseline" : simulation.roadmap.features.joined(separator: "+")
        return [FanChart.chart(simulation, metric: simulation.scenario.primary.metric), DistributionCharts.histogram([(name, simulation)])].compactMap { $0 }
    }

    static func json(_ s: Simulation) -> JSONValue {
        let primary = s.scenario.primary
        var primaryMembers: [(String, JSONValue)] = [
            ("metric", .string(primary.metric)), ("aggregate", .string(primary.aggregate.rawValue)),
            ("mean", .number(s.primary.mean)), ("sd", .number(s.primary.sd)), ("mcse", .number(s.primary.mcse)),
        ]
        for (level, value) in zip(Summary.levels, s.primary.quantiles) {
            primaryMembers.append(("p\(Int((level * 100).rounded()))", .number(value)))
        }
        primaryMembers += [("target", .number(primary.target)), ("prob_target", .number(s.primary.probTarget))]
        if let unit = primary.unit { primaryMembers.append(("unit", .string(unit))) }
        let periods: [JSONValue] = s.fan.enumerated().map { index, points in
            .object([("t", .number(Double(index + 1))),
                     ("metrics", .object(zip(s.metrics, points).map { name, point in
                         (name, .object([("mean", .number(point.mean)), ("p5", .number(point.p5)),
                                         ("p50", .number(point.p50)), ("p95", .number(point.p95))]))
                     }))])
        }
        return .object([
            ("scenario", .string(s.scenario.name)), ("samples", .number(Double(s.samples))),
            ("seed", .integer(s.seed)), ("plan", .array(s.roadmap.features.map { .string($0) })),
            ("period", .string(s.scenario.period)), ("horizon", .number(Double(s.scenario.horizon))),
            ("primary", .object(primaryMembers)), ("periods", .array(periods)),
            ("bounded", .array(s.clamped.map { item in
                .object([("metric", .string(item.metric)), ("lower", .number(item.bounds.lower)), ("upper", .number(item.bounds.upper)),
                         ("clamped_share", .number(item.share))])
            })),
        ])
    }

    static func csv(_ s: Simulation) -> String {
        let levels = Summary.levels.map { "p\(Int(($0 * 100).rounded()))" }
        var lines = [CSV.line(["section", "metric", "t", "mean", "sd", "mcse"] + levels + ["prob_target"])]
        let p = s.primary
        lines.append(CSV.line(["primary", s.scenario.primary.metric, "", NumberFormat.plain(p.mean), NumberFormat.plain(p.sd),
                               NumberFormat.plain(p.mcse)] + p.quantiles.map(NumberFormat.plain)
                              + [p.probTarget.map(NumberFormat.plain) ?? ""]))
        for item in s.clamped {
            lines.append(CSV.line(["clamped_share", item.metric, "", NumberFormat.plain(item.share)] + [String](repeating: "", count: levels.count + 3)))
        }
        for (index, points) in s.fan.enumerated() {
            for (name, point) in zip(s.metrics, points) {
                lines.append(CSV.line(["period", name, String(index + 1), NumberFormat.plain(point.mean), "", "",
                                       NumberFormat.plain(point.p5), "", "", NumberFormat.plain(point.p50), "", "",
                                       NumberFormat.plain(point.p95), ""]))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func header(_ s: Simulation) -> (title: String, subtitle: String) {
        let plan = s.roadmap.isBaseline ? "baseline (no features)" : s.roadmap.features.joined(separator: ", ")
        let unit = s.scenario.primary.unit.map { ", \($0)" } ?? ""
        let subtitle = "Roadmap: \(plan)\n\(NumberFormat.grouped(Double(s.samples), decimals: 0)) samples, seed \(s.seed), \(s.scenario.horizon) \(plural(s.scenario.period, s.scenario.horizon))\(unit)"
        return (s.scenario.name, subtitle)
    }

    static func plural(_ word: String, _ count: Int) -> String {
        count == 1 || word.hasSuffix("s") ? word : word + "s"
    }

    /// "revenue, summed over 12 months": the primary metric as the scenario aggregates it.
    static func aggregateDescription(_ scenario: Scenario) -> String {
        let primary = scenario.primary
        let periods = "\(scenario.horizon) \(plural(scenario.period, scenario.horizon))"
        switch primary.aggregate {
        case .sum: return "\(primary.metric), summed over \(periods)"
        case .mean: return "\(primary.metric), mean per \(scenario.period) over \(periods)"
        case .last: return "\(primary.metric) in the final \(scenario.period)"
        case .npv: return "\(primary.metric), net present value over \(periods) at \(NumberFormat.percent(primary.discount ?? 0)) per \(scenario.period)"
        }
    }

    private static func quantileTable(_ summary: Summary, bars: Bool) -> TextTable {
        var table = TextTable(headers: ["percentile", "value"] + (bars ? [""] : []),
                              alignments: [.left, .right] + (bars ? [.left] : []))
        let decimals = NumberFormat.decimals(forMagnitude: summary.quantiles.map(abs).max() ?? 0)
        let (low, high) = (summary.quantiles.first ?? 0, summary.quantiles.last ?? 0)
        for (level, value) in zip(Summary.levels, summary.quantiles) {
            let bar = FanBar.render(low: low, middle: value, high: value, scaleMin: low, scaleMax: high, width: 30)
            table.append(["p\(Int((level * 100).rounded()))", NumberFormat.grouped(value, decimals: decimals)] + (bars ? [bar] : []))
        }
        return table
    }

    private static func primaryLines(_ s: Simulation) -> [String] {
        let p = s.primary
        let decimals = NumberFormat.decimals(forMagnitude: max(abs(p.mean), p.sd))
        var lines = [
            "  mean  \(NumberFormat.grouped(p.mean, decimals: decimals))  (Monte Carlo standard error \(NumberFormat.grouped(p.mcse, decimals: NumberFormat.decimals(forMagnitude: p.mcse))))",
            "  sd    \(NumberFormat.grouped(p.sd, decimals: decimals))",
        ]
        if let target = s.scenario.primary.target, let probability = p.probTarget {
            lines.append("  P(\(s.scenario.primary.metric) >= \(NumberFormat.auto(target))) = \(NumberFormat.percent(probability))")
        }
        return lines
    }

    /// Per bounded metric, how often its bounds bit: a share that a feature would have
    /// pushed past 100% is held there, and the reader should know how often.
    static func boundsLines(_ s: Simulation) -> [String] {
        s.clamped.map { item in
            "\(item.metric) is held within \(interval(item.bounds)): clamped in \(NumberFormat.percent(item.share)) of samples x \(plural(s.scenario.period, 2))."
        }
    }

    public static func interval(_ bounds: Bounds) -> String {
        "[\(bounds.lower.map(NumberFormat.auto) ?? "no lower limit"), \(bounds.upper.map(NumberFormat.auto) ?? "no upper limit")]"
    }

    /// Periods shown in a table: all up to 24, else an even spread including the last.
    static func shownPeriods(_ horizon: Int) -> [Int] {
        guard horizon > 24 else { return Array(1...horizon) }
        let step = Int((Double(horizon) / 24).rounded(.up))
        var periods = Array(stride(from: 1, through: horizon, by: step))
        if periods.last != horizon { periods.append(horizon) }
        return periods
    }

    private static func fanTable(_ s: Simulation, metric m: Int, bars: Bool) -> TextTable {
        let points = s.fan.map { $0[m] }
        let magnitude = points.map { max(abs($0.p95), abs($0.p5)) }.max() ?? 0
        let decimals = NumberFormat.decimals(forMagnitude: magnitude)
        let scaleMin = points.map(\.p5).min() ?? 0, scaleMax = points.map(\.p95).max() ?? 0
        let numberWidth = ([magnitude, -magnitude].map { NumberFormat.grouped($0, decimals: decimals).count }.max() ?? 0)
        let periodWidth = max(s.scenario.period.count, String(s.scenario.horizon).count)
        let barWidth = max(8, min(24, 80 - 2 - periodWidth - 4 * (numberWidth + 2) - 2))
        var table = TextTable(headers: [s.scenario.period, "mean", "p5", "p50", "p95"] + (bars ? ["p5 - p95"] : []),
                              alignments: [.right, .right, .right, .right, .right] + (bars ? [.left] : []))
        for t in shownPeriods(s.scenario.horizon) {
            let point = points[t - 1]
            table.append([String(t)] + [point.mean, point.p5, point.p50, point.p95].map { NumberFormat.grouped($0, decimals: decimals) }
                         + (bars ? [FanBar.render(low: point.p5, middle: point.p50, high: point.p95, scaleMin: scaleMin, scaleMax: scaleMax, width: barWidth)] : []))
        }
        return table
    }

    private static func metricTitle(_ s: Simulation, _ m: Int) -> String {
        let unit = s.scenario.metric(named: s.metrics[m])?.unit.map { " (\($0))" } ?? ""
        return "\(s.metrics[m])\(unit) per \(s.scenario.period)"
    }

    private static func skippedNote(_ s: Simulation) -> String? {
        s.scenario.horizon > 24 ? "  (every \(shownPeriods(s.scenario.horizon)[1] - 1)th \(s.scenario.period) shown; --format csv or json has all)" : nil
    }

    /// The terminal shows the primary metric's summary as aligned lines and each table with
    /// bars; Markdown as bullets and plain tables under subheadings.
    static func document(_ s: Simulation) -> ReportDocument {
        let (title, subtitle) = header(s)
        let primary = aggregateDescription(s.scenario)
        var doc = ReportDocument()
        doc.append(.title(title))
        doc.append(.byFormat(terminal: [.line(subtitle), .blank, .line("Primary metric: \(primary)")] + primaryLines(s).map { .line($0) },
                             markdown: [.line(subtitle.replacingOccurrences(of: "\n", with: "  \n")), .blank, .line("**Primary metric:** \(primary)"), .blank,
                                        .bullets(primaryLines(s).map { $0.trimmingCharacters(in: .whitespaces) })]))
        doc += [.blank,
                .byFormat(terminal: [.table(quantileTable(s.primary, bars: true))], markdown: [.table(quantileTable(s.primary, bars: false))]),
                .blank]
        let bounds = boundsLines(s)
        if !bounds.isEmpty { doc += [.bullets(bounds), .blank] }
        for m in s.metrics.indices {
            doc.append(.byFormat(terminal: [.line(metricTitle(s, m)), .table(fanTable(s, metric: m, bars: true))] + (skippedNote(s).map { [.line($0)] } ?? []) + [.blank],
                                 markdown: [.section(metricTitle(s, m)), .table(fanTable(s, metric: m, bars: false)), .blank]))
        }
        return doc
    }
}
