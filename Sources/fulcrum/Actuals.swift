import ArgumentParser
import Foundation
import Fulcrum

struct Actuals: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import observed values (CSV: metric, value, period or date, optionally segment) into the ledger, all rows or none.")

    @OptionGroup var scenario: ScenarioOptions
    @OptionGroup var ledger: LedgerOptions

    @Argument(help: "The CSV of actual values.")
    var file: String

    @Option(help: "Output format: table, json, csv or markdown.")
    var format: OutputFormat = .table

    func validate() throws {
        try format.refusingPictures(in: "actuals")
    }

    func run() throws {
        let loaded = try scenario.load()
        guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read '\(file)'") }
        guard let text = String(data: data, encoding: .utf8) else { throw ValidationError("'\(file)' is not UTF-8 text: export the CSV as UTF-8") }
        let actuals = try reportingDiagnostics { try ActualsTable.read(text, file: file, scenario: loaded) }
        let opened = try ledger.open(besideScenario: scenario.scenario)
        // Tests stop the process here, inside the transaction, to show that nothing is half-written.
        let crashAfter = ProcessInfo.processInfo.environment["FULCRUM_TEST_CRASH_AFTER_ROWS"].flatMap { Int($0) }
        let summary = try reportingLedger { () throws(LedgerError) in
            try opened.importActuals(actuals, scenario: loaded.name) { index in
                if index + 1 == crashAfter { _exit(137) }
            }
        }
        try Destination.standardOutput.emit(LedgerReceipt.imported(summary, file: file, ledger: opened.path, as: format))
    }
}
