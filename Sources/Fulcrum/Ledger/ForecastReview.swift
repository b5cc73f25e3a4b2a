import Foundation

/// `fulcrum review`: a recorded forecast held against what happened. Per metric and
/// period, where the actual fell in the forecast; per metric, how often the intervals held
/// and which way the misses lean; the goal given the actuals so far; and whether the
/// recorded choice still holds under today's scenario.
public struct ForecastReview: Sendable {
    public struct Period: Sendable {
        public var t: Int
        public var actual: Double
        public var p5: Double
        public var p50: Double
        public var p95: Double
        public var pit: Double
        public var inside50: Bool
        public var inside90: Bool
        public var crps: Double
    }

    public struct MetricReview: Sendable {
        public var metric: String
        public var periods: [Period]
        public var coverage50: Double
        public var coverage90: Double
        public var meanPIT: Double
        public var crps: Double
        /// Why the forecast of this metric is off, when it is: more misses of the 90%
        /// interval, or a mean PIT further from 1/2, than chance allows (two standard errors).
        public var off: String?
    }

    /// The recorded choice against today's scenario.
    public struct Choice: Sendable {
        public var planUpliftThen: Double?
        public var planUpliftNow: Double?
        public var efficiencyThen: Double?
        public var efficiencyNow: Double?
        public var bestThen: [String]?
        public var bestNow: [String]?
        public var rankingThen: [String]
        public var rankingNow: [String]
    }

    public var record: ForecastRecord
    public var scenarioChanged: Bool
    public var metrics: [MetricReview]
    /// Actuals the record has no forecast for (a metric added since, say).
    public var unmatched: [Actual]
    public var goal: ConditionedGoal?
    public var choice: Choice

    public static func run(record: ForecastRecord, actuals: [Actual], scenario: Scenario, settings: SamplingSettings, noise: Double) throws -> ForecastReview {
        var cells: [String: ForecastRecord.Cell] = [:]
        for cell in record.cells { cells["\(cell.metric)@\(cell.t)"] = cell }
        var metrics: [MetricReview] = []
        var unmatched: [Actual] = []
        var observations: [ConditionedGoal.Observation] = []
        for name in Set(actuals.map(\.metric)).sorted() {
            var periods: [Period] = []
            for actual in actuals where actual.metric == name {
                guard let cell = cells["\(name)@\(actual.t)"] else {
                    unmatched.append(actual)
                    continue
                }
                let q = cell.percentiles
                periods.append(Period(t: actual.t, actual: actual.value, p5: cell.percentile(5), p50: cell.percentile(50), p95: cell.percentile(95),
                                      pit: ForecastScore.pit(actual.value, percentiles: q),
                                      inside50: actual.value >= cell.percentile(25) && actual.value <= cell.percentile(75),
                                      inside90: actual.value >= cell.percentile(5) && actual.value <= cell.percentile(95),
                                      crps: ForecastScore.crps(actual.value, percentiles: q)))
                observations.append(.init(metric: name, t: actual.t, value: actual.value))
            }
            guard !periods.isEmpty else { continue }
            metrics.append(summary(name, periods))
        }
        let model = try Model(scenario)
        let roadmap = try Roadmap(record.roadmap, in: scenario, describedAs: "the recorded roadmap")
        let goal = observations.isEmpty ? nil : try ConditionedGoal.run(model, roadmap: roadmap, settings: settings, observations: observations, noise: noise)
        let ranking = try Ranking.run(model, settings: .init(samples: settings.samples, seed: settings.seed, threads: settings.threads))
        let budget = scenario.budget ?? (scenario.costBudget == nil ? nil : .infinity)
        let best = try budget.map { budget in
            try Optimization.run(model, settings: .init(samples: settings.samples, seed: settings.seed, threads: settings.threads,
                                                        budget: budget, costBudget: scenario.costBudget)).best
        }
        let alignment = roadmap.isBaseline ? nil : try Alignment.run(scenario, planName: record.plan, roadmap: roadmap,
                                                                     settings: .init(samples: settings.samples, seed: settings.seed, threads: settings.threads))
        return ForecastReview(
            record: record, scenarioChanged: scenario.sourceSHA256 != record.sha256, metrics: metrics, unmatched: unmatched, goal: goal,
            choice: Choice(planUpliftThen: record.planUplift, planUpliftNow: alignment?.verdict.uplift.mean,
                           efficiencyThen: record.planEfficiency, efficiencyNow: alignment?.verdict.efficiency,
                           bestThen: record.bestRoadmap, bestNow: best?.roadmap.features,
                           rankingThen: record.ranking, rankingNow: ranking.entries.map(\.id)))
    }

    static func summary(_ metric: String, _ periods: [Period]) -> MetricReview {
        let n = Double(periods.count)
        let coverage50 = Double(periods.filter(\.inside50).count) / n
        let coverage90 = Double(periods.filter(\.inside90).count) / n
        let meanPIT = periods.map(\.pit).reduce(0, +) / n
        var off: String?
        if coverage90 < 0.9 - 2 * (0.09 / n).squareRoot() {
            off = "the 90% interval held in \(NumberFormat.percent(coverage90)) of \(periods.count) periods: the forecast is too narrow"
        } else if abs(meanPIT - 0.5) > 2 * (1 / (12 * n)).squareRoot() {
            off = "the actuals sit \(meanPIT > 0.5 ? "above" : "below") the forecast (mean PIT \(String(format: "%.2f", meanPIT))): it is biased \(meanPIT > 0.5 ? "low" : "high")"
        }
        return MetricReview(metric: metric, periods: periods.sorted { $0.t < $1.t }, coverage50: coverage50, coverage90: coverage90, meanPIT: meanPIT,
                            crps: periods.map(\.crps).reduce(0, +) / n, off: off)
    }
}
