/// `fulcrum report`: the answers a leadership team reads in one place, each from the same
/// analysis the matching command runs (so no number here is computed a second way): the
/// verdict, the driver tree, the goal's distribution and course, the ranking, acquisition
/// against retention, the frontier, what drives a miss and what to learn first.
public struct LeadershipReport: Sendable {
    public var scenario: Scenario
    public var settings: SamplingSettings
    /// The roadmap the team proposes (`--plan`, else the scenario's first plan), if any.
    public var plan: (name: String, roadmap: Roadmap)?
    public var baseline: Simulation
    public var planned: Simulation?
    /// The best roadmap within the budget and the frontier, when there is a budget.
    public var optimization: Optimization?
    public var best: Simulation?
    public var ranking: Ranking
    /// The best roadmap of each focus tag's features, compared, when features have tags and
    /// there is a budget.
    public var focus: Comparison?
    /// Nil when the goal has no target.
    public var stress: StressTest?
    /// Why the reverse stress test has no answer, when it has none.
    public var reverseNote: String?
    public var sensitivity: Sensitivity
    public var valueOfInformation: ValueOfInformation
    public var tree: DriverTree

    /// The probability of the target that the reverse stress test asks for.
    public static let wantedProbability = 0.8

    public static func run(_ model: Model, plan: (name: String, roadmap: Roadmap)?, settings: SamplingSettings) throws -> LeadershipReport {
        let s = model.scenario
        func simulate(_ roadmap: Roadmap) throws -> Simulation { try Simulation.run(model, roadmap: roadmap, settings: settings) }
        let budget = s.budget ?? (s.costBudget == nil ? nil : .infinity)
        let optimization = try budget.map { budget in
            try Optimization.run(model, settings: .init(samples: settings.samples, seed: settings.seed, threads: settings.threads,
                                                        budget: budget, costBudget: s.costBudget))
        }
        let ranking = try Ranking.run(model, settings: .init(samples: settings.samples, seed: settings.seed, threads: settings.threads))
        var focus: Comparison?
        if let budget, FocusRoadmaps.tags(s).count >= 2 {
            let roadmaps = try FocusRoadmaps.best(model, settings: settings, budget: budget, costBudget: s.costBudget)
            focus = try Comparison.run(model, roadmaps: roadmaps.filter { !$0.roadmap.isBaseline }, settings: settings)
        }
        // The roadmap the detailed analyses look at: the plan, else the best within budget, else the baseline.
        let reference = plan ?? optimization.map { (name: "best within budget", roadmap: $0.best.roadmap) } ?? (name: "baseline", roadmap: .baseline)
        let sensitivity = try Sensitivity.run(model, roadmap: reference.roadmap,
                                              settings: .init(samples: settings.samples, seed: settings.seed, threads: settings.threads))
        let stressed = try s.primary.target.map { target in
            try stress(model, target: target, reference: reference, best: optimization?.best.roadmap, solving: sensitivity, settings: settings)
        }
        return LeadershipReport(
            scenario: s, settings: settings, plan: plan, baseline: try simulate(.baseline),
            planned: try plan.map { try simulate($0.roadmap) }, optimization: optimization,
            best: try optimization.map { try simulate($0.best.roadmap) }, ranking: ranking, focus: focus,
            stress: stressed?.0, reverseNote: stressed?.1, sensitivity: sensitivity,
            valueOfInformation: try ValueOfInformation.run(model, alternatives: ValueOfInformation.defaultAlternatives(s), settings: settings),
            tree: DriverTree(s))
    }

    /// The stress test of the reference roadmap, solving for the input that explains most of
    /// the spread: what it would take to reach `wantedProbability`.
    private static func stress(_ model: Model, target: Double, reference: (name: String, roadmap: Roadmap), best: Roadmap?,
                               solving sensitivity: Sensitivity, settings: SamplingSettings) throws -> (StressTest, String?) {
        var plans = [reference]
        if let best, best != reference.roadmap { plans.append((name: "best within budget", roadmap: best)) }
        if !reference.roadmap.isBaseline { plans.append((name: "baseline", roadmap: .baseline)) }
        let solvable = sensitivity.indices.first { model.scenario.input(named: $0.name) != nil }?.name
        func run(_ solve: String?) throws -> StressTest {
            try StressTest.run(model, settings: .init(samples: settings.samples, seed: settings.seed, threads: settings.threads, target: target,
                                                      plans: plans, solve: solve.map { ($0, wantedProbability) }))
        }
        guard let solvable else { return (try run(nil), "no single input can be solved for") }
        do {
            return (try run(solvable), nil)
        } catch let error as StressError {
            return (try run(nil), error.message)
        }
    }
}
