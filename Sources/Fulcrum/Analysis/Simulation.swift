/// `fulcrum simulate`: the primary metric's distribution under one roadmap, and a
/// per-period fan of every metric.
public struct Simulation: Sendable {
    /// One metric in one period.
    public struct FanPoint: Sendable, Equatable {
        public var mean: Double
        public var p5: Double
        public var p25: Double
        public var p50: Double
        public var p75: Double
        public var p95: Double
    }

    public var scenario: Scenario
    public var roadmap: Roadmap
    public var samples: Int
    public var seed: UInt64
    public var primary: Summary
    /// The primary metric's whole distribution, for histograms and cumulative curves.
    public var distribution: QuantileSketch
    /// Names of the metrics in `fan`, in scenario order.
    public var metrics: [String]
    /// `fan[t - 1][m]`: metric m in period t.
    public var fan: [[FanPoint]]
    /// Each bounded metric and the share of samples x periods in which it was clamped.
    public var clamped: [(metric: String, bounds: Bounds, share: Double)] = []

    public typealias Settings = SamplingSettings

    /// Metric-periods up to which each gets a quantile sketch (about 0.05% precision, a few
    /// dozen kilobytes each per worker); beyond, `FanRefinement` finds the percentiles in
    /// bounded memory with a few more passes over the samples.
    static let sketchedCells = 1024

    public static func run(_ model: Model, roadmap: Roadmap, settings: Settings) throws(EvaluationError) -> Simulation {
        try measured(model, roadmap: roadmap, settings: settings, percentiles: []).simulation
    }

    /// The simulation, and for every metric and period (`cell = (t - 1) * metrics + m`) the
    /// sd and the value at each of `percentiles`: what a recorded forecast keeps.
    static func measured(_ model: Model, roadmap: Roadmap, settings: Settings, percentiles extra: [Double])
        throws(EvaluationError) -> (simulation: Simulation, percentiles: [[Double]], sd: [Double]) {
        let schedule = PlanSchedule(single: roadmap, model: model)
        let metricNodes = model.nodes.indices.filter { model.nodes[$0].isMetric }
        let horizon = model.horizon
        let cells = metricNodes.count * horizon

        struct Partial: Sendable, Codable {
            var primary = Moments()
            var hits = 0
            var moments: [Moments]
            var minimum: [Double] = []
            var maximum: [Double] = []
        }
        // A sketch per metric and period while they are few; past that, bounded passes.
        let sketchesFans = cells <= Self.sketchedCells
        struct Tally: Sendable, Codable {
            /// The primary metric to 16 mantissa bits (relative error under 1e-5, below the
            /// Monte Carlo error at any sample count used), so memory stays flat in samples.
            var primary = QuantileSketch(mantissaBits: 16)
            var fan: [QuantileSketch]
            var clamped: [Int]
        }
        let bounded = metricNodes.filter { model.nodes[$0].bounds != nil }
        let target = model.scenario.primary.target
        let engineSettings = Engine.Settings(samples: settings.samples, seed: settings.seed, threads: settings.threads)
        let (total, tallies) = try Engine.run(
            model: model, schedule: schedule,
            settings: engineSettings,
            initial: Partial(moments: []),
            tally: Tally(fan: [QuantileSketch](repeating: QuantileSketch(), count: sketchesFans ? cells : 0),
                         clamped: [Int](repeating: 0, count: bounded.count)),
            // Each block's partial holds every cell's moments until its turn to merge:
            // fewer blocks at once when cells are many (the merge order, and so the numbers, stay the same).
            blocksPerWave: Engine.blocksPerWave(partialBytes: cells * 56),
            observe: { partial, tally, block in
                let primary = block.aggregate(plan: 0)
                partial.primary.add(primary)
                tally.primary.add(primary)
                if let target { partial.hits += primary.reduce(0) { $0 + ($1 >= target ? 1 : 0) } }
                for (b, node) in bounded.enumerated() { tally.clamped[b] += block.clampedValues(node: node) }
                partial.moments = [Moments](repeating: Moments(), count: cells)
                if !sketchesFans {
                    partial.minimum = [Double](repeating: .infinity, count: cells)
                    partial.maximum = [Double](repeating: -.infinity, count: cells)
                }
                for period in 1...horizon {
                    for (m, node) in metricNodes.enumerated() {
                        let values = block.values(plan: 0, node: node, period: period)
                        let cell = (period - 1) * metricNodes.count + m
                        partial.moments[cell].add(values)
                        if sketchesFans {
                            tally.fan[cell].add(values)
                        } else {
                            partial.minimum[cell] = min(partial.minimum[cell], values.min() ?? .infinity)
                            partial.maximum[cell] = max(partial.maximum[cell], values.max() ?? -.infinity)
                        }
                    }
                }
            },
            merge: { total, partial in
                total.primary.merge(partial.primary)
                total.hits += partial.hits
                if total.moments.isEmpty {
                    (total.moments, total.minimum, total.maximum) = (partial.moments, partial.minimum, partial.maximum)
                } else {
                    for cell in total.moments.indices { total.moments[cell].merge(partial.moments[cell]) }
                    for cell in total.minimum.indices {
                        total.minimum[cell] = min(total.minimum[cell], partial.minimum[cell])
                        total.maximum[cell] = max(total.maximum[cell], partial.maximum[cell])
                    }
                }
            })
        var merged = tallies[0]
        for other in tallies.dropFirst() {
            merged.primary.merge(other.primary)
            for cell in merged.fan.indices { merged.fan[cell].merge(other.fan[cell]) }
            for b in merged.clamped.indices { merged.clamped[b] += other.clamped[b] }
        }
        let levels = [0.05, 0.25, 0.5, 0.75, 0.95] + extra
        let percentiles = sketchesFans
            ? merged.fan.map { sketch in levels.map { sketch.quantile($0) } }
            : try FanRefinement.quantiles(model, schedule: schedule, settings: engineSettings, metricNodes: metricNodes, levels: levels,
                                          minimum: total.minimum, maximum: total.maximum)
        let fan = (0..<horizon).map { period in
            metricNodes.indices.map { m in
                let cell = period * metricNodes.count + m
                return FanPoint(mean: total.moments[cell].mean, p5: percentiles[cell][0], p25: percentiles[cell][1], p50: percentiles[cell][2],
                                p75: percentiles[cell][3], p95: percentiles[cell][4])
            }
        }
        var simulation = Simulation(scenario: model.scenario, roadmap: roadmap, samples: settings.samples, seed: settings.seed,
                                    primary: Summary(mean: total.primary.mean, sd: total.primary.sd, mcse: total.primary.mcse,
                                                     quantiles: Summary.levels.map { merged.primary.quantile($0) },
                                                     probTarget: target.map { _ in Double(total.hits) / Double(settings.samples) }),
                                    distribution: merged.primary,
                                    metrics: metricNodes.map { model.nodes[$0].name }, fan: fan)
        simulation.clamped = bounded.enumerated().map { b, node in
            let metric = model.scenario.metric(named: model.nodes[node].name)!
            return (metric.name, metric.bounds!, Double(merged.clamped[b]) / (Double(settings.samples) * Double(horizon)))
        }
        return (simulation, percentiles.map { Array($0.dropFirst(5)) }, total.moments.map(\.sd))
    }
}
