import Foundation

extension Ranking {
    static func assemble(scenario: Scenario, settings: Settings, roadmap: Roadmap, leftOut: [String], candidates: [String],
                         total: RankingPass.Partial, tally: RankingPass.Tally, points: [PointUplift],
                         shapleyMethod: ShapleyMethod) -> Ranking {
        let samples = Double(settings.samples)
        func contribution(_ moments: Moments, _ sketch: QuantileSketch, _ positive: Int) -> Contribution {
            Contribution(mean: moments.mean, sd: moments.sd, mcse: moments.mcse, p5: sketch.quantile(0.05),
                         p50: sketch.quantile(0.5), p95: sketch.quantile(0.95), probPositive: Double(positive) / samples)
        }
        let k = candidates.count
        var entries: [Entry] = candidates.enumerated().map { c, id in
            let feature = scenario.feature(withID: id)!
            let member = roadmap.features.firstIndex(of: id)
            let standalone = contribution(total.standalone[c], tally.standalone[c], total.standalonePositive[c])
            let counts = tally.rankCounts[(c * k)..<((c + 1) * k)]
            let point = points[c]
            return Entry(
                id: id, title: feature.title, effort: feature.effort, focus: feature.focus, rank: 0, standalone: standalone,
                marginal: member.map { contribution(total.marginal[$0], tally.marginal[$0], total.marginalPositive[$0]) },
                shapley: member.map { MeanEstimate(mean: total.shapley[$0].mean, mcse: shapleyStandardError(total, member: $0)) },
                perEffort: feature.effort > 0 ? standalone.mean / feature.effort : nil,
                cost: feature.cost, perCost: feature.cost.flatMap { $0 > 0 ? standalone.mean / $0 : nil },
                probTop: total.topShare[c] / samples,
                rankLow: rank(atShare: 0.05, of: Array(counts)), rankHigh: rank(atShare: 0.95, of: Array(counts)),
                perEffortRank: 0,
                pointScore: PointScore(impact: point.impact, timedImpact: point.timed, confidence: feature.success,
                                       effort: feature.effort,
                                       score: feature.effort > 0 ? point.impact * feature.success / feature.effort : nil, rank: 0),
                disagreement: nil)
        }
        let order = entries.indices.sorted {
            let (a, b) = (sortKey(entries[$0], settings.criterion), sortKey(entries[$1], settings.criterion))
            return a != b ? b.lexicographicallyPrecedes(a) : $0 < $1
        }
        entries = order.enumerated().map { position, index in
            var entry = entries[index]
            entry.rank = position + 1
            return entry
        }
        assignRanks(&entries, by: { simulatedValuePerEffort($0, settings.criterion) }, to: \.perEffortRank)
        assignRanks(&entries, by: { $0.pointScore.score ?? ($0.pointScore.impact > 0 ? .infinity : -.infinity) }, to: \.pointScore.rank)
        let ranked = entries
        for index in entries.indices {
            entries[index].disagreement = disagreement(ranked[index], among: ranked, scenario: scenario, criterion: settings.criterion)
        }
        let upliftScale = max(total.uplift.sd, abs(total.uplift.mean), 1e-300)
        return Ranking(
            scenario: scenario, samples: settings.samples, seed: settings.seed, criterion: settings.criterion, roadmap: roadmap,
            leftOut: leftOut,
            baseline: contribution(total.baseline, tally.baseline, 0),
            uplift: contribution(total.uplift, tally.uplift, total.upliftPositive),
            entries: entries, shapleyMethod: shapleyMethod, shapleyResidual: total.residual / upliftScale,
            separations: separations(entries, candidates: candidates, total: total, samples: settings.samples))
    }

    private static func sortKey(_ entry: Entry, _ criterion: Criterion) -> [Double] {
        switch criterion {
        case .contribution: [entry.standalone.mean]
        case .perEffort: [RankingPass.perEffort(entry.standalone.mean, entry.effort)]
        case .probPositive: [entry.standalone.probPositive, entry.standalone.mean]
        case .shapley: [entry.shapley?.mean ?? -.infinity, entry.standalone.mean]
        }
    }

