/// The primary metric under many roadmaps on the same draws, with each roadmap's paired
/// uplift over the first one (usually the baseline): the evaluation every strategy
/// command shares.
struct RoadmapOutcomes: Sendable {
    struct Outcome: Sendable {
        var primary: Summary
        var p10: Double
        /// Paired difference from the first roadmap, sample by sample.
        var uplift: Moments
        /// The uplift's distribution, when asked for (`upliftQuantiles`): a sketch per roadmap
        /// costs as much as the rest of its statistics, and a search over neighbours has no
        /// use for it.
        var upliftSketch: QuantileSketch?
        /// Share of samples in which the difference is below zero.
        var probDown: Double
        /// E[max(0, target - value)] and P(value < 90% of the target), when there is a target.
        var expectedShortfall: Double?
        var probMissByTenPercent: Double?
    }

    var outcomes: [Outcome]

    /// `routes` are cheaper paths to some roadmaps than one feature at a time (see `PlanSchedule`).
    static func run(_ model: Model, roadmaps: [Roadmap], samples: Int, seed: UInt64, threads: Int,
                    adjustments: SampleAdjustments = SampleAdjustments(), target: Double? = nil,
                    routes: [(roadmap: Roadmap, parent: Roadmap)] = [], upliftQuantiles: Bool = false) throws(EvaluationError) -> RoadmapOutcomes {
        let schedule = PlanSchedule(roadmaps, model: model, routes: routes)
        let plans = roadmaps.map(schedule.plan(for:))
        let target = target ?? model.scenario.primary.target
        struct Partial: Sendable, Codable {
            var primary: [Moments]
            var uplift: [Moments]
            var hits: [Int]
            var down: [Int]
            var shortfall: [Double]
            var bigMisses: [Int]
        }
        struct Tally: Sendable, Codable {
            var primary: [QuantileSketch]
            /// Empty unless `upliftQuantiles`.
            var uplift: [QuantileSketch]
        }
        let (total, tallies) = try Engine.run(
            model: model, schedule: schedule,
            settings: Engine.Settings(samples: samples, seed: seed, threads: threads, adjustments: adjustments),
            initial: Partial(primary: Array(repeating: Moments(), count: plans.count), uplift: Array(repeating: Moments(), count: plans.count),
                             hits: Array(repeating: 0, count: plans.count), down: Array(repeating: 0, count: plans.count), shortfall: Array(repeating: 0, count: plans.count),
                             bigMisses: Array(repeating: 0, count: plans.count)),
            tally: Tally(primary: Array(repeating: QuantileSketch(), count: plans.count),
                         uplift: Array(repeating: QuantileSketch(), count: upliftQuantiles ? plans.count : 0)),
            observe: { partial, sketches, block in
                let first = block.aggregate(plan: plans[0])
                var difference = [Double](repeating: 0, count: block.count)
                for (r, plan) in plans.enumerated() {
                    let values = block.aggregate(plan: plan)
                    partial.primary[r].add(values)
                    sketches.primary[r].add(values)
                    if let target {
                        partial.hits[r] += values.reduce(0) { $0 + ($1 >= target ? 1 : 0) }
                        partial.shortfall[r] += values.reduce(0) { $0 + max(0, target - $1) }
                        let tenPercentShort = target - 0.1 * abs(target)
                        partial.bigMisses[r] += values.reduce(0) { $0 + ($1 < tenPercentShort ? 1 : 0) }
                    }
                    for j in 0..<block.count { difference[j] = values[j] - first[j] }
                    difference.withUnsafeBufferPointer {
                        partial.uplift[r].add($0)
                        if upliftQuantiles { sketches.uplift[r].add($0) }
                    }
                    partial.down[r] += difference.reduce(0) { $0 + ($1 < 0 ? 1 : 0) }
                }
            },
            merge: { total, partial in
                for r in total.primary.indices {
                    total.primary[r].merge(partial.primary[r])
                    total.uplift[r].merge(partial.uplift[r])
                    total.hits[r] += partial.hits[r]
                    total.down[r] += partial.down[r]
                    total.shortfall[r] += partial.shortfall[r]
                    total.bigMisses[r] += partial.bigMisses[r]
                }
            })
        var sketches = tallies[0]
        for other in tallies.dropFirst() {
            for r in sketches.primary.indices { sketches.primary[r].merge(other.primary[r]) }
            for r in sketches.uplift.indices { sketches.uplift[r].merge(other.uplift[r]) }
        }
        return RoadmapOutcomes(outcomes: plans.indices.map { r in
            Outcome(primary: Summary(mean: total.primary[r].mean, sd: total.primary[r].sd, mcse: total.primary[r].mcse,
                                     quantiles: Summary.levels.map { sketches.primary[r].quantile($0) },
                                     probTarget: target.map { _ in Double(total.hits[r]) / Double(samples) }),
                    p10: sketches.primary[r].quantile(0.10), uplift: total.uplift[r], upliftSketch: upliftQuantiles ? sketches.uplift[r] : nil,
                    probDown: Double(total.down[r]) / Double(samples),
                    expectedShortfall: target.map { _ in total.shortfall[r] / Double(samples) },
                    probMissByTenPercent: target.map { _ in Double(total.bigMisses[r]) / Double(samples) })
        })
    }
}
