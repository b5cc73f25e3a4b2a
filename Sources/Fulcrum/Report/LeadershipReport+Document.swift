import Foundation

/// The report as a document: each section a figure with its numbers beside it, rendered
/// as one HTML page or as Markdown with the figures embedded.
extension LeadershipReport {
    public enum Format: String, CaseIterable, Sendable { case html, markdown }

    /// `date` is when the report was made, for its provenance.
    public func render(as format: Format, provenance: Provenance, date: Date) -> String {
        let document = self.document(provenance: provenance, date: date)
        switch format {
        case .html: return document.html(title: "\(scenario.name): \(scenario.primary.metric)")
        case .markdown: return document.render(markdown: true)
        }
    }

    func document(provenance: Provenance, date: Date) -> ReportDocument {
        var doc = ReportDocument()
        doc.append(.title("\(scenario.name): where \(scenario.primary.metric) stands and what moves it"))
        doc += verdictSection + treeSection + distributionSection + courseSection + rankingSection + focusSection
            + frontierSection + driverSection + experimentSection + provenanceSection(provenance, date: date)
        return doc
    }

    // MARK: Words and numbers shared by the sections

    var unit: String { scenario.primary.unit.map { " \($0)" } ?? "" }
    var decimals: Int { NumberFormat.decimals(forMagnitude: abs(baseline.primary.mean)) }
    func amount(_ x: Double) -> String { NumberFormat.grouped(x, decimals: decimals) + unit }
    func change(_ x: Double) -> String { NumberFormat.signed(x, decimals: decimals) + unit }
    static func features(_ roadmap: Roadmap) -> String { roadmap.isBaseline ? "no features" : roadmap.features.joined(separator: ", ") }

    /// The roadmaps whose distributions the report shows: baseline, plan, best.
    var runs: [(name: String, simulation: Simulation)] {
        var runs = [(name: "baseline", simulation: baseline)]
        if let plan, let planned, !plan.roadmap.isBaseline { runs.append((plan.name, planned)) }
        if let best, !runs.contains(where: { $0.simulation.roadmap == best.roadmap }) { runs.append(("best within budget", best)) }
        return runs
    }

    // MARK: Verdict

    var verdictSection: [ReportDocument.Block] {
        let p = scenario.primary
        var sentences = ["The goal is \(SimulationReport.aggregateDescription(scenario))"
            + (p.target.map { ", with a target of \(amount($0))." } ?? ", with no target set (give one with --target).")]
        func odds(_ run: (name: String, simulation: Simulation)) -> String {
            let chance = run.simulation.primary.probTarget.map { "a \(NumberFormat.percent($0)) chance of reaching the target" }
            return "\(run.name == "baseline" ? "the baseline" : run.name) (\(Self.features(run.simulation.roadmap))) gives an expected \(amount(run.simulation.primary.mean))" + (chance.map { " and \($0)" } ?? "")
        }
        let listed = runs.map(odds)
        sentences.append(listed.count == 1 ? "Without a plan, " + listed[0] + "." : "Without changes, " + listed[0] + "; " + listed.dropFirst().joined(separator: "; ") + ".")
        if let optimization {
            sentences.append("The best roadmap within \(OptimizationReport.budgetDescription(optimization)) is \(Self.features(optimization.best.roadmap)), \(change(optimization.best.uplift.mean)) over the baseline (\(optimization.method.isProvenOptimal ? "proven optimal" : "the best found; not proven optimal")).")
        }
        if let stress, let solution = stress.solution {
            sentences.append("For \(stress.reference) to reach the target with \(NumberFormat.percent(Self.wantedProbability)) probability, every draw of \(solution.name) would have to be \(solution.shift >= 0 ? "higher" : "lower") by \(NumberFormat.percent(abs(solution.shift))) (that gives \(NumberFormat.percent(solution.probTarget))).")
        } else if let reverseNote {
            sentences.append("What it would take to reach \(NumberFormat.percent(Self.wantedProbability)): \(reverseNote).")
        }
        return [.section("Verdict"), .answer(sentences.joined(separator: " ")), .blank]
    }

    // MARK: Driver tree

