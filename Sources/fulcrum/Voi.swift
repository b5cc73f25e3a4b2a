import ArgumentParser
import Fulcrum

struct Voi: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "voi",
        abstract: "Value of information: what knowing each uncertainty before choosing a roadmap would be worth.")

    @OptionGroup var scenario: ScenarioOptions
    @OptionGroup var options: RunOptions

    @Option(help: ArgumentHelp("The roadmaps to choose among: plan names, 'baseline' or feature ids (default: the baseline, every plan and every feature alone).", valueName: "a,b"))
    var alternatives: String?

    func run() throws {
        let destination = try options.destination(protecting: scenario)
        let loaded = try scenario.load()
        let choices = try alternatives.map { try Self.parse($0, in: loaded) } ?? ValueOfInformation.defaultAlternatives(loaded)
        guard choices.count >= 2 else { throw ValidationError("a decision needs at least two alternatives") }
        let run = options.settings(for: loaded)
        let result = try reportingDiagnostics {
            try ValueOfInformation.run(try Model(loaded), alternatives: choices,
                                       settings: .init(samples: run.samples, seed: run.seed, threads: run.threads))
        }
        try destination.emit(ValueOfInformationReport.render(result, as: options.format))
    }

    static func parse(_ text: String, in scenario: Scenario) throws -> [(name: String, roadmap: Roadmap)] {
        try RoadmapList.names(text, option: "--alternatives").map { name in
            if scenario.plan(named: name) != nil || name == "baseline" { return (name, try RoadmapOptions(plan: name).roadmap(in: scenario)) }
            if scenario.feature(withID: name) != nil {
                return (name, try Roadmap(Array(Roadmap.requirementClosure(of: [name], in: scenario)), in: scenario, describedAs: name))
            }
            let known = scenario.plans.map(\.name) + scenario.features.map(\.id) + ["baseline"]
            throw ValidationError("--alternatives names '\(name)', which is neither a plan nor a feature\(NameSuggestionHint.text(for: name, among: known))")
        }
    }
}
