import Foundation

/// Renders an `Optimization` in each output format.
public enum OptimizationReport {
    public static func render(_ o: Optimization, as format: OutputFormat, provenance: Provenance? = nil) -> String {
        ReportFormats.render(format, provenance: provenance, document: { document(o) }, json: { json(o) }, csv: { csv(o) },
                             charts: { [FrontierCharts.value(o), FrontierCharts.probability(o)].compactMap { $0 } })
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
        switch o.method {
        case .exhaustive(let roadmaps):
            return "Optimal: all \(NumberFormat.grouped(Double(roadmaps), decimals: 0)) roadmap\(roadmaps == 1 ? "" : "s") within the budget and constraints were simulated on the same draws, and this is the best of them."
        case .additive:
            return "Optimal: in this model \(additivity(o)), and the branch-and-bound optimum over those contributions is the optimum."
        case .additiveBounded(let value, let upperBound):
            let decimals = NumberFormat.decimals(forMagnitude: abs(upperBound))
            let share = value > 0 ? " (\(NumberFormat.percent((upperBound - value) / value)) more)" : ""
            return "Not proven optimal. In this model \(additivity(o)), but the branch and bound over those contributions stopped after \(NumberFormat.grouped(Double(RoadmapKnapsack.nodeLimit), decimals: 0)) branches: this roadmap's contributions sum to \(NumberFormat.grouped(value, decimals: decimals)), and no roadmap within the budget and constraints can sum to more than \(NumberFormat.grouped(upperBound, decimals: decimals))\(share)."
        case .localSearch(let moves, let simulated, let interaction, let end):
            let why = interaction.map { "Features combine non-linearly (first at '\($0)')" }
                ?? "The \(o.objective.rawValue) objective does not add up over features"
            let count = { (n: Int) in NumberFormat.grouped(Double(n), decimals: 0) }
            let ending = switch end {
            case .localOptimum:
                "The result is the best roadmap within one such move of itself"
            case .screened(let swapsSimulated, let swaps):
                "No simulated move beats the result: every add, remove and group move was simulated, but of the \(count(swaps)) possible swaps only the \(count(swapsSimulated)) that their adds' and removes' gains predict best, so a better roadmap may be one swap away"
            case .moveLimit:
                "The search stopped after \(Optimization.moveLimit) moves while still improving, so a better roadmap may be one move away"
            }
            return "Not proven optimal. \(why), and there are more than \(count(Optimization.exhaustiveLimit)) roadmaps within the budget, too many to simulate each. The branch-and-bound answer over standalone contributions was simulated and improved by \(moves) move\(moves == 1 ? "" : "s") (adding, removing or swapping one feature, adding the features behind one metric that may pay only together, or several such moves on different features at once), \(count(simulated)) roadmaps simulated in all. \(ending); no bound on its distance from the optimum can be computed for interacting features."
        }
    }

    /// Why a roadmap's uplift is the sum of its features' contributions.
    private static func additivity(_ o: Optimization) -> String {
        "every feature moves \(o.scenario.primary.metric) through sums and through scaling by quantities no other feature moves, so a roadmap's uplift is the sum of its features' standalone contributions in every sample"
    }

    static func document(_ o: Optimization) -> ReportDocument {
        let s = o.scenario
        var doc = ReportDocument()
        // Two limits make a long title: they are then named in the first sentence.
        doc.append(.title("\(s.name): the best roadmap within \(o.costBudget == nil ? budgetDescription(o) : "budget")"))
        let limits = o.costBudget == nil ? "" : "Within \(budgetDescription(o)). "
        doc += [.paragraph("\(limits)Objective: \(objectiveDescription(o)); \(SimulationReport.aggregateDescription(s)). \(NumberFormat.grouped(Double(o.samples), decimals: 0)) samples, seed \(o.seed)."),
                .blank]
        let b = o.best
        let decimals = NumberFormat.decimals(forMagnitude: abs(b.primary.mean))
        let features = b.roadmap.isBaseline ? "(no features)" : b.roadmap.features.joined(separator: ", ")
        let showsCost = Self.showsCost(o)
        let cost = showsCost ? ", cost \(NumberFormat.grouped(b.cost, decimals: 0))" : ""
        doc += [.answer("Best: \(features), effort \(NumberFormat.auto(b.effort))\(cost). Mean \(NumberFormat.grouped(b.primary.mean, decimals: decimals)), uplift \(NumberFormat.grouped(b.uplift.mean, decimals: decimals)) (mcse \(NumberFormat.auto(b.uplift.mcse))), p10 \(NumberFormat.grouped(b.p10, decimals: decimals))\(b.primary.probTarget.map { ", P(target) \(NumberFormat.percent($0))" } ?? "")."),
                .blank, .paragraph(methodDescription(o)), .blank,
                .line("Efficient frontier (each row the best roadmap found at no more than its effort):")]
        var table = TextTable(headers: ["effort"] + (showsCost ? ["cost"] : []) + ["roadmap", "mean", "uplift", "p10", s.primary.target == nil ? "" : "P(target)"],
                              alignments: [.right] + (showsCost ? [.right] : []) + [.left, .right, .right, .right, .right])
        for point in o.frontier {
            let names = point.roadmap.isBaseline ? "(none)" : point.roadmap.features.joined(separator: ", ")
            table.append([NumberFormat.auto(point.effort)] + (showsCost ? [NumberFormat.grouped(point.cost, decimals: 0)] : []) + [names,
                          NumberFormat.grouped(point.primary.mean, decimals: decimals), NumberFormat.grouped(point.uplift.mean, decimals: decimals),
                          NumberFormat.grouped(point.p10, decimals: decimals), point.primary.probTarget.map(NumberFormat.percent) ?? ""])
        }
        doc.append(.table(table))
        return doc
    }

