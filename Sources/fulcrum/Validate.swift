import ArgumentParser
import Fulcrum

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a scenario and summarise it, or list every error in it.")

    @OptionGroup var scenario: ScenarioOptions

    @Option(help: "Output format: table or json.")
    var format: OutputFormat = .table

    func validate() throws {
        guard format == .table || format == .json else {
            throw ValidationError("validate writes a table or json, not \(format.rawValue)")
        }
    }

    func run() throws {
        let loaded = try scenario.load()
        try Destination.standardOutput.emit(ScenarioSummary.render(loaded, as: format))
    }
}
