/// Renders a `ForecastReview` in each output format.
public enum ReviewReport {
    public static func render(_ r: ForecastReview, as format: OutputFormat, provenance: Provenance? = nil) -> String {
        ReportFormats.render(format, provenance: provenance, document: { document(r) }, json: { json(r) }, csv: { csv(r) })
    }

    static func document(_ r: ForecastReview) -> ReportDocument {
        let record = r.record
        var doc = ReportDocument()
        doc.append(.title("\(record.scenario): forecast \(record.id) against what happened"))
        doc.append(.paragraph("Forecast \(record.id)\(record.label.map { " (\($0))" } ?? ""), recorded \(record.created) for \(record.plan) (\(record.roadmap.isEmpty ? "no features" : record.roadmap.joined(separator: ", "))), \(NumberFormat.grouped(Double(record.samples), decimals: 0)) samples, seed \(record.seed)."
            + (r.scenarioChanged ? " The scenario has been edited since (sha256 then \(record.sha256.prefix(12))); the goal and the choice below use it as it is now." : "")))
        doc.append(.blank)
        if r.metrics.isEmpty { doc.append(.paragraph("No actuals for the forecast's metrics yet: import some with 'fulcrum actuals'.")) }
        for m in r.metrics {
            let decimals = NumberFormat.decimals(forMagnitude: m.periods.map { abs($0.p95) }.max() ?? 0)
            var table = TextTable(headers: [record.period, "actual", "p5", "p50", "p95", "PIT", "in 50%", "in 90%"],
                                  alignments: [.right, .right, .right, .right, .right, .right, .left, .left])
            for p in m.periods {
                table.append([String(p.t)] + [p.actual, p.p5, p.p50, p.p95].map { NumberFormat.grouped($0, decimals: decimals) }
                             + [String(format: "%.2f", p.pit), p.inside50 ? "yes" : "no", p.inside90 ? "yes" : "no"])
            }
            doc += [.section(m.metric), .table(table), .blank,
                    .paragraph("The 50% interval held in \(NumberFormat.percent(m.coverage50)) of periods and the 90% one in \(NumberFormat.percent(m.coverage90)) (a calibrated forecast: 50% and 90%); mean PIT \(String(format: "%.2f", m.meanPIT)) (calibrated: 0.50; above, the actuals run high); CRPS \(NumberFormat.grouped(m.crps, decimals: decimals)) (the average distance from forecast to actual, in \(m.metric)'s units; lower is better)."),
                    .blank]
            if let off = m.off { doc += [.answer("\(m.metric) is off: \(off)."), .blank] }
        }
        if !r.unmatched.isEmpty {
            doc += [.paragraph("No forecast for: " + r.unmatched.map { "\($0.metric) in \(record.period) \($0.t)" }.joined(separator: ", ") + "."), .blank]
        }
        if let goal = r.goal {
            doc.append(.section("The goal given the actuals"))
            let hit = goal.probTarget.map { "P(hit) \(NumberFormat.percent($0)), recorded \(record.probTarget.map(NumberFormat.percent) ?? "-")" } ?? "no target"
            doc.append(.answer("\(record.goal): expected \(NumberFormat.auto(goal.mean)) (90% between \(NumberFormat.auto(goal.p5)) and \(NumberFormat.auto(goal.p95))), \(hit)."))
            doc.append(.paragraph("The \(NumberFormat.grouped(Double(goal.samples), decimals: 0)) simulated futures of today's scenario, reweighted by how well they match the actuals: each actual is taken as its simulated value plus a normal error with sd \(NumberFormat.percent(goal.noise)) of the actual (--noise), independent across periods and metrics. Effective sample size \(NumberFormat.grouped(goal.effectiveSamples, decimals: 0))"
                + (goal.isTrusted ? "." : ": too few to trust; raise --samples, or --noise if the actuals are rougher than that.")))
            doc.append(.blank)
        }
        doc.append(.section("The recorded choice now"))
        doc.append(.bullets(choiceNotes(r)))
        return doc
    }

    static func choiceNotes(_ r: ForecastReview) -> [String] {
        let c = r.choice
        var notes: [String] = []
        if let then = c.planUpliftThen, let now = c.planUpliftNow {
            notes.append("\(r.record.plan) was expected to add \(NumberFormat.auto(then)); today's scenario says \(NumberFormat.auto(now)).")
        }
        if let then = c.efficiencyThen, let now = c.efficiencyNow {
            notes.append("Its efficiency against the best roadmap of its effort: \(NumberFormat.percent(then)) then, \(NumberFormat.percent(now)) now.")
        }
        if let then = c.bestThen, let now = c.bestNow {
            notes.append(then == now ? "The best roadmap within budget is unchanged: \(then.joined(separator: ", "))."
                                     : "The best roadmap within budget changed: then \(then.joined(separator: ", ")), now \(now.joined(separator: ", ")).")
        }
        let moves = RankingMoves.between(c.rankingThen, c.rankingNow)
        notes.append(moves.isEmpty ? "The ranking is as it was." : "Ranking moves: " + moves.joined(separator: ", ") + ".")
        return notes
    }

    static func json(_ r: ForecastReview) -> JSONValue {
        let c = r.choice
        return .object([
            ("record", .number(Double(r.record.id))), ("scenario_changed", .bool(r.scenarioChanged)),
            ("metrics", .array(r.metrics.map { m in
                .object([("metric", .string(m.metric)), ("coverage_50", .number(m.coverage50)), ("coverage_90", .number(m.coverage90)),
                         ("mean_pit", .number(m.meanPIT)), ("crps", .number(m.crps)), ("off", m.off.map { .string($0) } ?? .null),
                         ("periods", .array(m.periods.map { p in
                             .object([("t", .number(Double(p.t))), ("actual", .number(p.actual)), ("p5", .number(p.p5)), ("p50", .number(p.p50)),
                                      ("p95", .number(p.p95)), ("pit", .number(p.pit)), ("crps", .number(p.crps))])
                         }))])
            })),
            ("goal", .object([("prob_target", .number(r.record.probTarget)), ("prob_target_given_actuals", .number(r.goal?.probTarget)),
                              ("mean_given_actuals", .number(r.goal?.mean)), ("p5_given_actuals", .number(r.goal?.p5)),
                              ("p95_given_actuals", .number(r.goal?.p95)),
                              ("effective_samples", .number(r.goal?.effectiveSamples)), ("noise", .number(r.goal?.noise))])),
            ("choice", .object([("plan_uplift_then", .number(c.planUpliftThen)), ("plan_uplift_now", .number(c.planUpliftNow)),
                                ("efficiency_then", .number(c.efficiencyThen)), ("efficiency_now", .number(c.efficiencyNow)),
                                ("best_then", c.bestThen.map { .array($0.map { .string($0) }) } ?? .null),
                                ("best_now", c.bestNow.map { .array($0.map { .string($0) }) } ?? .null),
                                ("ranking_then", .array(c.rankingThen.map { .string($0) })), ("ranking_now", .array(c.rankingNow.map { .string($0) }))])),
        ])
    }

    static func csv(_ r: ForecastReview) -> String {
        let p = NumberFormat.plain
        var lines = [CSV.line(["metric", "t", "actual", "p5", "p50", "p95", "pit", "in_50", "in_90", "crps"])]
        for m in r.metrics {
            for x in m.periods {
                lines.append(CSV.line([m.metric, String(x.t), p(x.actual), p(x.p5), p(x.p50), p(x.p95), p(x.pit), x.inside50 ? "1" : "0", x.inside90 ? "1" : "0", p(x.crps)]))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
