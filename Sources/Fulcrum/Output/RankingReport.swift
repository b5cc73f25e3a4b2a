import Foundation

/// Renders a `Ranking` in each output format.
public enum RankingReport {
    public static func render(_ ranking: Ranking, as format: OutputFormat, provenance: Provenance? = nil) -> String {
        ReportFormats.render(format, provenance: provenance, document: { document(ranking) }, json: { json(ranking) }, csv: { csv(ranking) },
                             charts: { [ForestPlot.chart(ranking)] })
    }

    private static func criterionDescription(_ criterion: Ranking.Criterion) -> String {
        switch criterion {
        case .contribution: "expected standalone contribution"
        case .perEffort: "expected contribution per unit of effort"
        case .probPositive: "probability of a positive contribution"
        case .shapley: "Shapley contribution within the roadmap"
        }
    }

    static func document(_ r: Ranking) -> ReportDocument {
        let s = r.scenario
        let primary = s.primary
        let unit = primary.unit.map { ", \($0)" } ?? ""
        let magnitude = r.entries.map { max(abs($0.standalone.p95), abs($0.standalone.p5), abs($0.standalone.mean)) }.max() ?? 0
        let decimals = NumberFormat.decimals(forMagnitude: magnitude)
        var doc = ReportDocument()
        doc.append(.title("\(s.name): which features move \(primary.metric)"))
        let introduction = "Ranked by \(criterionDescription(r.criterion)) to \(SimulationReport.aggregateDescription(s))\(unit). \(NumberFormat.grouped(Double(r.samples), decimals: 0)) samples, seed \(r.seed). Baseline mean \(NumberFormat.auto(r.baseline.mean)), 90% between \(NumberFormat.auto(r.baseline.p5)) and \(NumberFormat.auto(r.baseline.p95))."
        doc += [.paragraph(introduction), .blank,
                .byFormat(terminal: [.table(contributionTable(r, decimals: decimals, markdown: false))],
                          markdown: [.table(contributionTable(r, decimals: decimals, markdown: true))]),
                .blank]

        var second = TextTable(headers: ["#", "feature", "marginal", "Shapley", "P(top)", "ranks 90%", "RICE #"],
                               alignments: [.right, .left, .right, .right, .right, .right, .right])
        for e in r.entries {
            second.append([String(e.rank), e.id,
                           e.marginal.map { NumberFormat.signed($0.mean, decimals: decimals) } ?? "-",
                           e.shapley.map { NumberFormat.signed($0.mean, decimals: decimals) } ?? "-",
                           NumberFormat.percent(e.probTop), e.rankLow == e.rankHigh ? "\(e.rankLow)" : "\(e.rankLow)-\(e.rankHigh)",
                           String(e.pointScore.rank)])
        }
        doc += [.table(second), .blank, .bullets(notes(r, decimals: decimals))]
        return doc
    }

    /// Each feature's standalone contribution: its interval as a bar in a terminal, as
    /// numbers in Markdown.
    private static func contributionTable(_ r: Ranking, decimals: Int, markdown: Bool) -> TextTable {
        let interval = markdown ? ["p5", "p95"] : ["p5 ● mean p95"]
        let costs = r.entries.contains { $0.cost != nil }
        var table = TextTable(headers: ["#", "feature", "contribution"] + interval + ["P(>0)", "per effort"] + (costs ? ["per 1k cost"] : []),
                              alignments: [.right, .left, .right] + interval.map { _ in markdown ? .right : .left } + [.right, .right]
                                + (costs ? [.right] : []))
        let scaleMin = min(0, r.entries.map(\.standalone.p5).min() ?? 0), scaleMax = max(0, r.entries.map(\.standalone.p95).max() ?? 0)
        for e in r.entries {
            let c = e.standalone
            let spread = markdown
                ? [NumberFormat.grouped(c.p5, decimals: decimals), NumberFormat.grouped(c.p95, decimals: decimals)]
                : [FanBar.render(low: c.p5, middle: c.mean, high: c.p95, scaleMin: scaleMin, scaleMax: scaleMax, width: costs ? 12 : 16, markingZero: true)]
            table.append([String(e.rank), e.id, NumberFormat.signed(c.mean, decimals: decimals)] + spread
                         + [NumberFormat.percent(c.probPositive),
                            e.perEffort.map { NumberFormat.grouped($0, decimals: NumberFormat.decimals(forMagnitude: $0)) } ?? "free"]
                         + (costs ? [e.perCost.map { NumberFormat.grouped(1000 * $0, decimals: NumberFormat.decimals(forMagnitude: 1000 * $0)) }
                                     ?? (e.cost == 0 ? "free" : "-")] : []))
        }
        return table
    }

