import Foundation

/// Renders a `Comparison` in each output format.
public enum ComparisonReport {
    public static func render(_ c: Comparison, as format: OutputFormat, provenance: Provenance? = nil) -> String {
        ReportFormats.render(format, provenance: provenance, document: { document(c) }, json: { json(c) }, csv: { csv(c) },
                             charts: { [HorizonChart.chart(c)] })
    }

    static func document(_ c: Comparison) -> ReportDocument {
        let s = c.scenario
        var doc = ReportDocument()
        doc.append(.title("\(s.name): roadmaps compared"))
        doc += [.paragraph("\(SimulationReport.aggregateDescription(s))\(s.primary.unit.map { ", \($0)" } ?? ""); \(NumberFormat.grouped(Double(c.samples), decimals: 0)) samples, seed \(c.seed), every roadmap on the same draws."),
                .blank]
        let magnitude = c.candidates.map { max(abs($0.primary.p95), abs($0.primary.mean)) }.max() ?? 0
        let decimals = NumberFormat.decimals(forMagnitude: magnitude)
        let keys = Dictionary(c.candidates.enumerated().map { ($1.name, key($0)) }, uniquingKeysWith: { first, _ in first })
        var plans = TextTable(headers: ["", "roadmap", "effort", "mean", "p5", "p95", s.primary.target == nil ? "" : "P(target)"],
                              alignments: [.left, .left, .right, .right, .right, .right, .right])
        for candidate in c.candidates {
            let p = candidate.primary
            plans.append([keys[candidate.name]!, candidate.name, NumberFormat.auto(candidate.effort), NumberFormat.grouped(p.mean, decimals: decimals),
                          NumberFormat.grouped(p.p5, decimals: decimals), NumberFormat.grouped(p.p95, decimals: decimals),
                          p.probTarget.map(NumberFormat.percent) ?? ""])
        }
        doc += [.table(plans), .blank]
        doc += RoadmapContents.blocks(c.candidates.map { ($0.name, $0.roadmap) })

        let diffDecimals = NumberFormat.decimals(forMagnitude: c.pairs.map { abs($0.difference.mean) }.max() ?? 0)
        var pairs = TextTable(headers: ["A - B", "mean", "mcse", "p5", "p95", "P(A ahead)", "crossover"],
                              alignments: [.left, .right, .right, .right, .right, .right, .right])
        for pair in c.pairs {
            let d = pair.difference
            pairs.append(["\(keys[pair.a]!) - \(keys[pair.b]!)", NumberFormat.signed(d.mean, decimals: diffDecimals), NumberFormat.auto(d.mcse),
                          NumberFormat.signed(d.p5, decimals: diffDecimals), NumberFormat.signed(d.p95, decimals: diffDecimals), NumberFormat.percent(pair.probABetter),
                          pair.crossoverPeriod.map { "\(s.period) \($0)" } ?? "-"])
        }
        doc += [.table(pairs), .blank]
        doc.append(.byFormat(terminal: horizonTables(c, keys: keys, perTable: 5, decimals: diffDecimals),
                             markdown: horizonTables(c, keys: keys, perTable: 8, decimals: diffDecimals)))
        doc.append(.bullets(notes(c)))
        return doc
    }

    /// The expected difference had the horizon ended at each period: acquisition pays at
    /// once, retention compounds, and this shows when one overtakes the other. A terminal
    /// takes five pairs to a table, Markdown eight.
    private static func horizonTables(_ c: Comparison, keys: [String: String], perTable: Int, decimals: Int) -> [ReportDocument.Block] {
        let s = c.scenario
        var out: [ReportDocument.Block] = []
        for start in stride(from: 0, to: c.pairs.count, by: perTable) {
            let chunk = Array(c.pairs[start..<min(c.pairs.count, start + perTable)])
            var table = TextTable(headers: ["horizon"] + chunk.map { "\(keys[$0.a]!) - \(keys[$0.b]!)" },
                                  alignments: [.right] + chunk.map { _ in .right })
            for t in SimulationReport.shownPeriods(s.horizon) {
                table.append(["\(t)"] + chunk.map { NumberFormat.signed($0.byHorizon[t - 1], decimals: decimals) })
            }
            out += [.line("Expected difference if the horizon ended after each \(s.period):"), .table(table), .blank]
        }
        return out
    }

    /// Roadmap labels A, B, ..., Z, AA, AB, ...
    static func key(_ index: Int) -> String {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return index < 26 ? String(letters[index]) : key(index / 26 - 1) + String(letters[index % 26])
    }

