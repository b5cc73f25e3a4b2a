import ArgumentParser
import Fulcrum

struct Align: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Judge a proposed roadmap against the goal: its uplift, its efficiency against the best roadmap at the same effort, and the features that do not pull their weight.")

    @OptionGroup var scenario: ScenarioOptions
    @OptionGroup var goals: GoalOptions
    @OptionGroup var options: RunOptions

    @OptionGroup var roadmap: RoadmapOptions

    @Option(help: ArgumentHelp("Judge it again against another metric (same aggregate); --goal NAME does so against a named goal, whole.", valueName: "metric"))
    var primary: String?

    func validate() throws {
        try options.format.refusingPictures(in: "align")
    }

    func run() throws {
        let destination = try options.destination(protecting: scenario)
        let loaded = try goals.apply(to: scenario.load(), choosingGoal: false)
        guard let (plan, roadmap) = try self.roadmap.named(in: loaded) else {
            throw ValidationError("give the roadmap to judge: --plan NAME or --features a,b")
        }
        guard !roadmap.isBaseline else { throw ValidationError("--plan '\(plan)' has no features to judge") }
        if primary != nil && goals.goal != nil { throw ValidationError("give --goal or --primary, not both") }
        if let primary, loaded.input(named: primary) == nil && loaded.metric(named: primary) == nil {
            throw ValidationError("--primary '\(primary)' is neither an input nor a metric\(NameSuggestionHint.text(for: primary, among: loaded.nodeNames))")
        }
        let run = options.settings(for: loaded)
        let alignment = try reportingDiagnostics {
            try Alignment.run(loaded, planName: plan, roadmap: roadmap,
                              settings: .init(samples: run.samples, seed: run.seed, threads: run.threads, alternativeMetric: primary,
                                              alternativeGoal: goals.goal.flatMap { loaded.goal(named: $0)?.primary }))
        }
        try destination.emit(AlignmentReport.render(alignment, as: options.format, provenance: options.provenance(scenario, goals, loaded)))
    }
}
