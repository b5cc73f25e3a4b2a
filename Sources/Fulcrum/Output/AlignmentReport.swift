import Foundation

/// Renders an `Alignment` in each output format.
public enum AlignmentReport {
    public static func render(_ a: Alignment, as format: OutputFormat, provenance: Provenance? = nil) -> String {
        ReportFormats.render(format, provenance: provenance, document: { document(a) }, json: { json(a) }, csv: { csv(a) })
    }

    static func document(_ a: Alignment) -> ReportDocument {
        var doc = ReportDocument()
        doc.append(.title("\(a.scenario.name): how well '\(a.planName)' serves the goal"))
        doc += [.paragraph("Plan \(a.planName): \(a.roadmap.features.joined(separator: ", ")), effort \(NumberFormat.auto(a.effort)). \(NumberFormat.grouped(Double(a.samples), decimals: 0)) samples, seed \(a.seed)."),
                .blank]
        doc += verdict(a.verdict, a)
        if let alternative = a.alternative {
            doc += verdict(alternative, a)
            doc += goalChange(a, alternative)
        }
        return doc
    }

    private static func verdict(_ v: Alignment.Verdict, _ a: Alignment) -> [ReportDocument.Block] {
        var scenario = a.scenario
        scenario.primary = v.goal
        let decimals = NumberFormat.decimals(forMagnitude: max(abs(v.uplift.mean), abs(v.bestUplift)))
        let bestNames = v.bestSameEffort == a.roadmap ? "this plan itself" : v.bestSameEffort.features.joined(separator: ", ")
        var table = TextTable(headers: ["feature", "effort", "marginal", "mcse", "P(>0)", "aligned"],
                              alignments: [.left, .right, .right, .right, .right, .left])
        for feature in v.features {
            table.append([feature.id, NumberFormat.auto(feature.effort),
                          NumberFormat.grouped(feature.marginal.mean, decimals: decimals), NumberFormat.auto(feature.marginal.mcse),
                          NumberFormat.percent(feature.marginal.probPositive), feature.aligned ? "yes" : (feature.reasons.isEmpty ? "borderline" : "no")])
        }
        let unaligned = v.features.filter { !$0.aligned }.map { "\($0.id): " + ($0.reasons + $0.borderline).joined(separator: "; ") + "." }
        return [
            .section("Against \(SimulationReport.aggregateDescription(scenario))"),
            .bullets(["Uplift over the baseline: \(NumberFormat.grouped(v.uplift.mean, decimals: decimals)) (mcse \(NumberFormat.auto(v.uplift.mcse))).",
                      "Best roadmap at no more effort: \(bestNames), uplift \(NumberFormat.grouped(v.bestUplift, decimals: decimals)).",
                      "Efficiency: \(v.efficiency.map(NumberFormat.percent) ?? "n/a") of that best uplift.",
                      "Effort on features that pay off in at least 80% of outcomes (or within Monte Carlo error of it): \(NumberFormat.percent(v.alignedEffortShare))."]),
            .blank, .table(table), .blank,
        ] + (unaligned.isEmpty ? [] : [.bullets(unaligned), .blank])
    }

    /// How the features' order and the plan's efficiency move when the goal changes.
    private static func goalChange(_ a: Alignment, _ other: Alignment.Verdict) -> [ReportDocument.Block] {
        let first = a.verdict
        func order(_ v: Alignment.Verdict) -> [String] { v.features.sorted { $0.marginal.mean > $1.marginal.mean }.map(\.id) }
        let (before, after) = (order(first), order(other))
        let (from, to) = (first.goal.goal ?? first.metric, other.goal.goal ?? other.metric)
        var table = TextTable(headers: ["feature", "rank for \(from)", "rank for \(to)"], alignments: [.left, .right, .right])
        for id in before { table.append([id, String(before.firstIndex(of: id)! + 1), String(after.firstIndex(of: id)! + 1)]) }
        let moved = before.filter { before.firstIndex(of: $0) != after.firstIndex(of: $0) }
        let change = "Efficiency moves from \(first.efficiency.map(NumberFormat.percent) ?? "n/a") to \(other.efficiency.map(NumberFormat.percent) ?? "n/a"); "
            + (moved.isEmpty ? "the features keep their order." : "\(moved.joined(separator: ", ")) change places.")
        return [.section("From \(from) to \(to)"), .table(table), .blank, .paragraph(change)]
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
                                              ("seed", .integer(a.seed)), ("plan", .string(a.planName)),
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
