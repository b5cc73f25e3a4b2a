/// `fulcrum align`: how well a proposed roadmap serves the business goal.
public struct Alignment: Sendable {
    public struct FeatureAlignment: Sendable {
        public var id: String
        public var effort: Double
        /// Its marginal contribution in the plan: the plan minus the plan without it (and
        /// without what requires it).
        public var marginal: Ranking.Contribution
        public var aligned: Bool
        /// Why it is not aligned, in plain words.
        public var reasons: [String]
        /// A threshold it meets or misses only by less than two Monte Carlo standard errors:
        /// another seed could give the other verdict, so none is given.
        public var borderline: [String]
    }

    /// The plan judged against one primary metric.
    public struct Verdict: Sendable {
        /// The goal judged by, whole (metric, aggregate, target, unit).
        public var goal: Primary
        public var metric: String
        public var aggregate: Aggregate
        public var uplift: MeanEstimate
        public var bestSameEffort: Roadmap
        public var bestUplift: Double
        /// The plan's uplift over the best uplift at no more effort; nil if that is not positive.
        public var efficiency: Double?
        /// Share of the plan's effort on features whose marginal contribution is positive
        /// in at least 80% of outcomes, or within two standard errors of it.
        public var alignedEffortShare: Double
        public var features: [FeatureAlignment]
    }

    public var scenario: Scenario
    public var planName: String
    public var roadmap: Roadmap
    public var effort: Double
    public var samples: Int
    public var seed: UInt64
    public var verdict: Verdict
    /// The same plan under another goal (`--primary`).
    public var alternative: Verdict?

    public struct Settings: Sendable {
        public var samples: Int
        public var seed: UInt64
        public var threads: Int
        /// Another metric to judge by, with the same aggregate and no target (`--primary`).
        public var alternativeMetric: String?
        /// Another goal to judge by, whole: metric, aggregate, target (`--goal`).
        public var alternativeGoal: Primary?

        public init(samples: Int, seed: UInt64, threads: Int, alternativeMetric: String? = nil, alternativeGoal: Primary? = nil) {
            self.samples = samples
            self.seed = seed
            self.threads = threads
            self.alternativeMetric = alternativeMetric
            self.alternativeGoal = alternativeGoal
        }
    }

    public static func run(_ scenario: Scenario, planName: String, roadmap: Roadmap, settings: Settings) throws -> Alignment {
        let effort = roadmap.features.compactMap { scenario.feature(withID: $0)?.effort }.reduce(0, +)
        let verdict = try judge(roadmap, effort: effort, in: scenario, settings: settings)
        var alternative: Verdict?
        if let goal = settings.alternativeGoal {
            var other = scenario
            other.primary = goal
            alternative = try judge(roadmap, effort: effort, in: other, settings: settings)
        } else if let metric = settings.alternativeMetric {
            var other = scenario
            other.primary.metric = metric
            other.primary.target = nil
            other.primary.unit = scenario.metric(named: metric)?.unit
            alternative = try judge(roadmap, effort: effort, in: other, settings: settings)
        }
        return Alignment(scenario: scenario, planName: planName, roadmap: roadmap, effort: effort, samples: settings.samples,
                         seed: settings.seed, verdict: verdict, alternative: alternative)
    }

    enum ThresholdComparison { case below, within, above }

    /// P(pays off) against 80%, with its binomial standard error: within two of them the
    /// sample cannot tell, as for a feature with `success: 0.8` whose effect is sure.
    static func payOffComparedWithThreshold(_ p: Double, samples: Int) -> ThresholdComparison {
        let error = 2 * (p * (1 - p) / Double(samples)).squareRoot()
        if p < 0.8 - error && abs(p - 0.8) > 1e-12 { return .below }
        if p > 0.8 + error { return .above }
        return .within
    }