    private static func simulatedValuePerEffort(_ entry: Entry, _ criterion: Criterion) -> Double {
        let value = criterion == .shapley ? (entry.shapley?.mean ?? entry.standalone.mean) : entry.standalone.mean
        return RankingPass.perEffort(value, entry.effort)
    }

    private static func assignRanks(_ entries: inout [Entry], by key: (Entry) -> Double, to path: WritableKeyPath<Entry, Int>) {
        let order = entries.indices.sorted { (key(entries[$0]), -$0) > (key(entries[$1]), -$1) }
        for (position, index) in order.enumerated() { entries[index][keyPath: path] = position + 1 }
    }

    /// The smallest rank r with at least `share` of samples at rank r or better.
    private static func rank(atShare share: Double, of counts: [Int]) -> Int {
        let total = counts.reduce(0, +)
        var seen = 0
        for (index, count) in counts.enumerated() {
            seen += count
            if Double(seen) >= share * Double(total) { return index + 1 }
        }
        return counts.count
    }

    /// With sampled orderings, each ordering is evaluated on its own share of the blocks, so
    /// the per-ordering means are independent estimates and their spread carries both
    /// errors: which samples were drawn, and which orderings (common to a block's samples,
    /// so the spread across samples alone would understate it).
    private static func shapleyStandardError(_ total: RankingPass.Partial, member m: Int) -> Double {
        let drawn = total.alongOrdering.filter { $0[m].count > 0 }
        guard drawn.count > 1 else { return total.shapley[m].mcse }
        var orderings = Moments()
        for ordering in drawn { orderings.add(ordering[m].mean) }
        return (orderings.variance / Double(drawn.count)).squareRoot()
    }

    private static func separations(_ entries: [Entry], candidates: [String], total: RankingPass.Partial, samples: Int) -> [Separation] {
        let k = candidates.count
        return zip(entries, entries.dropFirst()).compactMap { higher, lower in
            let (a, b) = (candidates.firstIndex(of: higher.id)!, candidates.firstIndex(of: lower.id)!)
            let moments = total.differences[min(a, b) * k + max(a, b)]
            guard moments.count > 1 else { return nil }
            let z = moments.mcse > 0 ? abs(moments.mean) / moments.mcse : (moments.mean == 0 ? 0 : .infinity)
            guard z < 2 else { return nil }
            let needed = z > 0 ? Int((Double(samples) * (2 / z) * (2 / z)).rounded(.up)) : nil
            return Separation(higher: higher.id, lower: lower.id, z: z, samplesNeeded: needed)
        }
    }

    /// Why a RICE-style score ranks a feature differently from the simulation. Ranks are
    /// relative, so the feature's realisation (simulated value over its point estimate) is
    /// set against the median feature's before naming its own largest factor.
    static func disagreement(_ entry: Entry, among entries: [Entry], scenario: Scenario, criterion: Criterion) -> String? {
        guard entry.pointScore.rank != entry.perEffortRank else { return nil }
        let lead = "RICE ranks it \(entry.pointScore.rank), the simulation \(entry.perEffortRank) by value per effort"
        let realisations = entries.compactMap { realisation($0, criterion) }.sorted()
        guard let own = realisation(entry, criterion), !realisations.isEmpty else {
            return "\(lead): its point estimate is zero or has the opposite sign of its simulated value"
        }
        let median = realisations[realisations.count / 2]
        // Features that swapped places with this one between the two rankings.
        let crossed = entries.filter { other in
            (other.pointScore.rank < entry.pointScore.rank) != (other.perEffortRank < entry.perEffortRank) && other.id != entry.id
        }.map(\.id)
        if abs(own / median - 1) < 0.05, !crossed.isEmpty {
            return "\(lead): it keeps about as much of its point-estimate value as the median feature (\(NumberFormat.percent(own))), and moves because \(crossed.joined(separator: ", ")) \(crossed.count == 1 ? "changes" : "change") places with it"
        }
        var text = "\(lead): the simulation keeps \(NumberFormat.percent(own)) of its point-estimate value, the median feature \(NumberFormat.percent(median))"
        let factors = self.factors(entry, scenario: scenario, criterion: criterion)
            .filter { own >= median ? $0.ratio > 1 : $0.ratio < 1 }
        if let main = factors.max(by: { abs(log($0.ratio)) < abs(log($1.ratio)) }) {
            text += "; \(main.text)"
        } else if own >= median {
            text += "; the others lose more to late launches and uncertainty than it does"
        }
        return text
    }

