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
            var primary: [Double] = []
            var moments: [Moments]
        }
        let (total, tallies) = try Engine.run(
            model: model, schedule: schedule,
            settings: Engine.Settings(samples: settings.samples, seed: settings.seed, threads: settings.threads),
            initial: Partial(moments: []),
            tally: [QuantileSketch](repeating: QuantileSketch(), count: cells),
            observe: { partial, sketches, block in
                partial.primary = Array(block.aggregate(plan: 0))
                partial.moments = [Moments](repeating: Moments(), count: cells)
                for period in 1...horizon {
                    for (m, node) in metricNodes.enumerated() {
                        let values = block.values(plan: 0, node: node, period: period)
                        let cell = (period - 1) * metricNodes.count + m
                        partial.moments[cell].add(values)
                        sketches[cell].add(values)
                    }
                }
            },
            merge: { total, partial in
                total.primary.append(contentsOf: partial.primary)
                if total.moments.isEmpty { total.moments = partial.moments } else {
                    for cell in total.moments.indices { total.moments[cell].merge(partial.moments[cell]) }
                }
            })
        var sketches = tallies[0]
        for other in tallies.dropFirst() {
            for cell in sketches.indices { sketches[cell].merge(other[cell]) }
        }
        var primary = total.primary
        let fan = (0..<horizon).map { period in
            metricNodes.indices.map { m in
                let cell = period * metricNodes.count + m
                return FanPoint(mean: total.moments[cell].mean, p5: sketches[cell].quantile(0.05),
                                p50: sketches[cell].quantile(0.5), p95: sketches[cell].quantile(0.95))
            }
        }
        return Simulation(scenario: model.scenario, roadmap: roadmap, samples: settings.samples, seed: settings.seed,
                          primary: Summary.of(&primary, target: model.scenario.primary.target),
                          metrics: metricNodes.map { model.nodes[$0].name }, fan: fan)
    }
}