    private static func judge(_ roadmap: Roadmap, effort: Double, in scenario: Scenario, settings: Settings) throws -> Verdict {
        let model = try Model(scenario)
        let without = roadmap.features.map { id in
            Ranking.active(Set(roadmap.features).subtracting([id]).subtracting(Ranking.dependents(of: id, in: roadmap, scenario: scenario)),
                           in: scenario)
        }
        let outcomes = try RoadmapOutcomes.run(model, roadmaps: [roadmap, .baseline] + without, samples: settings.samples,
                                               seed: settings.seed, threads: settings.threads, upliftQuantiles: true).outcomes
        // Differences are taken from the plan: the baseline's is minus the plan's uplift.
        let uplift = outcomes[1].uplift
        let best = try Optimization.run(model, settings: .init(samples: settings.samples, seed: settings.seed, threads: settings.threads,
                                                               budget: effort))
        let upliftMean = -uplift.mean
        let upliftPerEffort = effort > 0 ? upliftMean / effort : 0
        let features = roadmap.features.enumerated().map { index, id in
            let outcome = outcomes[2 + index]
            let sketch = outcome.upliftSketch!
            // The marginal contribution is minus the difference (plan without it - plan).
            let marginal = Ranking.Contribution(mean: -outcome.uplift.mean, sd: outcome.uplift.sd, mcse: outcome.uplift.mcse,
                                                p5: -sketch.quantile(0.95), p50: -sketch.quantile(0.5), p95: -sketch.quantile(0.05),
                                                probPositive: outcome.probDown)
            // The marginal's luckiest 10% are the difference's lowest 10%.
            let withoutLuckiest = -sketch.partialMean(fromShare: 0.1, toShare: 1)
            let featureEffort = scenario.feature(withID: id)!.effort
            var reasons: [String] = [], borderline: [String] = []
            let noise = 2 * marginal.mcse
            if marginal.mean == 0 && marginal.sd == 0 {
                reasons.append("it has no effect on \(scenario.primary.metric): nothing it changes reaches this goal")
            } else if marginal.mean < -noise {
                reasons.append("the plan does better without it: its marginal contribution is \(NumberFormat.auto(marginal.mean))")
            } else if marginal.mean <= noise {
                reasons.append("its marginal contribution (\(NumberFormat.auto(marginal.mean)), mcse \(NumberFormat.auto(marginal.mcse))) is within Monte Carlo error of zero")
            } else if effort > 0, featureEffort >= 0.2 * effort, upliftPerEffort > 0, marginal.mean / featureEffort < 0.25 * upliftPerEffort {
                reasons.append("it takes \(NumberFormat.percent(featureEffort / effort)) of the effort for \(NumberFormat.percent(marginal.mean / upliftMean)) of the uplift")
            }
            let payOff = payOffComparedWithThreshold(marginal.probPositive, samples: settings.samples)
            if marginal.mean > noise, withoutLuckiest <= 0 {
                reasons.append("its value comes only from the luckiest 10% of outcomes")
            } else if marginal.mean > noise, payOff == .below {
                reasons.append("it pays off in only \(NumberFormat.percent(marginal.probPositive)) of outcomes")
            } else if marginal.mean > noise, payOff == .within {
                borderline.append("it pays off in \(NumberFormat.percent(marginal.probPositive)) of outcomes, within Monte Carlo error of the 80% threshold")
            }
            return FeatureAlignment(id: id, effort: featureEffort, marginal: marginal, aligned: reasons.isEmpty && borderline.isEmpty,
                                    reasons: reasons, borderline: borderline)
        }
        let surelyUseful = features.filter { payOffComparedWithThreshold($0.marginal.probPositive, samples: settings.samples) != .below }
            .map(\.effort).reduce(0, +)
        // With interacting features the optimiser finds a local optimum, which the plan may beat.
        let (bestRoadmap, bestUplift) = best.best.uplift.mean >= upliftMean ? (best.best.roadmap, best.best.uplift.mean) : (roadmap, upliftMean)
        return Verdict(goal: scenario.primary, metric: scenario.primary.metric, aggregate: scenario.primary.aggregate,
                       uplift: MeanEstimate(mean: upliftMean, mcse: uplift.mcse),
                       bestSameEffort: bestRoadmap, bestUplift: bestUplift,
                       efficiency: bestUplift > 0 ? upliftMean / bestUplift : nil,
                       alignedEffortShare: effort > 0 ? surelyUseful / effort : 1, features: features)
    }
}
