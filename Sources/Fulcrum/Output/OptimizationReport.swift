import Foundation

/// Renders an `Optimization` in each output format.
public enum OptimizationReport {
    public static func render(_ o: Optimization, as format: OutputFormat) -> String {
        switch format {
        case .table: text(o, markdown: false)
        case .markdown: text(o, markdown: true)
        case .json: json(o).serialized() + "\n"
        case .csv: csv(o)
        }
    }

    static func objectiveDescription(_ o: Optimization) -> String {
        let metric = o.scenario.primary.metric
        return switch o.objective {
        case .mean: "expected \(metric)"
        case .p10: "\(metric) in a bad year (10th percentile)"
        case .probTarget: "the probability of reaching \(NumberFormat.auto(o.scenario.primary.target ?? 0))"
        }
    }

    static func methodDescription(_ o: Optimization) -> String {
        let gap = String(format: "%.1f", o.additivityGap)
        switch o.method {
        case .exact:
            return "Exact: on every roadmap checked, the simulated uplift equals the sum of its features' standalone contributions (within \(gap) standard errors), so the branch-and-bound optimum over those values is the optimum."
        case .localSearch(let moves):
            let why = o.objective == .mean
                ? "Features interact (a roadmap's uplift differs from the sum of its features' standalone contributions by up to \(gap) standard errors)"
                : "The \(o.objective.rawValue) objective does not add up over features"
            return "\(why), so the branch-and-bound answer was checked by simulation on the same draws and improved by \(moves) move\(moves == 1 ? "" : "s") (adding, removing or swapping one feature). The result is the best roadmap within one such move of itself; how far it is from the global optimum is not known."
        }
    }

    static func text(_ o: Optimization, markdown: Bool) -> String {
        let s = o.scenario
        let title = "\(s.name): the best roadmap within a budget of \(NumberFormat.auto(o.budget))"
        var out = Prose.heading(title, markdown: markdown)
        let intro = "Objective: \(objectiveDescription(o)); \(SimulationReport.aggregateDescription(s)). \(NumberFormat.grouped(Double(o.samples), decimals: 0)) samples, seed \(o.seed)."
        out += [markdown ? intro : Prose.wrapped(intro, bullet: nil), ""]
        let b = o.best
        let decimals = NumberFormat.decimals(forMagnitude: abs(b.primary.mean))
        let features = b.roadmap.isBaseline ? "(no features)" : b.roadmap.features.joined(separator: ", ")
        let best = "Best: \(features), effort \(NumberFormat.auto(b.effort)). Mean \(NumberFormat.grouped(b.primary.mean, decimals: decimals)), uplift \(NumberFormat.grouped(b.uplift.mean, decimals: decimals)) (mcse \(NumberFormat.auto(b.uplift.mcse))), p10 \(NumberFormat.grouped(b.p10, decimals: decimals))\(b.primary.probTarget.map { ", P(target) \(NumberFormat.percent($0))" } ?? "")."
        out += [markdown ? "**\(best)**" : Prose.wrapped(best, bullet: nil), ""]
        out += [markdown ? methodDescription(o) : Prose.wrapped(methodDescription(o), bullet: nil), ""]
        out.append("Efficient frontier (best roadmap found at each budget level):")
        var table = TextTable(headers: ["effort", "roadmap", "mean", "uplift", "p10", s.primary.target == nil ? "" : "P(target)"],
                              alignments: [.right, .left, .right, .right, .right, .right])
        for point in o.frontier {
            let names = point.roadmap.isBaseline ? "(none)" : point.roadmap.features.joined(separator: ", ")
            table.append([NumberFormat.auto(point.effort), markdown ? names : Prose.clipped(names, 22),
                          NumberFormat.grouped(point.primary.mean, decimals: decimals), NumberFormat.grouped(point.uplift.mean, decimals: decimals),
                          NumberFormat.grouped(point.p10, decimals: decimals), point.primary.probTarget.map(NumberFormat.percent) ?? ""])
        }
        out.append(markdown ? table.markdown() : table.terminal())
        return out.joined(separator: "\n") + "\n"
    }


    static func json(_ o: Optimization) -> JSONValue {
        let method: JSONValue = switch o.method {
        case .exact: .object([("kind", .string("exact"))])
        case .localSearch(let moves): .object([("kind", .string("local_search")), ("moves", .number(Double(moves)))])
        }
        return .object([
            ("scenario", .string(o.scenario.name)), ("samples", .number(Double(o.samples))), ("seed", .number(Double(o.seed))),
            ("budget", .number(o.budget)), ("objective", .string(o.objective.rawValue)),
            ("best", .object([("features", .array(o.best.roadmap.features.map { .string($0) })), ("effort", .number(o.best.effort)),
                              ("primary", ComparisonReport.primaryJSON(o.best.primary)), ("p10", .number(o.best.p10)),
                              ("uplift", .object([("mean", .number(o.best.uplift.mean)), ("mcse", .number(o.best.uplift.mcse))])),
                              ("objective_value", .number(o.best.objective))])),
            ("frontier", .array(o.frontier.map { point in
                .object([("effort", .number(point.effort)), ("features", .array(point.roadmap.features.map { .string($0) })),
                         ("mean", .number(point.primary.mean)), ("uplift", .number(point.uplift.mean)), ("p10", .number(point.p10)),
                         ("prob_target", .number(point.primary.probTarget))])
            })),
            ("method", method), ("additivity_gap_se", .number(o.additivityGap)),
        ])
    }

    static func csv(_ o: Optimization) -> String {
        let p = NumberFormat.plain
        var lines = [CSV.line(["kind", "effort", "features", "mean", "mcse", "uplift", "uplift_mcse", "p10", "prob_target"])]
        for (kind, point) in [("best", o.best)] + o.frontier.map({ ("frontier", $0) }) {
            lines.append(CSV.line([kind, p(point.effort), point.roadmap.features.joined(separator: " "), p(point.primary.mean), p(point.primary.mcse),
                                   p(point.uplift.mean), p(point.uplift.mcse), p(point.p10), point.primary.probTarget.map(p) ?? ""]))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
