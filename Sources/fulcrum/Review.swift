import ArgumentParser
import Fulcrum

struct Review: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Hold a recorded forecast against the actuals: where each fell, interval coverage, bias and CRPS, the goal given the actuals, and whether the choice still holds.")

    @OptionGroup var scenario: ScenarioOptions
    @OptionGroup var options: RunOptions
    @OptionGroup var ledger: LedgerOptions

    @Option(name: .customLong("record"), help: "The record to review (default: the latest of this scenario).", transform: CommandLineNumber.whole)
    var recordID: Int?

    @Option(help: "Measurement error of the actuals, as a share of each value (sd), in the likelihood that conditions the goal (default 5%).",
            transform: CommandLineNumber.real)
    var noise: Double = 0.05

    func validate() throws {
        try options.format.refusingPictures(in: "review")
        guard noise > 0, noise.isFinite else { throw ValidationError("--noise must be above 0, got \(noise)") }
    }

    func run() throws {
        let destination = try options.destination(protecting: scenario)
        let loaded = try scenario.load()
        let opened = try ledger.open(besideScenario: scenario.scenario)
        let records = try reportingLedger { () throws(LedgerError) in try opened.records(scenario: loaded.name) }
        guard let chosen = recordID.map(Int64.init) ?? records.last?.id else {
            throw ValidationError("no forecast of '\(loaded.name)' in \(opened.path): record one with 'fulcrum record'")
        }
        guard records.contains(where: { $0.id == chosen }),
              let record = try reportingLedger({ () throws(LedgerError) in try opened.record(id: chosen) }) else {
            throw ValidationError("--record \(chosen) is not a forecast of '\(loaded.name)' in \(opened.path); its records: \(records.map { String($0.id) }.joined(separator: ", "))")
        }
        let actuals = try reportingLedger { () throws(LedgerError) in try opened.actuals(scenario: loaded.name) }
        let settings = SamplingSettings(samples: options.sampling.samples ?? record.samples, seed: options.sampling.seed ?? record.seed,
                                        threads: options.settings(for: loaded).threads)
        let review: ForecastReview
        do {
            review = try reportingDiagnostics { try ForecastReview.run(record: record, actuals: actuals, scenario: loaded, settings: settings, noise: noise) }
        } catch let error as RoadmapError {
            throw ValidationError("the recorded roadmap no longer fits the scenario: \(error.message)")
        }
        let provenance = Provenance(scenario: loaded, overrides: scenario.overrides, goal: nil, target: nil, horizon: nil,
                                    seed: settings.seed, samples: settings.samples)
        try destination.emit(ReviewReport.render(review, as: options.format, provenance: provenance))
    }
}

extension Review: ShowsProgress { var showsProgress: Bool { options.format != .json } }