    var treeSection: [ReportDocument.Block] {
        let contributions = Dictionary(uniqueKeysWithValues: ranking.entries.map { ($0.id, $0.standalone.mean) })
        let metrics = tree.nodes.filter { $0.kind == .metric }.count, inputs = tree.nodes.count - metrics
        var notes: [ReportDocument.Block] = [
            .paragraph("\(scenario.primary.metric) is built from \(metrics - 1) other metric\(metrics == 2 ? "" : "s") and \(inputs) uncertain input\(inputs == 1 ? "" : "s"); each feature is joined to what it moves and shaded by its expected standalone contribution (darker is larger). A dashed line reads the previous period.")]
        if !tree.featuresWithoutPath.isEmpty {
            notes.append(.paragraph("Features that move nothing the goal depends on: \(tree.featuresWithoutPath.joined(separator: ", "))."))
        }
        if !tree.unreachable.isEmpty {
            notes.append(.paragraph("Not on any path to the goal: \(tree.unreachable.joined(separator: ", "))."))
        }
        let formulas = tree.nodes.filter { $0.kind == .metric }.map { "\($0.name) = \($0.formula)" }
        notes.append(.bullets(formulas))
        return [.section("How the goal is built"),
                .figure(.drawing(title: "Driver tree of \(scenario.primary.metric)", svg: DriverTreeDiagram.svg(tree, contributions: contributions)), notes: notes)]
    }

    // MARK: Distribution

    var distributionSection: [ReportDocument.Block] {
        var table = TextTable(headers: ["roadmap", "mean", "p5", "p50", "p95"] + (scenario.primary.target == nil ? [] : ["P(hit)"]),
                              alignments: [.left, .right, .right, .right, .right, .right])
        for run in runs {
            let p = run.simulation.primary
            table.append([run.name, amount(p.mean), amount(p.p5), amount(p.p50), amount(p.p95)] + (p.probTarget.map { [NumberFormat.percent($0)] } ?? []))
        }
        let described = runs.map { "\($0.name): \(Self.features($0.simulation.roadmap))" }
        return [.section("The goal's distribution"),
                .figure(.chart(DistributionCharts.histogram(runs)),
                        notes: [.paragraph("Each bar is the share of the \(NumberFormat.grouped(Double(settings.samples), decimals: 0)) simulated futures in which \(scenario.primary.metric) ends in its range (the first roadmap filled, the others outlined); the dashed line is the target."),
                                .table(table), .bullets(described)]),
                .figure(.chart(DistributionCharts.cumulative(runs)),
                        notes: [.paragraph("The same distributions as cumulative curves: the height of a curve at any value is the chance of ending at or below it. A curve further right is better in every future; curves that cross trade a better typical year for a worse bad year.")])]
    }

    // MARK: Over time

    /// The goal's metric, then the metrics the features move (directly, or through an input
    /// they read), up to four.
    var movedMetrics: [String] {
        let targets = Set(scenario.features.flatMap { $0.effects.map(\.target) })
        let moved = tree.nodes.filter { node in
            node.kind == .metric && node.depth > 0 && (targets.contains(node.name) || node.reads.contains { targets.contains($0) && scenario.input(named: $0) != nil })
        }.map(\.name)
        return Array(moved.prefix(4))
    }

    var courseSection: [ReportDocument.Block] {
        let simulation = runs.last!.simulation
        let name = runs.last!.name
        var blocks: [ReportDocument.Block] = [.section("Over time, under \(name)")]
        for metric in [scenario.primary.metric] + movedMetrics {
            guard let chart = FanChart.chart(simulation, metric: metric), let m = simulation.metrics.firstIndex(of: metric) else { continue }
            let points = simulation.fan.map { $0[m] }
            let magnitude = points.map { abs($0.p95) }.max() ?? 0
            let decimals = NumberFormat.decimals(forMagnitude: magnitude)
            var table = TextTable(headers: [scenario.period, "p5", "p25", "median", "p75", "p95"], alignments: [.right, .right, .right, .right, .right, .right])
            let step = max(1, (points.count + 11) / 12)
            for (index, point) in points.enumerated() where index % step == 0 || index == points.count - 1 {
                table.append([String(index + 1)] + [point.p5, point.p25, point.p50, point.p75, point.p95].map { NumberFormat.grouped($0, decimals: decimals) })
            }
            blocks.append(.figure(.chart(chart), notes: [.paragraph("\(metric): the darker band holds half of the futures, the lighter one 90%."), .table(table)]))
        }
        return blocks
    }

    // MARK: Ranking

