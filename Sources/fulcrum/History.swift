import ArgumentParser
import Fulcrum

struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Every recorded forecast of the scenario in time order: its odds, what it recommended, and what changed between records.")

    @OptionGroup var scenario: ScenarioOptions
    @OptionGroup var ledger: LedgerOptions

    @Option(help: "Output format: table, json, csv or markdown.")
    var format: OutputFormat = .table

    func validate() throws {
        try format.refusingPictures(in: "history")
    }

    func run() throws {
        let loaded = try scenario.load()
        let opened = try ledger.open(besideScenario: scenario.scenario)
        let records = try reportingLedger { () throws(LedgerError) in try opened.records(scenario: loaded.name) }
        try Destination.standardOutput.emit(HistoryReport.render(records, as: format))
    }
}
