/// `fulcrum sensitivity`: how much of the primary metric's variance each uncertain
/// quantity explains, alone (first order) and with its interactions (total order).
public struct Sensitivity: Sendable {
    public enum Method: String, CaseIterable, Sendable {
        case sobol, regression
    }

    public struct Index: Sendable {
        public var name: String
        public var firstOrder: Double
        public var totalOrder: Double?
        public var firstOrderCI: (low: Double, high: Double)?
        public var totalOrderCI: (low: Double, high: Double)?
        /// Standardised regression coefficient (regression method).
        public var coefficient: Double?
    }

    /// What was actually computed.
    public enum Estimate: Sendable, Equatable {
        /// Saltelli sampling; Saltelli (2010) first-order and Jansen total-order estimators.
        case sobol(baseSamples: Int, bootstrap: Int)
        /// Standardised regression coefficients; first order as their squares.
        case regression(rSquared: Double)
        /// Correlated inputs: first-order correlation ratios Var(E[Y|X]) / Var(Y) by binning,
        /// valid under dependence; total order is not estimated.
        case correlationRatio(bins: Int)
    }

    public var scenario: Scenario
    public var roadmap: Roadmap
    public var samples: Int
    public var seed: UInt64
    public var requested: Method
    public var estimate: Estimate
    /// Why the requested method was replaced, in plain words.
    public var fallbackReason: String?
    public var variance: Double
    public var indices: [Index]

    public struct Settings: Sendable {
        public var samples: Int
        public var seed: UInt64
        public var threads: Int
        public var method: Method
        public var bootstrap: Int

        public init(samples: Int, seed: UInt64, threads: Int, method: Method = .sobol, bootstrap: Int = 200) {
            self.samples = samples
            self.seed = seed
            self.threads = threads
            self.method = method
            self.bootstrap = bootstrap
        }
    }

    /// Sobol runs keep (factors + 2) values per base sample; beyond this many base samples
    /// the estimate is already far more precise than the bootstrap can show.
    static let maximumBaseSamples = 1_000_000

    public static func run(_ model: Model, roadmap: Roadmap, settings: Settings) throws -> Sensitivity {
        let factors = UncertainFactor.factors(of: model, for: [roadmap])
        var result = Sensitivity(scenario: model.scenario, roadmap: roadmap, samples: settings.samples, seed: settings.seed,
                                 requested: settings.method, estimate: .regression(rSquared: 0), fallbackReason: nil, variance: 0, indices: [])
        guard !factors.isEmpty else { return result }
        if settings.method == .regression {
            try regression(model, roadmap: roadmap, factors: factors, settings: settings, into: &result)
        } else if !model.scenario.correlations.isEmpty {
            let pairs = model.scenario.correlations.map { "\($0.first) ~ \($0.second)" }.joined(separator: ", ")
            result.fallbackReason = "The scenario rank-correlates \(pairs). Sobol indices assume independent inputs, and Saltelli's estimators give wrong answers otherwise, so Fulcrum reports first-order correlation ratios instead: the share of variance explained by each quantity including what it shares with those correlated with it. They need not add up to 1, and total-order indices are not estimated."
            try correlationRatios(model, roadmap: roadmap, factors: factors, settings: settings, into: &result)
        } else {
            try sobol(model, roadmap: roadmap, factors: factors, settings: settings, into: &result)
        }
        return result
    }

    /// The primary metric per sample, in sample order, for one adjustment of the draws.
    static func primaryValues(_ model: Model, roadmap: Roadmap, samples: Int, seed: UInt64, threads: Int,
                              adjustments: SampleAdjustments) throws(EvaluationError) -> [Double] {
        try Engine.run(
            model: model, schedule: PlanSchedule(single: roadmap, model: model),
            settings: Engine.Settings(samples: samples, seed: seed, threads: threads, adjustments: adjustments),
            initial: [Double](), tally: 0,
            observe: { partial, _, block in partial = Array(block.aggregate(plan: 0)) },
            merge: { $0 += $1 }).total
    }

    private static func sobol(_ model: Model, roadmap: Roadmap, factors: [UncertainFactor], settings: Settings,
                              into result: inout Sensitivity) throws {
        let n = min(settings.samples, maximumBaseSamples)
        let second = settings.seed &+ 0x9E37_79B9_7F4A_7C15
        let all = Set(factors.flatMap(\.slots))
        func values(_ slots: Set<Int>) throws(EvaluationError) -> [Double] {
            try primaryValues(model, roadmap: roadmap, samples: n, seed: settings.seed, threads: settings.threads,
                              adjustments: SampleAdjustments(alternateSeed: second, alternateSlots: slots))
        }
        let (a, b, mixed) = try Engine.independentPasses { () throws(EvaluationError) in
            (try values([]), try values(all), try factors.map { factor throws(EvaluationError) in try values(Set(factor.slots)) })
        }
        func estimate(_ rows: [Int]) -> [(first: Double, total: Double)] {
            var moments = Moments()
            for j in rows { moments.add(a[j]); moments.add(b[j]) }
            let variance = moments.variance
            return mixed.map { ab in
                var first = 0.0, total = 0.0
                for j in rows {
                    first += b[j] * (ab[j] - a[j])
                    total += (a[j] - ab[j]) * (a[j] - ab[j])
                }
                let count = Double(rows.count)
                return variance > 0 ? (first / count / variance, total / (2 * count) / variance) : (0, 0)
            }
        }
        let point = estimate(Array(0..<n))
        var stream = RandomStream(generator: Philox(seed: settings.seed), sample: 0, variable: RandomVariableCatalog.fnv1a("sensitivity.bootstrap"))
        var resamples: [[(first: Double, total: Double)]] = []
        for _ in 0..<settings.bootstrap {
            resamples.append(estimate((0..<n).map { _ in min(n - 1, Int(stream.nextUniform() * Double(n))) }))
        }
        func interval(_ values: [Double]) -> (low: Double, high: Double) {
            let sorted = values.sorted()
            return (Summary.interpolatedQuantile(sorted, 0.025), Summary.interpolatedQuantile(sorted, 0.975))
        }
        var moments = Moments()
        for j in 0..<n { moments.add(a[j]); moments.add(b[j]) }
        result.samples = n
        result.variance = moments.variance
        result.estimate = .sobol(baseSamples: n, bootstrap: settings.bootstrap)
        result.indices = factors.enumerated().map { i, factor in
            Index(name: factor.name, firstOrder: point[i].first, totalOrder: point[i].total,
                  firstOrderCI: settings.bootstrap > 1 ? interval(resamples.map { $0[i].first }) : nil,
                  totalOrderCI: settings.bootstrap > 1 ? interval(resamples.map { $0[i].total }) : nil, coefficient: nil)
        }.sorted { ($0.totalOrder ?? $0.firstOrder) > ($1.totalOrder ?? $1.firstOrder) }
    }
}
