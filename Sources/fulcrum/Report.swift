import ArgumentParser
import Foundation
import Fulcrum

extension LeadershipReport.Format: ExpressibleByArgument {}

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "One page for leadership: the verdict, the driver tree, and every analysis as a chart with its numbers (HTML, or Markdown with the charts embedded).")

    @OptionGroup var scenario: ScenarioOptions
    @OptionGroup var goals: GoalOptions
    @OptionGroup var roadmap: RoadmapOptions
    @OptionGroup var sampling: SamplingOptions

    @Option(help: "html (one self-contained page) or markdown (charts embedded as images).")
    var format: LeadershipReport.Format = .html

    @Option(help: "Write the report to this file instead of standard output (replaced only when the run succeeds).")
    var output: String?

    func run() throws {
        let destination = try Destination(output, protecting: scenario)
        let loaded = try goals.apply(to: scenario.load())
        // The plan the team proposes: the one named, else the scenario's first.
        let plan = try roadmap.named(in: loaded) ?? loaded.plans.first.map { (name: $0.name, roadmap: try RoadmapOptions(plan: $0.name).roadmap(in: loaded)) }
        let run = sampling.settings(for: loaded)
        let report = try reportingDiagnostics {
            do {
                return try LeadershipReport.run(try Model(loaded), plan: plan, settings: run)
            } catch let error as OptimizationError {
                throw ValidationError(error.message)
            }
        }
        try destination.emit(report.render(as: format, provenance: sampling.provenance(scenario, goals, loaded), date: Date()))
    }
}

extension Report: ShowsProgress { var showsProgress: Bool { true } }
