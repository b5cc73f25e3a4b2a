import ArgumentParser
import Fulcrum

extension Sensitivity.Method: ExpressibleByArgument {}

struct SensitivityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sensitivity",
        abstract: "Which uncertain inputs and effects drive the variance of the primary metric (Sobol indices, or regression).")

    @OptionGroup var scenario: ScenarioOptions
    @OptionGroup var goals: GoalOptions
    @OptionGroup var roadmap: RoadmapOptions
    @OptionGroup var options: RunOptions
    @OptionGroup var sharding: ShardOptions

    @Option(help: "sobol or regression.")
    var method: Sensitivity.Method = .sobol

    func run() throws {
        try sharding.run("sensitivity", output: options.output, scenario: scenario) { try compute() }
    }

    private func compute() throws {
        let destination = try options.destination(protecting: scenario)
        let loaded = try goals.apply(to: scenario.load())
        let chosen = try roadmap.roadmap(in: loaded)
        let run = options.settings(for: loaded)
        let result = try reportingDiagnostics {
            try Sensitivity.run(try Model(loaded), roadmap: chosen,
                                settings: .init(samples: run.samples, seed: run.seed, threads: run.threads, method: method))
        }
        try destination.emit(SensitivityReport.render(result, as: options.format, provenance: options.provenance(scenario, goals, loaded)))
    }
}
