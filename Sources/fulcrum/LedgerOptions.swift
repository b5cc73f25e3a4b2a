import ArgumentParser
import Foundation
import Fulcrum

/// Which ledger a command reads or writes: `--ledger PATH`, else `FULCRUM_LEDGER`, else
/// `fulcrum.sqlite` beside the scenario.
struct LedgerOptions: ParsableArguments {
    @Option(help: "The ledger file (default: $FULCRUM_LEDGER, else fulcrum.sqlite beside the scenario).")
    var ledger: String?

    func path(besideScenario scenario: String) -> String {
        if let ledger { return ledger }
        if let environment = ProcessInfo.processInfo.environment["FULCRUM_LEDGER"], !environment.isEmpty { return environment }
        return PathText.joined(PathText.directory(of: scenario), "fulcrum.sqlite")
    }

    func open(besideScenario scenario: String) throws -> Ledger {
        do {
            return try Ledger(path: path(besideScenario: scenario))
        } catch {
            Terminal.error(error.message)
            throw ExitCode.failure
        }
    }
}

/// A ledger failure after opening: reported, and the exit is 1.
func reportingLedger<T>(_ body: () throws(LedgerError) -> T) throws -> T {
    do {
        return try body()
    } catch {
        Terminal.error(error.message)
        throw ExitCode.failure
    }
}

/// Records a forecast of `plan` and says which, for `record` and `simulate --record`.
func recordForecast(_ scenario: ScenarioOptions, _ loaded: Scenario, plan: (name: String, roadmap: Roadmap), settings: SamplingSettings,
                    label: String?, ledger: LedgerOptions) throws -> (id: Int64, path: String) {
    let text = try String(contentsOfFile: scenario.scenario, encoding: .utf8)
    let record = try reportingDiagnostics {
        try ForecastRecord.capture(try Model(loaded), plan: plan, settings: settings, text: text, label: label)
    }
    let opened = try ledger.open(besideScenario: scenario.scenario)
    return (try reportingLedger { () throws(LedgerError) in try opened.add(record) }, opened.path)
}
