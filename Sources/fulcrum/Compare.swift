import ArgumentParser
import Fulcrum

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare roadmaps on the same draws: each one's outcome, and every pair's difference and crossover.")

    @OptionGroup var scenario: ScenarioOptions
    @OptionGroup var goals: GoalOptions
    @OptionGroup var options: RunOptions
    @OptionGroup var sharding: ShardOptions
    @OptionGroup var roadmap: RoadmapOptions

    @Option(help: ArgumentHelp("Roadmaps to compare: plan names, 'baseline', or feature ids joined by + (default: every plan and the baseline).", valueName: "a,b+c"))
    var plans: String?

    enum Grouping: String, ExpressibleByArgument { case focus }

    @Option(help: "'focus': compare the best roadmap of each focus tag's features (acquisition, retention, ...) within --budget.")
    var by: Grouping?

    @Option(help: "Effort available to each focus's roadmap with --by focus (default: the scenario's budget).",
            transform: CommandLineNumber.real)
    var budget: Double?

    func validate() throws {
        if by != nil && plans != nil { throw ValidationError("give --plans or --by focus, not both") }
        try roadmap.excluding("--plans", given: plans != nil)
        try roadmap.excluding("--by focus", given: by != nil)
        if by == nil && budget != nil { throw ValidationError("--budget goes with --by focus") }
        if let budget, budget < 0 { throw ValidationError("--budget must be >= 0, got \(budget)") }
        if let plans { _ = try RoadmapList.names(plans, option: "--plans") }
    }

    func run() throws {
        try sharding.run("compare", output: options.output, scenario: scenario) { try compute() }
    }

    private func compute() throws {
        let destination = try options.destination(protecting: scenario)
        let loaded = try goals.apply(to: scenario.load())
        let run = options.settings(for: loaded)
        let roadmaps = try by == nil ? namedRoadmaps(loaded) : focusRoadmaps(loaded, run)
        guard roadmaps.count >= 2 else { throw ValidationError("compare needs at least two roadmaps; got \(roadmaps.count)") }
        let names = roadmaps.map(\.name)
        if let repeated = names.enumerated().first(where: { names[..<$0.offset].contains($0.element) }) {
            throw ValidationError("--plans lists '\(repeated.element)' twice")
        }
        let comparison = try reportingDiagnostics {
            try Comparison.run(try Model(loaded), roadmaps: roadmaps,
                               settings: Comparison.Settings(samples: run.samples, seed: run.seed, threads: run.threads))
        }
        try destination.emit(ComparisonReport.render(comparison, as: options.format, provenance: options.provenance(scenario, goals, loaded)))
    }

    private func namedRoadmaps(_ scenario: Scenario) throws -> [(name: String, roadmap: Roadmap)] {
        if let plans { return try RoadmapList.roadmaps(plans, option: "--plans", in: scenario) }
        if let single = try roadmap.againstBaseline(in: scenario) { return single }
        return try (scenario.plans.map(\.name) + ["baseline"]).map { name in (name, try RoadmapOptions(plan: name).roadmap(in: scenario)) }
    }

    /// For each focus tag, the best roadmap of its features alone within the budget.
    private func focusRoadmaps(_ scenario: Scenario, _ run: SamplingSettings) throws -> [(name: String, roadmap: Roadmap)] {
        // A scenario that limits only money leaves effort unlimited.
        guard let budget = budget ?? scenario.budget ?? (scenario.costBudget == nil ? nil : .infinity) else {
            throw ValidationError("give --budget: the scenario has no budget")
        }
        guard !FocusRoadmaps.tags(scenario).isEmpty else { throw ValidationError("no feature has a focus tag to group by") }
        let model = try reportingDiagnostics { try Model(scenario) }
        return try reportingDiagnostics { try FocusRoadmaps.best(model, settings: run, budget: budget, costBudget: scenario.costBudget) }
    }
}
