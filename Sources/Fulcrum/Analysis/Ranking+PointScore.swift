/// RICE-style point scores from the scenario's own numbers at their means, for comparison
/// with the simulation: what a spreadsheet would conclude from the same assumptions.
extension Ranking {
    struct PointUplift {
        /// Every number at its mean, full effect from the first period.
        var impact: Double
        /// Every number at its mean, with the real launch and ramp.
        var timed: Double
    }

    static func pointScores(_ model: Model, candidates: [String], with: [Roadmap], without: [Roadmap]) throws(EvaluationError) -> [PointUplift] {
        var immediate = model.scenario
        for index in immediate.features.indices {
            immediate.features[index].launch = 1
            immediate.features[index].ramp = 1
        }
        // The same correlations as `model`, which already factorised them.
        let immediateModel = try! Model(immediate)
        let timed = try uplifts(model, with: with, without: without)
        let impact = try uplifts(immediateModel, with: with, without: without)
        return zip(impact, timed).map { PointUplift(impact: $0, timed: $1) }
    }

    /// The deterministic uplift of each `with` roadmap over its `without` counterpart.
    private static func uplifts(_ model: Model, with: [Roadmap], without: [Roadmap]) throws(EvaluationError) -> [Double] {
        let schedule = PlanSchedule(with + without, model: model)
        let plans = (with + without).map(schedule.plan(for:))
        let (values, _) = try Engine.run(
            model: model, schedule: schedule, settings: Engine.Settings(samples: 1, seed: 1, threads: 1, drawMeans: true),
            initial: [Double](), tally: 0,
            observe: { partial, _, block in partial = plans.map { block.aggregate(plan: $0)[0] } },
            merge: { $0 += $1 })
        return with.indices.map { values[$0] - values[with.count + $0] }
    }
}
