/// Renders an `EffectLearning` in each output format.
public enum LearningReport {
    public static func render(_ l: EffectLearning, as format: OutputFormat, saved: String?, provenance: Provenance? = nil) -> String {
        ReportFormats.render(format, provenance: provenance, document: { document(l, saved: saved) }, json: { json(l, saved: saved) }, csv: { csv(l) })
    }

    static func method(_ m: EffectLearning.Method) -> String {
        switch m {
        case .conjugate: "conjugate"
        case .reweighting: "reweighted"
        }
    }

    static func document(_ l: EffectLearning, saved: String?) -> ReportDocument {
        var doc = ReportDocument()
        doc.append(.title("\(l.before.scenario.name): what the experiments taught"))
        var table = TextTable(headers: ["effect", "prior", "result", "posterior", "method"], alignments: [.left, .right, .right, .right, .left])
        for u in l.updates {
            table.append(["\(u.feature).\(u.target)", "\(short(u.prior.mean)) ± \(short(u.prior.sd))", "\(short(u.estimate)) ± \(short(u.standardError))",
                          "\(short(u.posterior.mean)) ± \(short(u.posterior.sd))", method(u.method)])
        }
        let reweighted = l.updates.compactMap { u -> String? in
            guard case .reweighting(let draws, let effective) = u.method else { return nil }
            return "\(u.feature).\(u.target): \(NumberFormat.grouped(Double(draws), decimals: 0)) draws of its prior \(u.priorText), reweighted (effective sample size \(NumberFormat.grouped(effective, decimals: 0))), written back as the normal with the posterior's mean and sd"
        }
        doc += [.paragraph("Each result is taken as the effect's true size plus a normal error with its standard error; means ± sd. A normal prior is updated exactly (conjugate); any other by reweighting its draws."),
                .blank, .table(table), .blank]
        if !reweighted.isEmpty { doc += [.bullets(reweighted), .blank] }
        let before = l.before.entries.map(\.id), after = l.after.entries.map(\.id)
        var ranks = TextTable(headers: ["#", "before", "after"], alignments: [.right, .left, .left])
        for index in after.indices { ranks.append([String(index + 1), before[index], after[index]]) }
        doc += [.section("The ranking before and after"), .table(ranks), .blank]
        let learned = Set(l.updates.map(\.feature))
        let contributionBefore = Dictionary(uniqueKeysWithValues: l.before.entries.map { ($0.id, $0.standalone.mean) })
        let moves = l.after.entries.enumerated().compactMap { now, entry -> String? in
            guard let then = before.firstIndex(of: entry.id), then != now || learned.contains(entry.id) else { return nil }
            let change = "expected contribution \(NumberFormat.auto(contributionBefore[entry.id] ?? 0)) -> \(NumberFormat.auto(entry.standalone.mean))"
            let why = learned.contains(entry.id) ? "its effect was measured" : "others were measured"
            return "\(entry.id): \(then + 1) -> \(now + 1), \(change) (\(why))"
        }
        doc.append(.bullets(moves.isEmpty ? ["The order is unchanged."] : moves))
        doc += [.blank, .paragraph(saved.map { "The updated scenario, each changed effect commented with its source, is in \($0)." } ?? "Give --save PATH to write the updated scenario.")]
        return doc
    }

    static func short(_ x: Double) -> String { String(format: "%.4g", x) }

    static func json(_ l: EffectLearning, saved: String?) -> JSONValue {
        .object([
            ("effects", .array(l.updates.map { u in
                .object([("feature", .string(u.feature)), ("target", .string(u.target)), ("source", .string(u.source)),
                         ("prior", .object([("text", .string(u.priorText)), ("mean", .number(u.prior.mean)), ("sd", .number(u.prior.sd))])),
                         ("result", .object([("estimate", .number(u.estimate)), ("std_error", .number(u.standardError))])),
                         ("posterior", .object([("mean", .number(u.posterior.mean)), ("sd", .number(u.posterior.sd))])),
                         ("method", .string(u.method == .conjugate ? "conjugate" : "reweighting"))])
            })),
            ("ranking_before", .array(l.before.entries.map { .string($0.id) })),
            ("ranking_after", .array(l.after.entries.map { .string($0.id) })),
            ("saved", saved.map { .string($0) } ?? .null),
        ])
    }

    static func csv(_ l: EffectLearning) -> String {
        let p = NumberFormat.plain
        var lines = [CSV.line(["feature", "target", "prior_mean", "prior_sd", "estimate", "std_error", "posterior_mean", "posterior_sd"])]
        for u in l.updates {
            lines.append(CSV.line([u.feature, u.target, p(u.prior.mean), p(u.prior.sd), p(u.estimate), p(u.standardError), p(u.posterior.mean), p(u.posterior.sd)]))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
