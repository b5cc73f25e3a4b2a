/// `fulcrum compare`: roadmaps side by side on the same draws, and every pair's paired
/// difference, including how the verdict changes with the horizon.
public struct Comparison: Sendable {
    public struct Candidate: Sendable {
        public var name: String
        public var roadmap: Roadmap
        public var effort: Double
        public var primary: Summary
    }

    public struct Difference: Sendable, Equatable {
        public var mean: Double
        public var sd: Double
        public var mcse: Double
        public var p5: Double
        public var p95: Double
    }

    public struct Pair: Sendable {
        public var a: String
        public var b: String
        /// A minus B over the whole horizon, sample by sample.
        public var difference: Difference
        /// Share of samples in which A is ahead (ties count half).
        public var probABetter: Double
        /// Expected A minus B with the aggregate taken over periods 1...t, for t = 1...horizon.
        public var byHorizon: [Double]
        public var byHorizonMcse: [Double]
        /// The period from which the final leader stays ahead at every longer horizon, when
        /// the other roadmap led at some shorter one; nil if the leader never changes (ties,
        /// as before either roadmap's first launch, lead nobody).
        public var crossoverPeriod: Int? {
            let signs = byHorizon.map { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }
            guard let final = signs.last, final != 0,
                  let lastOther = signs.indices.last(where: { signs[$0] != 0 && signs[$0] != final }) else { return nil }
            return signs.indices.first { $0 > lastOther && signs[$0] == final }.map { $0 + 1 }
        }
    }

    public var scenario: Scenario
    public var samples: Int
    public var seed: UInt64
    public var candidates: [Candidate]
    public var pairs: [Pair]

    public typealias Settings = SamplingSettings

    public static func run(_ model: Model, roadmaps: [(name: String, roadmap: Roadmap)], settings: Settings) throws(EvaluationError) -> Comparison {
        let scenario = model.scenario
        let horizon = model.horizon
        let schedule = PlanSchedule(roadmaps.map(\.roadmap), model: model, keepingValues: true)
        let plans = roadmaps.map { schedule.plan(for: $0.roadmap) }
        let pairIndices = roadmaps.indices.flatMap { a in roadmaps.indices.filter { $0 > a }.map { (a, $0) } }
        let truncatedWeights = (1...horizon).map { scenario.primary.periodWeights(horizon: $0) }
        let target = scenario.primary.target
        let primaryNode = model.primaryNode

        struct Partial: Sendable, Codable {
            var primary: [Moments]
            var hits: [Int]
            /// Pair p, horizon t at p * horizon + t - 1.
            var byHorizon: [Moments]
            var ahead: [Double]
        }
        struct Tally: Sendable, Codable {
            var primary: [QuantileSketch]
            var differences: [QuantileSketch]
        }
        let (total, tallies) = try Engine.run(
            model: model, schedule: schedule,
            settings: Engine.Settings(samples: settings.samples, seed: settings.seed, threads: settings.threads),
            initial: Partial(primary: Array(repeating: Moments(), count: plans.count), hits: Array(repeating: 0, count: plans.count),
                             byHorizon: Array(repeating: Moments(), count: pairIndices.count * horizon),
                             ahead: Array(repeating: 0, count: pairIndices.count)),
            tally: Tally(primary: Array(repeating: QuantileSketch(), count: plans.count),
                         differences: Array(repeating: QuantileSketch(), count: pairIndices.count)),
            observe: { partial, tally, block in
                let n = block.count
                // truncated[r][(t - 1) * n + j]: roadmap r's aggregate over periods 1...t.
                let truncated: [[Double]] = plans.map { plan in
                    var values = [Double](repeating: 0, count: horizon * n)
                    for t in 1...horizon {
                        let weights = truncatedWeights[t - 1]
                        for s in 1...t where weights[s - 1] != 0 {
                            let v = block.values(plan: plan, node: primaryNode, period: s)
                            for j in 0..<n { values[(t - 1) * n + j] += weights[s - 1] * v[j] }
                        }
                    }
                    return values
                }
                for (r, plan) in plans.enumerated() {
                    let aggregate = block.aggregate(plan: plan)
                    partial.primary[r].add(aggregate)
                    tally.primary[r].add(aggregate)
                    if let target { partial.hits[r] += aggregate.reduce(0) { $0 + ($1 >= target ? 1 : 0) } }
                }
                var difference = [Double](repeating: 0, count: n)
                for (p, (a, b)) in pairIndices.enumerated() {
                    for t in 1...horizon {
                        for j in 0..<n { difference[j] = truncated[a][(t - 1) * n + j] - truncated[b][(t - 1) * n + j] }
                        difference.withUnsafeBufferPointer { partial.byHorizon[p * horizon + t - 1].add($0) }
                    }
                    let (aggregateA, aggregateB) = (block.aggregate(plan: plans[a]), block.aggregate(plan: plans[b]))
                    for j in 0..<n {
                        difference[j] = aggregateA[j] - aggregateB[j]
                        partial.ahead[p] += difference[j] > 0 ? 1 : (difference[j] == 0 ? 0.5 : 0)
                    }
                    difference.withUnsafeBufferPointer { tally.differences[p].add($0) }
                }
            },
            merge: { total, partial in
                for i in total.primary.indices { total.primary[i].merge(partial.primary[i]) }
                for i in total.byHorizon.indices { total.byHorizon[i].merge(partial.byHorizon[i]) }
                for i in total.hits.indices { total.hits[i] += partial.hits[i] }
                for i in total.ahead.indices { total.ahead[i] += partial.ahead[i] }
            })
        var tally = tallies[0]
        for other in tallies.dropFirst() {
            for i in tally.primary.indices { tally.primary[i].merge(other.primary[i]) }
            for i in tally.differences.indices { tally.differences[i].merge(other.differences[i]) }
        }
        let samples = Double(settings.samples)
        let candidates = roadmaps.enumerated().map { r, named in
            let moments = total.primary[r], sketch = tally.primary[r]
            return Candidate(
                name: named.name, roadmap: named.roadmap,
                effort: named.roadmap.features.compactMap { scenario.feature(withID: $0)?.effort }.reduce(0, +),
                primary: Summary(mean: moments.mean, sd: moments.sd, mcse: moments.mcse,
                                 quantiles: Summary.levels.map { sketch.quantile($0) },
                                 probTarget: target.map { _ in Double(total.hits[r]) / samples }))
        }
        let pairs = pairIndices.enumerated().map { p, indices in
            let full = total.byHorizon[p * horizon + horizon - 1]
            return Pair(a: roadmaps[indices.0].name, b: roadmaps[indices.1].name,
                        difference: Difference(mean: full.mean, sd: full.sd, mcse: full.mcse,
                                               p5: tally.differences[p].quantile(0.05), p95: tally.differences[p].quantile(0.95)),
                        probABetter: total.ahead[p] / samples,
                        byHorizon: (0..<horizon).map { total.byHorizon[p * horizon + $0].mean },
                        byHorizonMcse: (0..<horizon).map { total.byHorizon[p * horizon + $0].mcse })
        }
        return Comparison(scenario: scenario, samples: settings.samples, seed: settings.seed, candidates: candidates, pairs: pairs)
    }
}
