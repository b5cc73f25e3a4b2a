import ArgumentParser
import Fulcrum

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare roadmaps on the same draws: each one's outcome, and every pair's difference and crossover.")

    @OptionGroup var scenario: ScenarioOptions
    @OptionGroup var options: RunOptions

    @Option(help: ArgumentHelp("Roadmaps to compare: named plans and 'baseline' (default: every plan and the baseline).", valueName: "a,b"))
    var plans: String?

    func run() throws {
        let loaded = try scenario.load()
        let names = plans.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            ?? loaded.plans.map(\.name) + ["baseline"]
        guard names.count >= 2 else { throw ValidationError("compare needs at least two roadmaps; --plans names \(names.count)") }
        let roadmaps = try names.map { name -> (name: String, roadmap: Roadmap) in
            (name, try RoadmapOptions(plan: name).roadmap(in: loaded))
        }
        let run = options.settings(for: loaded)
        let comparison = try reportingDiagnostics {
            try Comparison.run(try Model(loaded), roadmaps: roadmaps,
                               settings: Comparison.Settings(samples: run.samples, seed: run.seed, threads: run.threads))
        }
        try options.emit(ComparisonReport.render(comparison, as: options.format))
    }
}
