import ArgumentParser
import Fulcrum

struct Record: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record a forecast in the ledger: every metric's distribution per period, the goal's odds, the ranking and the best roadmap, to hold against actuals later.")

    @OptionGroup var scenario: ScenarioOptions
    @OptionGroup var goals: GoalOptions
    @OptionGroup var roadmap: RoadmapOptions
    @OptionGroup var options: RunOptions
    @OptionGroup var ledger: LedgerOptions

    @Option(help: "A note kept with the record ('Q3 plan as approved').")
    var label: String?

    func validate() throws {
        try options.format.refusingPictures(in: "record")
    }

    func run() throws {
        let destination = try options.destination(protecting: scenario)
        let loaded = try goals.apply(to: scenario.load())
        let plan = try roadmap.named(in: loaded) ?? (name: "baseline", roadmap: .baseline)
        let recorded = try recordForecast(scenario, loaded, plan: plan, settings: options.settings(for: loaded), label: label, ledger: ledger)
        try destination.emit(LedgerReceipt.recorded(id: recorded.id, ledger: recorded.path, scenario: loaded.name, as: options.format))
    }
}

extension Record: ShowsProgress { var showsProgress: Bool { options.format != .json } }
