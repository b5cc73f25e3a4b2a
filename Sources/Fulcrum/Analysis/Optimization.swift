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
        /// Effort available; infinite when only money is limited.
        public var budget: Double
        /// Money available to build the roadmap; nil for no limit.
        public var costBudget: Double?
        public var objective: Objective
        public var required: [String]
        public var excluded: [String]

        public init(samples: Int, seed: UInt64, threads: Int, budget: Double, costBudget: Double? = nil, objective: Objective = .mean,
                    required: [String] = [], excluded: [String] = []) {
            self.samples = samples
            self.seed = seed
            self.threads = threads
            self.budget = budget
            self.costBudget = costBudget
            self.objective = objective
            self.required = required
            self.excluded = excluded
        }
    }

    public struct Candidate: Sendable {
        public var roadmap: Roadmap
        public var effort: Double
        /// The sum of its features' costs.
        public var cost: Double
        public var primary: Summary
        public var p10: Double
        public var uplift: MeanEstimate
        /// The objective's value: mean, p10 or P(target) of the primary metric.
        public var objective: Double
    }

    /// How the best roadmap was found, and so what may be claimed for it.
    public enum Method: Sendable, Equatable {
        /// Every roadmap within the budget and constraints was simulated on the same draws:
        /// the best of them is the optimum for these samples.
        case exhaustive(roadmaps: Int)
        /// The model's structure makes every roadmap's value the sum of its features'
        /// standalone contributions, so the knapsack optimum over them is the optimum.
        case additive
        /// As `additive`, but the branch and bound stopped at its node limit: the answer's
        /// standalone contributions sum to `value`, and no feasible roadmap's to more than
        /// `upperBound`.
        case additiveBounded(value: Double, upperBound: Double)
        /// Too many roadmaps to simulate them all and no proof that values add up: the
        /// knapsack answer, improved by `moves` moves, after `simulated` roadmaps (every one
        /// simulated, the last move's included). `interaction` names where features combine,
        /// when the objective is the mean.
        case localSearch(moves: Int, simulated: Int, interaction: String?, end: SearchEnd)

        /// Whether the answer is proven optimal (for the samples drawn).
        public var isProvenOptimal: Bool {
            switch self {
            case .exhaustive, .additive: true
            case .additiveBounded, .localSearch: false
            }
        }
    }

    /// Why a local search stopped, which bounds what may be said of its answer.
    public enum SearchEnd: Sendable, Equatable {
        /// Every neighbour was simulated and none beats the answer: a local optimum.
        case localOptimum
        /// Every add, remove and group move was simulated and none beats the answer, but of
        /// `swaps` possible swaps only the `swapsSimulated` predicted best were.
        case screened(swapsSimulated: Int, swaps: Int)
        /// The search made `moveLimit` moves and stopped while still improving.
        case moveLimit
    }

    public var scenario: Scenario
    public var samples: Int
    public var seed: UInt64
    public var budget: Double
    public var costBudget: Double?
    public var objective: Objective
    public var best: Candidate
    /// The efficient frontier: by effort, each row the best roadmap found at no more than
    /// its effort, so the objective rises row by row and the last row is `best`.
    public var frontier: [Candidate]
    public var method: Method
    /// Largest gap between a roadmap's simulated uplift and the sum of its features'
    /// standalone contributions, over the roadmaps simulated, in standard errors.
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
