import ArgumentParser
import Fulcrum

extension Ranking.Criterion: ExpressibleByArgument {}

struct Rank: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rank candidate features by how much they move the primary metric, how surely, and at what cost.",
        discussion: """
            Every feature is simulated on the same draws: standalone (with what it requires), marginal \
            and Shapley contributions within a roadmap (--plan or --features; default: every feature), \
            each with its uncertainty, next to a RICE-style point score from the same numbers.
            """)

    @OptionGroup var scenario: ScenarioOptions
    @OptionGroup var goals: GoalOptions
    @OptionGroup var roadmap: RoadmapOptions
    @OptionGroup var options: RunOptions
    @OptionGroup var sharding: ShardOptions

    @Option(help: "Rank by: contribution, per-effort, prob-positive or shapley.")
    var by: Ranking.Criterion = .contribution

    func run() throws {
        try sharding.run("rank", output: options.output, scenario: scenario) { try compute() }
    }

    private func compute() throws {
        let destination = try options.destination(protecting: scenario)
        let loaded = try goals.apply(to: scenario.load())
        guard !loaded.features.isEmpty else { throw ValidationError("the scenario has no features to rank: add some under 'features'") }
        let chosen = roadmap.plan == nil && roadmap.features == nil ? nil : try roadmap.roadmap(in: loaded)
        if let chosen, chosen.isBaseline {
            throw ValidationError("the roadmap to rank within has no features: give a plan or --features with at least one")
        }
        let run = options.settings(for: loaded)
        let ranking = try reportingDiagnostics {
            try Ranking.run(try Model(loaded), settings: Ranking.Settings(samples: run.samples, seed: run.seed, threads: run.threads,
                                                                          criterion: by, roadmap: chosen))
        }
        try destination.emit(RankingReport.render(ranking, as: options.format, provenance: options.provenance(scenario, goals, loaded)))
    }
}