    var rankingSection: [ReportDocument.Block] {
        let costs = ranking.entries.contains { $0.cost != nil }
        var table = TextTable(headers: ["#", "feature", "contribution", "p5", "p95", "P(>0)", "per effort"] + (costs ? ["per 1k cost"] : []) + ["RICE #"],
                              alignments: [.right, .left, .right, .right, .right, .right, .right] + (costs ? [.right] : []) + [.right])
        let magnitude = ranking.entries.map { max(abs($0.standalone.p5), abs($0.standalone.p95)) }.max() ?? 0
        let decimals = NumberFormat.decimals(forMagnitude: magnitude)
        for e in ranking.entries {
            table.append([String(e.rank), e.id, NumberFormat.signed(e.standalone.mean, decimals: decimals),
                          NumberFormat.grouped(e.standalone.p5, decimals: decimals), NumberFormat.grouped(e.standalone.p95, decimals: decimals),
                          NumberFormat.percent(e.standalone.probPositive), e.perEffort.map { NumberFormat.signed($0, decimals: decimals) } ?? "-"]
                         + (costs ? [e.perCost.map { NumberFormat.grouped(1000 * $0, decimals: NumberFormat.decimals(forMagnitude: 1000 * $0)) } ?? "-"] : []) + [String(e.pointScore.rank)])
        }
        let reasons = ranking.entries.compactMap { e in e.disagreement.map { "\(e.id): simulated #\(e.rank), RICE-style #\(e.pointScore.rank). \($0)" } }
        return [.section("Which features contribute most"),
                .figure(.chart(ForestPlot.chart(ranking)),
                        notes: [.paragraph("Each feature's contribution to \(scenario.primary.metric) shipped alone: the marker is the mean, the line the 90% interval. Beside it, a RICE-style score from the same inputs (reach x impact x confidence / effort, blind to timing and to how features interact)."),
                                .table(table)] + (reasons.isEmpty ? [.paragraph("The RICE-style order agrees with the simulated one.")] : [.bullets(reasons)]))]
    }

    // MARK: Acquisition or retention

    var focusSection: [ReportDocument.Block] {
        guard let focus else {
            return [.section("Acquisition or retention"),
                    .paragraph(optimization == nil ? "The scenario has no budget, so there is no best roadmap per focus to compare." : "Fewer than two focus tags among the features (acquisition, retention, ...): nothing to weigh against each other.")]
        }
        var table = TextTable(headers: ["roadmap", "features", "mean"] + (scenario.primary.target == nil ? [] : ["P(hit)"]), alignments: [.left, .left, .right, .right])
        for c in focus.candidates {
            table.append([c.name, Self.features(c.roadmap), amount(c.primary.mean)] + (c.primary.probTarget.map { [NumberFormat.percent($0)] } ?? []))
        }
        let notes = ComparisonReport.notes(focus)
        return [.section("Acquisition or retention"),
                .figure(.chart(HorizonChart.chart(focus)),
                        notes: [.paragraph("The best roadmap of each focus's features alone within the budget, compared on the same draws: the expected difference with \(scenario.primary.metric) judged over the first 1, 2, ... \(scenario.horizon) \(SimulationReport.plural(scenario.period, scenario.horizon))."),
                                .table(table)] + (notes.isEmpty ? [.paragraph("The leader is the same at every horizon.")] : [.bullets(notes)]))]
    }

    // MARK: Frontier

    var frontierSection: [ReportDocument.Block] {
        guard let optimization else { return [.section("The efficient frontier"), .paragraph("The scenario has no budget: give one to see the best roadmap at each effort.")] }
        var table = TextTable(headers: ["effort", "roadmap", "uplift"] + (scenario.primary.target == nil ? [] : ["P(hit)"]), alignments: [.right, .left, .right, .right])
        for c in optimization.frontier {
            table.append([NumberFormat.auto(c.effort), Self.features(c.roadmap), change(c.uplift.mean)] + (c.primary.probTarget.map { [NumberFormat.percent($0)] } ?? []))
        }
        var blocks: [ReportDocument.Block] = [
            .section("The efficient frontier"),
            .figure(.chart(FrontierCharts.value(optimization)),
                    notes: [.paragraph("The best roadmap found at each effort: beyond the point where the curve flattens, more effort buys little. \(OptimizationReport.methodDescription(optimization))"), .table(table)]),
        ]
        if let chart = FrontierCharts.probability(optimization) {
            blocks.append(.figure(.chart(chart), notes: [.paragraph("The same roadmaps by their chance of reaching the target.")]))
        }
        return blocks
    }

