import ArgumentParser
import Fulcrum

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a scenario and summarise it, or list every error in it.")

    @OptionGroup var scenario: ScenarioOptions

    @Option(help: "Output format: table or json.")
    var format: OutputFormat = .table

    func run() throws {
        let loaded = try scenario.load()
        print(ScenarioSummary.render(loaded, as: format), terminator: "")
    }
}
