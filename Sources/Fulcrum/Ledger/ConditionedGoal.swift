import Foundation

/// The goal given what has been observed so far: the simulated futures reweighted by how
/// well they match the actuals. Each actual is taken as its period's simulated value plus
/// a normal measurement error with sd `noise` x |actual| (independent across metrics and
/// periods), so a future's weight is the product of those normal likelihoods.
public struct ConditionedGoal: Sendable {
    public struct Observation: Sendable {
        public var metric: String
        public var t: Int
        public var value: Double
        public init(metric: String, t: Int, value: Double) { (self.metric, self.t, self.value) = (metric, t, value) }
    }

    public var probTarget: Double?
    public var mean: Double
    public var sd: Double
    public var p5: Double
    public var p50: Double
    public var p95: Double
    /// (sum w)^2 / sum w^2: how many equally weighted futures the reweighted ones are worth.
    public var effectiveSamples: Double
    public var samples: Int
    public var noise: Double

    /// Below this, the conditioned numbers rest on too few futures to trust.
    public static let trustedEffectiveSamples = 200.0

    public var isTrusted: Bool { effectiveSamples >= Self.trustedEffectiveSamples }

    public static func run(_ model: Model, roadmap: Roadmap, settings: SamplingSettings, observations: [Observation],
                           noise: Double) throws(EvaluationError) -> ConditionedGoal {
        let schedule = PlanSchedule(single: roadmap, model: model)
        let observed = observations.compactMap { o in
            model.node(named: o.metric).map { (node: $0, t: o.t, value: o.value, sigma: max(noise * abs(o.value), 1e-12)) }
        }
        struct Partial: Sendable, Codable {
            var values: [Double] = []
            var logWeights: [Double] = []
        }
        let (total, _) = try Engine.run(
            model: model, schedule: schedule, settings: Engine.Settings(samples: settings.samples, seed: settings.seed, threads: settings.threads),
            initial: Partial(), tally: 0,
            observe: { partial, _, block in
                let goal = block.aggregate(plan: 0)
                var logWeights = [Double](repeating: 0, count: goal.count)
                for o in observed {
                    let simulated = block.values(plan: 0, node: o.node, period: o.t)
                    for j in logWeights.indices {
                        let z = (simulated[j] - o.value) / o.sigma
                        logWeights[j] -= 0.5 * z * z
                    }
                }
                partial = Partial(values: Array(goal), logWeights: logWeights)
            },
            merge: { total, partial in
                total.values += partial.values
                total.logWeights += partial.logWeights
            })
        let largest = total.logWeights.max() ?? 0
        let weights = total.logWeights.map { $0.isFinite ? exp($0 - largest) : 0 }
        let sum = weights.reduce(0, +), squares = weights.reduce(0) { $0 + $1 * $1 }
        let mean = zip(weights, total.values).reduce(0) { $0 + $1.0 * $1.1 } / sum
        let variance = zip(weights, total.values).reduce(0) { $0 + $1.0 * ($1.1 - mean) * ($1.1 - mean) } / sum
        let order = total.values.indices.sorted { total.values[$0] < total.values[$1] }
        func quantile(_ level: Double) -> Double {
            var seen = 0.0
            for index in order {
                seen += weights[index]
                if seen >= level * sum { return total.values[index] }
            }
            return total.values[order.last!]
        }
        let target = model.scenario.primary.target
        return ConditionedGoal(
            probTarget: target.map { target in zip(weights, total.values).reduce(0) { $0 + ($1.1 >= target ? $1.0 : 0) } / sum },
            mean: mean, sd: variance.squareRoot(), p5: quantile(0.05), p50: quantile(0.5), p95: quantile(0.95),
            effectiveSamples: sum * sum / squares, samples: settings.samples, noise: noise)
    }
}