    // MARK: Drivers of a miss

    var driverSection: [ReportDocument.Block] {
        guard let stress else {
            return [.section("What drives the spread"),
                    .figure(.chart(TornadoCharts.sensitivity(sensitivity)),
                            notes: [.paragraph("The goal has no target: give one with --target to see what drives a miss. Meanwhile, the share of the variance of \(scenario.primary.metric) each uncertainty explains, largest first.")])]
        }
        var table = TextTable(headers: ["driver", "coef.", "1st fifth", "2nd", "3rd", "4th", "5th"], alignments: [.left, .right, .right, .right, .right, .right, .right])
        for driver in stress.drivers {
            table.append([driver.name, String(format: "%+.2f", driver.coefficient)] + driver.probTargetByQuintile.map { $0.isNaN ? "-" : NumberFormat.percent($0) })
        }
        var plans = TextTable(headers: ["roadmap", "P(hit)", "expected shortfall", "P(miss by 10%+)"], alignments: [.left, .right, .right, .right])
        for plan in stress.plans {
            plans.append([plan.name, NumberFormat.percent(plan.probTarget), amount(plan.expectedShortfall), NumberFormat.percent(plan.probMissByTenPercent)])
        }
        return [.section("What drives a miss"),
                .figure(.chart(TornadoCharts.drivers(stress)),
                        notes: [.paragraph("P(hit) under \(stress.reference) when a quantity's draw is in its lowest or highest fifth, around the overall chance: the longest bars are what a miss depends on."), .table(plans)]),
                .figure(.chart(TornadoCharts.quintiles(stress)),
                        notes: [.paragraph("P(hit) in each fifth of each driver's range, lowest first, and the standardised regression coefficient of \(scenario.primary.metric) on it:"), .table(table)])]
    }

    // MARK: Experiments

    var experimentSection: [ReportDocument.Block] {
        let v = valueOfInformation
        let decimals = NumberFormat.decimals(forMagnitude: max(v.evpi, v.inputs.first?.evppi ?? 0))
        var table = TextTable(headers: ["uncertainty", "EVPPI", "share of EVPI"], alignments: [.left, .right, .right])
        for input in v.inputs {
            table.append([input.name, NumberFormat.grouped(input.evppi, decimals: decimals), v.evpi > 0 ? NumberFormat.percent(input.evppi / v.evpi) : "-"])
        }
        let decision = "Choosing among \(v.alternatives.map(\.name).joined(separator: ", ")), the best bet today is \(v.chosen); knowing everything before choosing would be worth \(NumberFormat.grouped(v.evpi, decimals: decimals))\(unit) on average (EVPI)."
        return [.section("Where to experiment first"),
                .figure(.chart(ValueOfInformationChart.chart(v)),
                        notes: [.paragraph(decision + " Each bar is what learning that one uncertainty first is worth (EVPPI): test the top ones before building; a bar at the noise floor (\(NumberFormat.grouped(v.noiseFloor, decimals: decimals))) is worth nothing."),
                                .table(table)])]
    }

    // MARK: Provenance

    func provenanceSection(_ provenance: Provenance, date: Date) -> [ReportDocument.Block] {
        var items = ["Scenario: \(provenance.file), sha256 \(provenance.sha256)"]
        items += provenance.tables.map { "Backlog table: \($0.file), sha256 \($0.sha256)" }
        items.append("Seed \(provenance.seed), \(NumberFormat.grouped(Double(provenance.samples), decimals: 0)) samples")
        var options: [String] = plan.map { ["--plan \($0.name)"] } ?? []
        if let goal = provenance.goal { options.append("--goal \(goal)") }
        if let target = provenance.target { options.append("--target \(NumberFormat.auto(target))") }
        if let horizon = provenance.horizon { options.append("--horizon \(horizon)") }
        options += provenance.overrides.map { "--set \($0)" }
        items.append("Options: " + (options.isEmpty ? "none" : options.joined(separator: " ")))
        items.append("Fulcrum \(provenance.version), made \(ISO8601DateFormatter().string(from: date))")
        return [.section("Provenance"), .bullets(items)]
    }
}
