/// `fulcrum simulate`: the primary metric's distribution under one roadmap, and a
/// per-period fan of every metric.
public struct Simulation: Sendable {
    /// One metric in one period.
    public struct FanPoint: Sendable, Equatable {
        public var mean: Double
        public var p5: Double
        public var p50: Double
        public var p95: Double
    }

    public var scenario: Scenario
    public var roadmap: Roadmap
    public var samples: Int
    public var seed: UInt64
    public var primary: Summary
    /// Names of the metrics in `fan`, in scenario order.
    public var metrics: [String]
    /// `fan[t - 1][m]`: metric m in period t.
    public var fan: [[FanPoint]]

    public typealias Settings = SamplingSettings

    public static func run(_ model: Model, roadmap: Roadmap, settings: Settings) throws(EvaluationError) -> Simulation {
        let schedule = PlanSchedule(single: roadmap, model: model)
        let metricNodes = model.nodes.indices.filter { model.nodes[$0].isMetric }
        let horizon = model.horizon
        let cells = metricNodes.count * horizon

        struct Partial: Sendable {
            var primary = Moments()
            var hits = 0
            var moments: [Moments]
        }
        struct Tally: Sendable {
            /// The primary metric to 16 mantissa bits (relative error under 1e-5, below the
            /// Monte Carlo error at any sample count used), so memory stays flat in samples.
            var primary = QuantileSketch(mantissaBits: 16)
            var fan: [QuantileSketch]
        }
        let target = model.scenario.primary.target
        let (total, tallies) = try Engine.run(
            model: model, schedule: schedule,
            settings: Engine.Settings(samples: settings.samples, seed: settings.seed, threads: settings.threads),
            initial: Partial(moments: []),
            tally: Tally(fan: [QuantileSketch](repeating: QuantileSketch(), count: cells)),
            observe: { partial, tally, block in
                let primary = block.aggregate(plan: 0)
                partial.primary.add(primary)
                tally.primary.add(primary)
                if let target { partial.hits += primary.reduce(0) { $0 + ($1 >= target ? 1 : 0) } }
                partial.moments = [Moments](repeating: Moments(), count: cells)
                for period in 1...horizon {
                    for (m, node) in metricNodes.enumerated() {
                        let values = block.values(plan: 0, node: node, period: period)
                        let cell = (period - 1) * metricNodes.count + m
                        partial.moments[cell].add(values)
                        tally.fan[cell].add(values)
                    }
                }
            },
            merge: { total, partial in
                total.primary.merge(partial.primary)
                total.hits += partial.hits
                if total.moments.isEmpty { total.moments = partial.moments } else {
                    for cell in total.moments.indices { total.moments[cell].merge(partial.moments[cell]) }
                }
            })
        var merged = tallies[0]
        for other in tallies.dropFirst() {
            merged.primary.merge(other.primary)
            for cell in merged.fan.indices { merged.fan[cell].merge(other.fan[cell]) }
        }
        let sketches = merged.fan
        let fan = (0..<horizon).map { period in
            metricNodes.indices.map { m in
                let cell = period * metricNodes.count + m
                return FanPoint(mean: total.moments[cell].mean, p5: sketches[cell].quantile(0.05),
                                p50: sketches[cell].quantile(0.5), p95: sketches[cell].quantile(0.95))
            }
        }
        return Simulation(scenario: model.scenario, roadmap: roadmap, samples: settings.samples, seed: settings.seed,
                          primary: Summary(mean: total.primary.mean, sd: total.primary.sd, mcse: total.primary.mcse,
                                           quantiles: Summary.levels.map { merged.primary.quantile($0) },
                                           probTarget: target.map { _ in Double(total.hits) / Double(settings.samples) }),
                          metrics: metricNodes.map { model.nodes[$0].name }, fan: fan)
    }
}
