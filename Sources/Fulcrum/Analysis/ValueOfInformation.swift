/// `fulcrum voi`: for the decision "which roadmap do we choose", what perfect knowledge of
/// everything (EVPI), or of one uncertain quantity (EVPPI), would be worth.
public struct ValueOfInformation: Sendable {
    public struct Alternative: Sendable {
        public var name: String
        public var roadmap: Roadmap
        public var mean: Double
    }

    public struct PartialValue: Sendable {
        /// An input, `feature.target` for an effect, or `feature.success`.
        public var name: String
        public var evppi: Double
    }

    public var scenario: Scenario
    public var samples: Int
    public var seed: UInt64
    public var alternatives: [Alternative]
    /// The alternative with the best expected value today.
    public var chosen: String
    public var evpi: Double
    public var evpiMcse: Double
    public var inputs: [PartialValue]
    /// Bins per factor in the EVPPI estimator.
    public var bins: Int
    /// EVPPI of a quantity that carries no information (bins by sample index): the
    /// estimator's upward bias from noise, below which an EVPPI means nothing.
    public var noiseFloor: Double

    public typealias Settings = SamplingSettings

    /// Baseline, every named plan, and each feature with what it requires.
    public static func defaultAlternatives(_ scenario: Scenario) -> [(name: String, roadmap: Roadmap)] {
        var list: [(name: String, roadmap: Roadmap)] = [("baseline", .baseline)]
        for plan in scenario.plans { list.append((plan.name, Roadmap(unchecked: plan.features, in: scenario))) }
        for feature in scenario.features {
            list.append((feature.id, Ranking.active(Roadmap.requirementClosure(of: [feature.id], in: scenario), in: scenario)))
        }
        return list
    }

    public static func run(_ model: Model, alternatives: [(name: String, roadmap: Roadmap)], settings: Settings) throws(EvaluationError) -> ValueOfInformation {
        let schedule = PlanSchedule(alternatives.map(\.roadmap), model: model)
        let plans = alternatives.map { schedule.plan(for: $0.roadmap) }
        let factors = UncertainFactor.factors(of: model, for: alternatives.map(\.roadmap))
        let engine = Engine.Settings(samples: settings.samples, seed: settings.seed, threads: settings.threads)
        let bins = max(2, min(50, Int((Double(settings.samples) / 400).squareRoot().rounded())))

        // Pass 1: each alternative's mean, and each factor's quantiles for its bins.
        struct First: Sendable, Codable { var means: [Moments] }
        let (first, firstTallies) = try Engine.run(
            model: model, schedule: schedule, settings: engine,
            initial: First(means: Array(repeating: Moments(), count: plans.count)),
            tally: [QuantileSketch](repeating: QuantileSketch(), count: factors.count),
            observe: { partial, sketches, block in
                for (a, plan) in plans.enumerated() { partial.means[a].add(block.aggregate(plan: plan)) }
                for (f, factor) in factors.enumerated() { sketches[f].add(block.sampleValues(slot: factor.slot)) }
            },
            merge: { total, partial in for a in total.means.indices { total.means[a].merge(partial.means[a]) } })
        var sketches = firstTallies[0]
        for other in firstTallies.dropFirst() { for f in sketches.indices { sketches[f].merge(other[f]) } }
        let edges = sketches.map { sketch in (1..<bins).map { sketch.quantile(Double($0) / Double(bins)) } }
        let binning = sketches
        let chosen = first.means.indices.max { first.means[$0].mean < first.means[$1].mean }!

        // Pass 2: the value of knowing everything, and per-bin sums for each factor (plus
        // an information-free factor, the sample index, for the noise floor).
        let layout = BinLayout(factors: factors.count + 1, bins: bins, alternatives: plans.count)
        let blockBytes = Engine.blockSize(model: model, schedule: schedule) * (layout.alternatives * 8 + layout.factors)
        let threads = settings.threads
        let (second, _) = try Engine.run(
            model: model, schedule: schedule, settings: engine,
            initial: BinnedSums(), tally: 0, blocksPerWave: Engine.blocksPerWave(partialBytes: blockBytes),
            observe: { partial, _, block in
                // Each sample's values of every alternative side by side, so that adding them
                // to a bin's sums is one contiguous, vectorised run per factor (the same
                // additions in the same order as alternative by alternative), and a sample's
                // best alternative is the largest of one row.
                let width = layout.alternatives
                var rows = [Double](repeating: 0, count: block.count * width)
                for (a, plan) in plans.enumerated() {
                    let column = block.aggregate(plan: plan)
                    for j in 0..<block.count { rows[j * width + a] = column[j] }
                }
                let regret = (0..<block.count).map { j in rows[(j * width)..<((j + 1) * width)].max()! - rows[j * width + chosen] }
                regret.withUnsafeBufferPointer { partial.regret.add($0) }
                var binOf = [UInt8](repeating: 0, count: layout.factors * block.count)
                for f in 0..<layout.factors {
                    let x = f < factors.count ? block.sampleValues(slot: factors[f].slot) : nil
                    for j in 0..<block.count {
                        let bin = x.map { value in
                            let held = binning[f].quantized(value[j])
                            return edges[f].partitioningIndex { $0 > held }
                        } ?? ((block.start + j) % bins)
                        binOf[f * block.count + j] = UInt8(bin)
                    }
                }
                partial.blockValues = rows
                partial.blockBins = binOf
            },
            merge: { total, partial in total.merge(partial, layout: layout, threads: threads) })
        // Each bin's gain over today's choice, rather than the difference of two grand means,
        // so that a choice that wins in every bin is worth exactly 0, not rounding noise.
        let evppi: [Double] = (0..<layout.factors).map { f in
            var value = 0.0
            for bin in 0..<bins where second.count(factor: f, bin: bin, layout: layout) > 0 {
                let sums = plans.indices.map { second.sum(factor: f, bin: bin, alternative: $0, layout: layout) }
                value += (sums.max()! - sums[chosen]) / Double(settings.samples)
            }
            return value
        }
        return ValueOfInformation(
            scenario: model.scenario, samples: settings.samples, seed: settings.seed,
            alternatives: alternatives.enumerated().map { Alternative(name: $1.name, roadmap: $1.roadmap, mean: first.means[$0].mean) },
            chosen: alternatives[chosen].name, evpi: second.regret.mean, evpiMcse: second.regret.mcse,
            inputs: factors.enumerated().map { PartialValue(name: $1.name, evppi: evppi[$0]) }.sorted { $0.evppi > $1.evppi },
            bins: bins, noiseFloor: evppi[factors.count])
    }
}

extension Array where Element == Double {
    /// First index whose element satisfies `predicate`, for a sorted array.
    func partitioningIndex(where predicate: (Double) -> Bool) -> Int {
        var (low, high) = (0, count)
        while low < high {
            let middle = (low + high) / 2
            if predicate(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