    /// Simulated value over the point estimate (impact at means times confidence).
    private static func realisation(_ entry: Entry, _ criterion: Criterion) -> Double? {
        let point = entry.pointScore.impact * entry.pointScore.confidence
        let simulated = criterion == .shapley ? (entry.shapley?.mean ?? entry.standalone.mean) : entry.standalone.mean
        guard point != 0, simulated / point > 0 else { return nil }
        return simulated / point
    }

    /// What separates the point estimate from the simulation: timing, uncertainty, interactions.
    private static func factors(_ entry: Entry, scenario: Scenario, criterion: Criterion) -> [(ratio: Double, text: String)] {
        let point = entry.pointScore
        let feature = scenario.feature(withID: entry.id)!
        var factors: [(ratio: Double, text: String)] = []
        if point.impact != 0, point.timedImpact / point.impact > 0, point.timedImpact / point.impact < 0.99 {
            let share = point.timedImpact / point.impact
            // Its standalone value includes what it requires: the latest of them sets the timing.
            func lateness(_ f: Feature) -> (Int, Int) { (f.launch + f.ramp, f.id == feature.id ? 1 : 0) }
            let latest = Roadmap.requirementClosure(of: [feature.id], in: scenario).compactMap { scenario.feature(withID: $0) }
                .max { lateness($0) < lateness($1) } ?? feature
            let ramp = latest.ramp > 1 ? " and ramps over \(latest.ramp) \(SimulationReport.plural(scenario.period, latest.ramp))" : ""
            let timing = "starts in \(scenario.period) \(latest.launch)\(ramp)"
            factors.append((share, latest.id == feature.id
                ? "it \(timing), so only \(NumberFormat.percent(share)) of its full effect lands within the horizon"
                : "it requires \(latest.id), which \(timing), so only \(NumberFormat.percent(share)) of their full effect lands within the horizon"))
        }
        let expectedAtMeans = point.timedImpact * point.confidence
        if expectedAtMeans != 0, entry.standalone.mean / expectedAtMeans > 0 {
            let ratio = entry.standalone.mean / expectedAtMeans
            if abs(log(ratio)) > 0.02 {
                factors.append((ratio, ratio > 1
                    ? "its expected effect is \(NumberFormat.percent(ratio - 1)) larger than at mean values, as uncertain drivers that multiply or compound work in its favour"
                    : "its expected effect is \(NumberFormat.percent(1 - ratio)) smaller than at mean values, as the spread of its uncertain drivers costs more than a point estimate shows"))
            }
        }
        if criterion == .shapley, let shapley = entry.shapley, entry.standalone.mean != 0, shapley.mean / entry.standalone.mean > 0 {
            let ratio = shapley.mean / entry.standalone.mean
            if abs(log(ratio)) > 0.02 {
                factors.append((ratio, ratio < 1
                    ? "in the roadmap it overlaps with other features, and its Shapley share is \(NumberFormat.percent(1 - ratio)) below its standalone value"
                    : "in the roadmap other features amplify it, and its Shapley share is \(NumberFormat.percent(ratio - 1)) above its standalone value"))
            }
        }
        return factors
    }
}