    static func notes(_ c: Comparison) -> [String] {
        let s = c.scenario
        return c.pairs.compactMap { pair in
            guard let final = pair.byHorizon.last, final != 0 else { return nil }
            let (leader, other) = final > 0 ? (pair.a, pair.b) : (pair.b, pair.a)
            if let crossover = pair.crossoverPeriod {
                return "\(other) is ahead over short horizons, \(leader) from \(s.period) \(crossover) on: judged over fewer than \(crossover) \(SimulationReport.plural(s.period, crossover)), the verdict flips."
            }
            // A lead that peaked and is shrinking: the trailing roadmap compounds.
            let leads = pair.byHorizon.map { abs($0) }
            guard let peak = leads.indices.max(by: { leads[$0] < leads[$1] }), peak < leads.count - 1,
                  leads[leads.count - 1] < 0.8 * leads[peak] else { return nil }
            let decimals = NumberFormat.decimals(forMagnitude: leads[peak])
            return "\(leader) leads at every horizon, but its lead peaks at \(NumberFormat.grouped(leads[peak], decimals: decimals)) after \(s.period) \(peak + 1) and shrinks to \(NumberFormat.grouped(leads[leads.count - 1], decimals: decimals)) by \(s.period) \(s.horizon): \(other) compounds, and a longer horizon may reverse the verdict."
        }
    }


    static func primaryJSON(_ p: Summary) -> JSONValue {
        .object([("mean", .number(p.mean)), ("sd", .number(p.sd)), ("mcse", .number(p.mcse)), ("p5", .number(p.p5)),
                 ("p50", .number(p.p50)), ("p95", .number(p.p95)), ("prob_target", .number(p.probTarget))])
    }

    static func json(_ c: Comparison) -> JSONValue {
        .object([
            ("scenario", .string(c.scenario.name)), ("samples", .number(Double(c.samples))), ("seed", .integer(c.seed)),
            ("plans", .array(c.candidates.map { candidate in
                .object([("name", .string(candidate.name)), ("features", .array(candidate.roadmap.features.map { .string($0) })),
                         ("effort", .number(candidate.effort)), ("primary", primaryJSON(candidate.primary))])
            })),
            ("pairs", .array(c.pairs.map { pair in
                .object([("a", .string(pair.a)), ("b", .string(pair.b)),
                         ("diff", .object([("mean", .number(pair.difference.mean)), ("sd", .number(pair.difference.sd)),
                                           ("mcse", .number(pair.difference.mcse)), ("p5", .number(pair.difference.p5)),
                                           ("p95", .number(pair.difference.p95))])),
                         ("prob_a_better", .number(pair.probABetter)),
                         ("crossover_period", pair.crossoverPeriod.map { .number(Double($0)) } ?? .null),
                         ("by_horizon", .array(zip(pair.byHorizon, pair.byHorizonMcse).enumerated().map { index, value in
                             .object([("t", .number(Double(index + 1))), ("mean", .number(value.0)), ("mcse", .number(value.1))])
                         }))])
            })),
        ])
    }

    static func csv(_ c: Comparison) -> String {
        let p = NumberFormat.plain
        var lines = [CSV.line(["kind", "name", "t", "effort", "mean", "sd", "mcse", "p5", "p50", "p95", "prob_target", "prob_a_better", "crossover_period",
                                "features"])]
        for candidate in c.candidates {
            let s = candidate.primary
            lines.append(CSV.line(["plan", candidate.name, "", p(candidate.effort), p(s.mean), p(s.sd), p(s.mcse), p(s.p5), p(s.p50), p(s.p95),
                                   s.probTarget.map(p) ?? "", "", "", candidate.roadmap.features.joined(separator: ";")]))
        }
        for pair in c.pairs {
            let d = pair.difference
            lines.append(CSV.line(["pair", "\(pair.a) - \(pair.b)", "", "", p(d.mean), p(d.sd), p(d.mcse), p(d.p5), "", p(d.p95), "",
                                   p(pair.probABetter), pair.crossoverPeriod.map(String.init) ?? "", ""]))
            for (index, value) in pair.byHorizon.enumerated() {
                lines.append(CSV.line(["horizon", "\(pair.a) - \(pair.b)", String(index + 1), "", p(value), "", p(pair.byHorizonMcse[index]),
                                       "", "", "", "", "", "", ""]))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