    static func notes(_ r: Ranking, decimals: Int) -> [String] {
        let s = r.scenario
        var notes: [String] = []
        let roadmapName = r.roadmap.features.count == s.features.count ? "all \(s.features.count) features"
            : "\(r.roadmap.features.count) features (\(r.roadmap.features.joined(separator: ", ")))"
        var roadmapNote = "Marginal and Shapley contributions are within a roadmap of \(roadmapName)"
        if !r.leftOut.isEmpty { roadmapNote += "; left out because they exclude earlier features: \(r.leftOut.joined(separator: ", "))" }
        notes.append(roadmapNote + ". Together they add \(NumberFormat.signed(r.uplift.mean, decimals: decimals)) (mcse \(NumberFormat.auto(r.uplift.mcse))).")
        let method = switch r.shapleyMethod {
        case .exact: "exact over all \(1 << r.roadmap.features.count) subsets"
        case .permutations(let count): "estimated from \(count) sampled orderings (its mcse includes that sampling)"
        }
        notes.append("Shapley values are \(method); in every sample they add up to the roadmap's uplift.")
        let interaction = r.interaction
        var roadmapOnly = r.scenario
        roadmapOnly.features = r.scenario.features.filter { r.roadmap.features.contains($0.id) }
        // Where values add up by the model's structure, a gap between the two is sampling noise.
        if abs(interaction) > 0.01 * max(abs(r.uplift.mean), 1e-300), let meeting = FeatureSeparability.interaction(in: roadmapOnly) {
            let verb = interaction > 0 ? "more" : "less"
            let why = interaction > 0
                ? "their effects meet in '\(meeting)', where what one feature changes multiplies or compounds with what another changes"
                : "their effects meet in '\(meeting)', where they overlap or one caps what the other can add"
            notes.append("Features interact: together they add \(NumberFormat.auto(abs(interaction))) \(verb) than the sum of their standalone contributions, because \(why). Shapley values share that difference; marginal values count it for every feature.")
        }
        for e in r.entries { if let reason = e.disagreement { notes.append("\(e.id): \(reason).") } }
        for separation in r.separations {
            let pair = [separation.higher, separation.lower].compactMap { id in r.entries.first { $0.id == id }?.standalone }
            if separation.samplesNeeded == nil, pair.count == 2, pair.allSatisfy({ $0.mean == 0 && $0.sd == 0 }) {
                notes.append("Neither \(separation.higher) nor \(separation.lower) changes \(r.scenario.primary.metric) in any simulated future: nothing they move reaches it.")
                continue
            }
            let more = separation.samplesNeeded.map { "about \(NumberFormat.grouped(Double($0), decimals: 0)) samples would separate them if the difference is real" }
                ?? "they contribute exactly the same in every simulated future"
            notes.append("\(separation.higher) and \(separation.lower) are not separated at \(NumberFormat.grouped(Double(r.samples), decimals: 0)) samples (difference \(String(format: "%.1f", separation.z)) standard errors): \(more).")
        }
        return notes
    }


