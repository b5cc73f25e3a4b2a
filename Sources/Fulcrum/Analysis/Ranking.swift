/// `fulcrum rank`: how much each candidate feature moves the primary metric, how surely,
/// at what cost, and how it interacts with the rest of a roadmap.
public struct Ranking: Sendable {
    public enum Criterion: String, CaseIterable, Sendable {
        case contribution
        case perEffort = "per-effort"
        case probPositive = "prob-positive"
        case shapley
    }

    public struct Settings: Sendable {
        public var samples: Int
        public var seed: UInt64
        public var threads: Int
        public var criterion: Criterion
        /// The roadmap whose features are ranked, and in which marginal and Shapley
        /// contributions are taken; nil for every feature.
        public var roadmap: Roadmap?
        /// Shapley values are exact over all subsets up to this many features.
        public var exactShapleyLimit: Int
        /// Orderings sampled per run beyond that limit.
        public var shapleyPermutations: Int

        public init(samples: Int, seed: UInt64, threads: Int, criterion: Criterion = .contribution, roadmap: Roadmap? = nil,
                    exactShapleyLimit: Int = 10, shapleyPermutations: Int = 48) {
            self.samples = samples
            self.seed = seed
            self.threads = threads
            self.criterion = criterion
            self.roadmap = roadmap
            self.exactShapleyLimit = exactShapleyLimit
            self.shapleyPermutations = shapleyPermutations
        }
    }

    /// A contribution's distribution over samples.
    public struct Contribution: Sendable, Equatable {
        public var mean: Double
        public var sd: Double
        public var mcse: Double
        public var p5: Double
        public var p50: Double
        public var p95: Double
        public var probPositive: Double
    }

    /// What a RICE-style score says, from the scenario's own numbers at their means.
    public struct PointScore: Sendable, Equatable {
        /// Uplift of the primary metric with every number at its mean and the full effect
        /// from the first period (reach times impact, in RICE's terms).
        public var impact: Double
        /// The same uplift with the feature's real launch and ramp.
        public var timedImpact: Double
        public var confidence: Double
        public var effort: Double
        /// impact x confidence / effort; nil for a feature of zero effort.
        public var score: Double?
        public var rank: Int
    }

    public struct Entry: Sendable {
        public var id: String
        public var title: String
        public var effort: Double
        public var focus: String?
        public var rank: Int
        public var standalone: Contribution
        /// Nil for a feature outside the roadmap.
        public var marginal: Contribution?
        public var shapley: MeanEstimate?
        public var perEffort: Double?
        /// Money to build it, when the scenario says (`cost`), and the expected contribution per unit of it.
        public var cost: Double?
        public var perCost: Double?
        /// Share of samples in which it is the top contributor (ties shared).
        public var probTop: Double
        /// The ranks it takes in 90% of samples.
        public var rankLow: Int
        public var rankHigh: Int
        /// Its rank by simulated contribution per unit of effort, for comparison with `pointScore`.
        public var perEffortRank: Int
        public var pointScore: PointScore
        /// Why the point score and the simulation disagree about it, in plain words.
        public var disagreement: String?
    }

    /// Two neighbours in the ranking that the sample count does not separate.
    public struct Separation: Sendable {
        public var higher: String
        public var lower: String
        /// Mean difference of the criterion over its standard error.
        public var z: Double
        /// Samples that would separate them at two standard errors, if the difference is real.
        public var samplesNeeded: Int?
    }

    public enum ShapleyMethod: Sendable, Equatable {
        case exact
        case permutations(Int)
    }

    public var scenario: Scenario
    public var samples: Int
    public var seed: UInt64
    public var criterion: Criterion
    /// The roadmap of marginal and Shapley contributions.
    public var roadmap: Roadmap
    /// Features left out of the full roadmap because they exclude earlier ones.
    public var leftOut: [String]
    public var baseline: Contribution
    /// The roadmap's uplift over the baseline.
    public var uplift: Contribution
    public var entries: [Entry]
    public var shapleyMethod: ShapleyMethod
    /// Largest |sum of Shapley values - uplift| in any sample, relative to the uplift's sd.
    public var shapleyResidual: Double
    public var separations: [Separation]

    /// Uplift minus the sum of standalone contributions of the roadmap's features: what
    /// features add (or take away) together.
    public var interaction: Double {
        uplift.mean - entries.filter { roadmap.features.contains($0.id) }.map(\.standalone.mean).reduce(0, +)
    }
}
