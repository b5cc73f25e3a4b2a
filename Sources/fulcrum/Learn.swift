import ArgumentParser
import Foundation
import Fulcrum

struct Learn: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Update effects from experiment results (CSV: feature, target, estimate, std_error): prior to posterior, the ranking before and after, and the updated scenario with --save.")

    @OptionGroup var scenario: ScenarioOptions
    @OptionGroup var options: RunOptions

    @Argument(help: "The CSV of experiment results.")
    var experiments: String

    @Option(help: "Write the updated scenario here (a new file; never the scenario itself).")
    var save: String?

    func validate() throws {
        try options.format.refusingPictures(in: "learn")
    }

    func run() throws {
        let destination = try options.destination(protecting: scenario)
        var saving: OutputFile?
        if let save {
            do {
                saving = try OutputFile(save, protecting: [scenario.scenario, experiments] + (options.output.map { [$0] } ?? []))
            } catch {
                throw ValidationError(error.message.replacingOccurrences(of: "--output", with: "--save"))
            }
        }
        let loaded = try scenario.load()
        guard let data = FileManager.default.contents(atPath: experiments), let table = String(data: data, encoding: .utf8) else {
            throw ValidationError("cannot read '\(experiments)' as UTF-8 text")
        }
        let results = try reportingDiagnostics { try ExperimentsTable.read(table, file: experiments, scenario: loaded) }
        let text = try String(contentsOfFile: scenario.scenario, encoding: .utf8)
        let learning: EffectLearning
        do {
            learning = try reportingDiagnostics { try EffectLearning.run(loaded, text: text, results: results, settings: options.settings(for: loaded)) }
        } catch let error as LearningError {
            throw ValidationError(error.message)
        }
        if let saving {
            do throws(OutputFileError) {
                try saving.write(learning.updatedText)
            } catch {
                Terminal.error(error.message)
                throw ExitCode.failure
            }
        }
        try destination.emit(LearningReport.render(learning, as: options.format, saved: save, provenance: Provenance(scenario: loaded, overrides: scenario.overrides, goal: nil, target: nil, horizon: nil, seed: options.settings(for: loaded).seed,
                                                                  samples: options.settings(for: loaded).samples)))
    }
}

extension Learn: ShowsProgress { var showsProgress: Bool { options.format != .json } }
