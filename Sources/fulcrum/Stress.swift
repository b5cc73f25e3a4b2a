import ArgumentParser
import Foundation
import Fulcrum

struct Stress: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Stress-test a target: the odds, what drives a miss, shocks, and what would have to be true.")

    @OptionGroup var scenario: ScenarioOptions
    @OptionGroup var goals: GoalOptions
    @OptionGroup var options: RunOptions
    @OptionGroup var roadmap: RoadmapOptions

    @Option(help: ArgumentHelp("Roadmaps to stress: plan names, 'baseline', or feature ids joined by + (default: the best within budget, the baseline and every plan); the first gets the detailed analysis.", valueName: "a,b+c"))
    var plans: String?

    @Option(name: .customLong("shock"), help: ArgumentHelp("Shift the draws of an input or of an effect written feature.target by a percentage (traffic=-20%, checkout.conversion=-50%) or set them (name=value); repeatable.", valueName: "name=change"))
    var shocks: [String] = []

    @Option(help: "Reverse stress test: the input (relative shift) or feature (effect scale) to solve for.")
    var solve: String?

    @Option(help: "With --solve: the probability of hitting the target to reach, between 0 and 1 (0.8 or 80%).",
            transform: CommandLineNumber.real)
    var probability: Double?

    func validate() throws {
        try options.format.refusingPictures(in: "stress")
        if (solve == nil) != (probability == nil) { throw ValidationError("--solve and --probability go together") }
        if let probability, !(probability > 0 && probability < 1) {
            throw ValidationError("--probability must lie strictly between 0 and 1, got \(probability)")
        }
        if let plans { _ = try RoadmapList.names(plans, option: "--plans") }
        try roadmap.excluding("--plans", given: plans != nil)
    }

    func run() throws {
        let destination = try options.destination(protecting: scenario)
        let loaded = try goals.apply(to: scenario.load())
        guard let target = loaded.primary.target else { throw ValidationError("give --target: the goal has no target") }
        let run = options.settings(for: loaded)
        let model = try reportingDiagnostics { try Model(loaded) }
        let roadmaps = try stressed(loaded, model: model, run: run)
        let parsedShocks = try shocks.map(Self.shock)
        for (index, shock) in parsedShocks.enumerated() {
            guard let value = shock.value, let input = loaded.input(named: shock.name), input.series == nil,
                  let stated = input.formula.statedMoments(horizon: loaded.horizon) else { continue }
            let spread = max(stated.sd, abs(stated.mean) * 0.01)
            if spread > 0, abs(value - stated.mean) > 10 * spread {
                try scenario.warn("--shock \(shocks[index]) sets every draw of '\(shock.name)' to \(NumberFormat.auto(value)), far outside its range (mean \(NumberFormat.auto(stated.mean)), sd \(NumberFormat.auto(stated.sd))): for a relative change write \(shock.name)=\(NumberFormat.auto(value))%",
                                  at: SourceLocation(file: "--shock#\(index + 1)", line: 1, column: shock.name.count + 2))
            }
        }
        do {
            let result = try reportingDiagnostics {
                try StressTest.run(model, settings: .init(samples: run.samples, seed: run.seed, threads: run.threads, target: target,
                                                          plans: roadmaps, shocks: parsedShocks,
                                                          solve: solve.map { ($0, probability!) }))
            }
            try destination.emit(StressReport.render(result, as: options.format, provenance: options.provenance(scenario, goals, loaded, shocks: shocks)))
        } catch let error as StressError {
            throw ValidationError(error.message)
        }
    }

    private func stressed(_ scenario: Scenario, model: Model, run: SamplingSettings) throws -> [(name: String, roadmap: Roadmap)] {
        if let plans {
            var list = try RoadmapList.roadmaps(plans, option: "--plans", in: scenario)
            if !list.contains(where: { $0.roadmap.isBaseline }) { list.append((name: "baseline", roadmap: .baseline)) }
            return list
        }
        if let single = try roadmap.named(in: scenario) {
            return single.roadmap.isBaseline ? [single] : [single, (name: "baseline", roadmap: .baseline)]
        }
        var list: [(name: String, roadmap: Roadmap)] = []
        if scenario.budget != nil || scenario.costBudget != nil {
            // The model already judges by the target, `--target` included.
            let best = try reportingDiagnostics {
                try Optimization.run(model, settings: .init(samples: run.samples, seed: run.seed, threads: run.threads,
                                                            budget: scenario.budget ?? .infinity, costBudget: scenario.costBudget,
                                                            objective: .probTarget))
            }
            list.append((name: "best within budget", roadmap: best.best.roadmap))
        }
        list.append((name: "baseline", roadmap: .baseline))
        for plan in scenario.plans { list.append((name: plan.name, roadmap: try RoadmapOptions(plan: plan.name).roadmap(in: scenario))) }
        return list
    }

    /// `name=-20%` (relative) or `name=value`.
    static func shock(_ text: String) throws -> StressTest.Shock {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
            throw ValidationError("--shock expects name=-20% or name=value, got '\(text)'")
        }
        let name = String(text[..<equals]).trimmingCharacters(in: .whitespaces)
        let change = String(text[text.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
        guard let value = Scalar.number(change) else { throw ValidationError("--shock \(name): '\(change)' is not a number or a percentage") }
        return change.hasSuffix("%") ? StressTest.Shock(name: name, relative: value) : StressTest.Shock(name: name, value: value)
    }
}
