import ArgumentParser
import Fulcrum

struct Tree: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the driver tree from the goal down to the inputs, with every feature under the node it moves.")

    @OptionGroup var scenario: ScenarioOptions

    @Option(help: ArgumentHelp("Draw the tree of this named goal from 'goals'.", valueName: "name"))
    var goal: String?

    @Option(help: "Output format: table, json, csv or markdown.")
    var format: OutputFormat = .table

    func validate() throws {
        try format.refusingPictures(in: "tree")
    }

    func run() throws {
        var loaded = try scenario.load()
        if let goal {
            do { loaded = try loaded.judged(byGoal: goal) } catch { throw ValidationError(error.message) }
        }
        let provenance = Provenance(scenario: loaded, overrides: scenario.overrides, goal: goal, target: nil, horizon: nil,
                                    seed: loaded.seed, samples: loaded.samples)
        try Destination.standardOutput.emit(DriverTreeReport.render(DriverTree(loaded), as: format, provenance: provenance))
    }
}