    static func json(_ r: Ranking) -> JSONValue {
        func summary(_ c: Ranking.Contribution, positive: Bool) -> JSONValue {
            var members: [(String, JSONValue)] = [("mean", .number(c.mean)), ("sd", .number(c.sd)), ("mcse", .number(c.mcse)),
                                                  ("p5", .number(c.p5)), ("p50", .number(c.p50)), ("p95", .number(c.p95))]
            if positive { members.append(("prob_positive", .number(c.probPositive))) }
            return .object(members)
        }
        let features: [JSONValue] = r.entries.map { e in
            .object([
                ("rank", .number(Double(e.rank))), ("id", .string(e.id)), ("title", .string(e.title)),
                ("effort", .number(e.effort)), ("focus", e.focus.map { .string($0) } ?? .null),
                ("contribution", summary(e.standalone, positive: true)),
                ("marginal", e.marginal.map { m in
                    .object([("mean", .number(m.mean)), ("mcse", .number(m.mcse)), ("p5", .number(m.p5)), ("p95", .number(m.p95)),
                             ("prob_positive", .number(m.probPositive))])
                } ?? .null),
                ("shapley", e.shapley.map { .object([("mean", .number($0.mean)), ("mcse", .number($0.mcse))]) } ?? .null),
                ("per_effort", .number(e.perEffort)),
                ("cost", .number(e.cost)), ("per_cost", .number(e.perCost)),
                ("prob_top", .number(e.probTop)),
                ("rank_interval", .array([.number(Double(e.rankLow)), .number(Double(e.rankHigh))])),
                ("point_score", .object([("impact", .number(e.pointScore.impact)), ("timed_impact", .number(e.pointScore.timedImpact)),
                                         ("confidence", .number(e.pointScore.confidence)), ("effort", .number(e.pointScore.effort)),
                                         ("score", .number(e.pointScore.score)), ("rank", .number(Double(e.pointScore.rank))),
                                         ("simulated_rank_per_effort", .number(Double(e.perEffortRank)))])),
                ("disagreement", e.disagreement.map { .string($0) } ?? .null),
            ])
        }
        let method: JSONValue = switch r.shapleyMethod {
        case .exact: .string("exact")
        case .permutations(let count): .string("permutations:\(count)")
        }
        return .object([
            ("scenario", .string(r.scenario.name)), ("samples", .number(Double(r.samples))), ("seed", .integer(r.seed)),
            ("by", .string(r.criterion.rawValue)),
            ("baseline", summary(r.baseline, positive: false)),
            ("roadmap", .object([("features", .array(r.roadmap.features.map { .string($0) })),
                                 ("left_out", .array(r.leftOut.map { .string($0) })),
                                 ("uplift", summary(r.uplift, positive: true)),
                                 ("interaction", .number(r.interaction)),
                                 ("shapley_method", method), ("shapley_residual", .number(r.shapleyResidual))])),
            ("features", .array(features)),
            ("not_separated", .array(r.separations.map { s in
                .object([("higher", .string(s.higher)), ("lower", .string(s.lower)), ("z", .number(s.z)),
                         ("samples_needed", s.samplesNeeded.map { .number(Double($0)) } ?? .null)])
            })),
        ])
    }

    static func csv(_ r: Ranking) -> String {
        let header = ["rank", "id", "title", "effort", "focus", "contribution_mean", "contribution_sd", "contribution_mcse",
                      "contribution_p5", "contribution_p50", "contribution_p95", "contribution_prob_positive",
                      "marginal_mean", "marginal_mcse", "marginal_p5", "marginal_p95", "marginal_prob_positive",
                      "shapley_mean", "shapley_mcse", "per_effort", "prob_top", "rank_low", "rank_high",
                      "point_impact", "point_score", "point_rank", "simulated_rank_per_effort", "cost", "per_cost"]
        let p = NumberFormat.plain
        var lines = [CSV.line(header)]
        for e in r.entries {
            let c = e.standalone
            lines.append(CSV.line([String(e.rank), e.id, e.title, p(e.effort), e.focus ?? "",
                                   p(c.mean), p(c.sd), p(c.mcse), p(c.p5), p(c.p50), p(c.p95), p(c.probPositive)]
                                  + (e.marginal.map { [p($0.mean), p($0.mcse), p($0.p5), p($0.p95), p($0.probPositive)] } ?? Array(repeating: "", count: 5))
                                  + (e.shapley.map { [p($0.mean), p($0.mcse)] } ?? ["", ""])
                                  + [e.perEffort.map(p) ?? "", p(e.probTop), String(e.rankLow), String(e.rankHigh),
                                     p(e.pointScore.impact), e.pointScore.score.map(p) ?? "", String(e.pointScore.rank), String(e.perEffortRank),
                                     e.cost.map(p) ?? "", e.perCost.map(p) ?? ""]))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