    /// "a budget of 14", "a budget of 14 (effort) and 150,000 (cost)", "a cost budget of 150,000".
    static func budgetDescription(_ o: Optimization) -> String {
        switch (o.budget.isFinite, o.costBudget) {
        case (true, nil): "a budget of \(NumberFormat.auto(o.budget))"
        case (true, let cost?): "a budget of \(NumberFormat.auto(o.budget)) (effort) and \(NumberFormat.grouped(cost, decimals: 0)) (cost)"
        case (false, let cost?): "a cost budget of \(NumberFormat.grouped(cost, decimals: 0))"
        case (false, nil): "an unlimited budget"
        }
    }

    /// Costs are shown when the scenario states any, or a cost budget limits the choice.
    static func showsCost(_ o: Optimization) -> Bool {
        o.costBudget != nil || o.scenario.features.contains { $0.cost != nil }
    }


    static func json(_ o: Optimization) -> JSONValue {
        let optimal: (String, JSONValue) = ("optimal", .bool(o.method.isProvenOptimal))
        let method: JSONValue = switch o.method {
        case .exhaustive(let roadmaps):
            .object([("kind", .string("exhaustive")), optimal, ("roadmaps", .number(Double(roadmaps)))])
        case .additive:
            .object([("kind", .string("additive")), optimal])
        case .additiveBounded(let value, let upperBound):
            .object([("kind", .string("additive")), optimal, ("value", .number(value)), ("upper_bound", .number(upperBound))])
        case .localSearch(let moves, let simulated, let interaction, let end):
            .object([("kind", .string("local_search")), optimal, ("moves", .number(Double(moves))),
                     ("roadmaps", .number(Double(simulated))), ("interaction", interaction.map { .string($0) } ?? .null)]
                    + searchEndJSON(end))
        }
        return .object([
            ("scenario", .string(o.scenario.name)), ("samples", .number(Double(o.samples))), ("seed", .integer(o.seed)),
            ("budget", .number(o.budget)), ("cost_budget", .number(o.costBudget)), ("objective", .string(o.objective.rawValue)),
            ("best", .object([("features", .array(o.best.roadmap.features.map { .string($0) })), ("effort", .number(o.best.effort)),
                              ("cost", .number(o.best.cost)),
                              ("primary", ComparisonReport.primaryJSON(o.best.primary)), ("p10", .number(o.best.p10)),
                              ("uplift", .object([("mean", .number(o.best.uplift.mean)), ("mcse", .number(o.best.uplift.mcse))])),
                              ("objective_value", .number(o.best.objective))])),
            ("frontier", .array(o.frontier.map { point in
                .object([("effort", .number(point.effort)), ("cost", .number(point.cost)), ("features", .array(point.roadmap.features.map { .string($0) })),
                         ("mean", .number(point.primary.mean)), ("uplift", .number(point.uplift.mean)), ("p10", .number(point.p10)),
                         ("prob_target", .number(point.primary.probTarget))])
            })),
            ("method", method), ("additivity_gap_se", .number(o.additivityGap)),
        ])
    }

    /// `stopped`: local_optimum, screened (with how many swaps were simulated of how many) or move_limit.
    private static func searchEndJSON(_ end: Optimization.SearchEnd) -> [(String, JSONValue)] {
        switch end {
        case .localOptimum: [("stopped", .string("local_optimum"))]
        case .screened(let swapsSimulated, let swaps):
            [("stopped", .string("screened")), ("swaps_simulated", .number(Double(swapsSimulated))), ("swaps", .number(Double(swaps)))]
        case .moveLimit: [("stopped", .string("move_limit"))]
        }
    }

    static func csv(_ o: Optimization) -> String {
        let p = NumberFormat.plain
        var lines = [CSV.line(["kind", "effort", "features", "mean", "mcse", "uplift", "uplift_mcse", "p10", "prob_target", "cost"])]
        for (kind, point) in [("best", o.best)] + o.frontier.map({ ("frontier", $0) }) {
            lines.append(CSV.line([kind, p(point.effort), point.roadmap.features.joined(separator: " "), p(point.primary.mean), p(point.primary.mcse),
                                   p(point.uplift.mean), p(point.uplift.mcse), p(point.p10), point.primary.probTarget.map(p) ?? "", p(point.cost)]))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
