import ArgumentParser
import Fulcrum

struct Voi: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "voi",
        abstract: "Value of information: what knowing each uncertainty before choosing a roadmap would be worth.")

    @OptionGroup var scenario: ScenarioOptions
    @OptionGroup var goals: GoalOptions
    @OptionGroup var options: RunOptions
    @OptionGroup var sharding: ShardOptions
    @OptionGroup var roadmap: RoadmapOptions

    @Option(help: ArgumentHelp("The roadmaps to choose among: plan names, 'baseline', or feature ids joined by + (default: the baseline, every plan and every feature alone).", valueName: "a,b+c"))
    var alternatives: String?

    func validate() throws {
        try options.format.refusingPictures(in: "voi")
        try roadmap.excluding("--alternatives", given: alternatives != nil)
    }

    func run() throws {
        try sharding.run("voi", output: options.output, scenario: scenario) { try compute() }
    }

    private func compute() throws {
        let destination = try options.destination(protecting: scenario)
        let loaded = try goals.apply(to: scenario.load())
        let choices = try alternatives.map { try RoadmapList.roadmaps($0, option: "--alternatives", in: loaded) }
            ?? roadmap.againstBaseline(in: loaded)
            ?? ValueOfInformation.defaultAlternatives(loaded)
        guard choices.count >= 2 else { throw ValidationError("a decision needs at least two alternatives") }
        let run = options.settings(for: loaded)
        let result = try reportingDiagnostics {
            try ValueOfInformation.run(try Model(loaded), alternatives: choices,
                                       settings: .init(samples: run.samples, seed: run.seed, threads: run.threads))
        }
        try destination.emit(ValueOfInformationReport.render(result, as: options.format, provenance: options.provenance(scenario, goals, loaded)))
    }
}
