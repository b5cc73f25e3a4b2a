import Foundation

/// Renders an `Alignment` in each output format.
public enum AlignmentReport {
    public static func render(_ a: Alignment, as format: OutputFormat, provenance: Provenance? = nil) -> String {
        ReportFormats.render(format, provenance: provenance, text: { text(a, markdown: $0) }, json: { json(a) }, csv: { csv(a) })
    }

    static func text(_ a: Alignment, markdown: Bool) -> String {
        let title = "\(a.scenario.name): how well '\(a.planName)' serves the goal"
        var out = Prose.heading(title, markdown: markdown)
        let intro = "Plan \(a.planName): \(a.roadmap.features.joined(separator: ", ")), effort \(NumberFormat.auto(a.effort)). \(NumberFormat.grouped(Double(a.samples), decimals: 0)) samples, seed \(a.seed)."
        out += [markdown ? intro : Prose.wrapped(intro, bullet: nil), ""]
        out += verdict(a.verdict, a, markdown: markdown)
        if let alternative = a.alternative {
            out += verdict(alternative, a, markdown: markdown)
            out += goalChange(a, alternative, markdown: markdown)
        }
        return out.joined(separator: "\n") + "\n"
    }

    private static func verdict(_ v: Alignment.Verdict, _ a: Alignment, markdown: Bool) -> [String] {
        var scenario = a.scenario
        scenario.primary = v.goal
        let decimals = NumberFormat.decimals(forMagnitude: max(abs(v.uplift.mean), abs(v.bestUplift)))
        var lines = [markdown ? "### Against \(SimulationReport.aggregateDescription(scenario))" : "Against \(SimulationReport.aggregateDescription(scenario))", ""]
        let bestNames = v.bestSameEffort == a.roadmap ? "this plan itself" : v.bestSameEffort.features.joined(separator: ", ")
        var summary = ["Uplift over the baseline: \(NumberFormat.grouped(v.uplift.mean, decimals: decimals)) (mcse \(NumberFormat.auto(v.uplift.mcse))).",
                       "Best roadmap at no more effort: \(bestNames), uplift \(NumberFormat.grouped(v.bestUplift, decimals: decimals)).",
                       "Efficiency: \(v.efficiency.map(NumberFormat.percent) ?? "n/a") of that best uplift.",
                       "Effort on features that pay off in at least 80% of outcomes (or within Monte Carlo error of it): \(NumberFormat.percent(v.alignedEffortShare))."]
        summary = summary.map { markdown ? "- " + $0 : Prose.wrapped($0, bullet: "*") }
        lines += summary + [""]
        var table = TextTable(headers: ["feature", "effort", "marginal", "mcse", "P(>0)", "aligned"],
                              alignments: [.left, .right, .right, .right, .right, .left])
        for feature in v.features {
            table.append([feature.id, NumberFormat.auto(feature.effort),
                          NumberFormat.grouped(feature.marginal.mean, decimals: decimals), NumberFormat.auto(feature.marginal.mcse),
                          NumberFormat.percent(feature.marginal.probPositive), feature.aligned ? "yes" : (feature.reasons.isEmpty ? "borderline" : "no")])
        }
        lines.append(markdown ? table.markdown() : table.terminal())
        lines.append("")
        for feature in v.features where !feature.aligned {
            let text = "\(feature.id): " + (feature.reasons + feature.borderline).joined(separator: "; ") + "."
            lines.append(markdown ? "- " + text : Prose.wrapped(text, bullet: "*"))
        }
        if v.features.contains(where: { !$0.aligned }) { lines.append("") }
        return lines
    }

    /// How the features' order and the plan's efficiency move when the goal changes.
    private static func goalChange(_ a: Alignment, _ other: Alignment.Verdict, markdown: Bool) -> [String] {
        let first = a.verdict
        func order(_ v: Alignment.Verdict) -> [String] { v.features.sorted { $0.marginal.mean > $1.marginal.mean }.map(\.id) }
        let (before, after) = (order(first), order(other))
        let (from, to) = (first.goal.goal ?? first.metric, other.goal.goal ?? other.metric)
        var table = TextTable(headers: ["feature", "rank for \(from)", "rank for \(to)"], alignments: [.left, .right, .right])
        for id in before { table.append([id, String(before.firstIndex(of: id)! + 1), String(after.firstIndex(of: id)! + 1)]) }
        var lines = [markdown ? "### From \(from) to \(to)" : "From \(from) to \(to)", "",
                     markdown ? table.markdown() : table.terminal(), ""]
        let moved = before.filter { before.firstIndex(of: $0) != after.firstIndex(of: $0) }
        let change = "Efficiency moves from \(first.efficiency.map(NumberFormat.percent) ?? "n/a") to \(other.efficiency.map(NumberFormat.percent) ?? "n/a"); "
            + (moved.isEmpty ? "the features keep their order." : "\(moved.joined(separator: ", ")) change places.")
        lines.append(markdown ? change : Prose.wrapped(change, bullet: nil))
        return lines
    }


    static func verdictJSON(_ v: Alignment.Verdict) -> [(String, JSONValue)] {
        [("primary", .string(v.metric)),
         ("uplift", .object([("mean", .number(v.uplift.mean)), ("mcse", .number(v.uplift.mcse))])),
         ("best_same_effort", .object([("features", .array(v.bestSameEffort.features.map { .string($0) })),
                                       ("uplift", .object([("mean", .number(v.bestUplift))]))])),
         ("efficiency", .number(v.efficiency)), ("aligned_effort_share", .number(v.alignedEffortShare)),
         ("features", .array(v.features.map { f in
             .object([("id", .string(f.id)), ("effort", .number(f.effort)),
                      ("marginal", .object([("mean", .number(f.marginal.mean)), ("mcse", .number(f.marginal.mcse)),
                                            ("p5", .number(f.marginal.p5)), ("p95", .number(f.marginal.p95)),
                                            ("prob_positive", .number(f.marginal.probPositive))])),
                      ("aligned", .bool(f.aligned)), ("reasons", .array(f.reasons.map { .string($0) })),
                      ("borderline", .array(f.borderline.map { .string($0) }))])
         }))]
    }

    static func json(_ a: Alignment) -> JSONValue {
        var members: [(String, JSONValue)] = [("scenario", .string(a.scenario.name)), ("samples", .number(Double(a.samples))),
                                              ("seed", .number(Double(a.seed))), ("plan", .string(a.planName)),
                                              ("plan_features", .array(a.roadmap.features.map { .string($0) })), ("effort", .number(a.effort))]
        members += verdictJSON(a.verdict)
        if let alternative = a.alternative { members.append(("alternative", .object(verdictJSON(alternative)))) }
        return .object(members)
    }

    static func csv(_ a: Alignment) -> String {
        let p = NumberFormat.plain
        var lines = [CSV.line(["primary", "feature", "effort", "marginal_mean", "marginal_mcse", "prob_positive", "aligned", "reasons"])]
        for verdict in [a.verdict] + (a.alternative.map { [$0] } ?? []) {
            for f in verdict.features {
                lines.append(CSV.line([verdict.metric, f.id, p(f.effort), p(f.marginal.mean), p(f.marginal.mcse), p(f.marginal.probPositive),
                                       f.aligned ? "true" : "false", (f.reasons + f.borderline).joined(separator: "; ")]))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
