import ArgumentParser

@main
struct FulcrumCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fulcrum",
        abstract: "What-if simulation and prioritisation of product roadmaps against one business goal.",
        subcommands: [Validate.self, Simulate.self, Rank.self, Compare.self, Optimize.self, Align.self, Stress.self, SensitivityCommand.self, Voi.self])
}
