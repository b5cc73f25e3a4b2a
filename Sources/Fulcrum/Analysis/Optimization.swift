/// `fulcrum optimize`: the best roadmap within a budget, and the efficient frontier.
public struct Optimization: Sendable {
    public enum Objective: String, CaseIterable, Sendable {
        case mean
        /// The 10th percentile: a roadmap that holds up in bad years.
        case p10
        case probTarget = "prob-target"
    }

    public struct Settings: Sendable {
        public var samples: Int
        public var seed: UInt64
        public var threads: Int
        public var budget: Double
        public var objective: Objective
        public var required: [String]
        public var excluded: [String]

        public init(samples: Int, seed: UInt64, threads: Int, budget: Double, objective: Objective = .mean,
                    required: [String] = [], excluded: [String] = []) {
            self.samples = samples
            self.seed = seed
            self.threads = threads
            self.budget = budget
            self.objective = objective
            self.required = required
            self.excluded = excluded
        }
    }

    public struct Candidate: Sendable {
        public var roadmap: Roadmap
        public var effort: Double
        public var primary: Summary
        public var p10: Double
        public var uplift: MeanEstimate
        /// The objective's value: mean, p10 or P(target) of the primary metric.
        public var objective: Double
    }

    public enum Method: Sendable, Equatable {
        /// Values add up on every roadmap checked, so the knapsack optimum is the optimum.
        case exact
        /// The knapsack answer, improved by this many add/remove/swap moves on simulations.
        case localSearch(moves: Int)
    }

    public var scenario: Scenario
    public var samples: Int
    public var seed: UInt64
    public var budget: Double
    public var objective: Objective
    public var best: Candidate
    /// Best roadmap at each budget level up to `budget`, by effort.
    public var frontier: [Candidate]
    public var method: Method
    /// Largest gap between a roadmap's simulated uplift and the sum of its features'
    /// standalone contributions, over the roadmaps checked, in standard errors.
    public var additivityGap: Double

    static func objectiveValue(_ outcome: RoadmapOutcomes.Outcome, _ objective: Objective) -> Double {
        switch objective {
        case .mean: outcome.primary.mean
        case .p10: outcome.p10
        case .probTarget: outcome.primary.probTarget ?? 0
        }
    }
}

public struct OptimizationError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
