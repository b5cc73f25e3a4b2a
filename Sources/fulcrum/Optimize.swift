import ArgumentParser
import Fulcrum

extension Optimization.Objective: ExpressibleByArgument {}

struct Optimize: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find the best roadmap within a budget, respecting requires and excludes, and the efficient frontier.")

    @OptionGroup var scenario: ScenarioOptions
    @OptionGroup var goals: GoalOptions
    @OptionGroup var options: RunOptions

    @Option(help: "Effort available (default: the scenario's budget).", transform: CommandLineNumber.real)
    var budget: Double?

    @Option(name: .customLong("cost-budget"), help: "Money available to build the roadmap: the sum of its features' 'cost' (default: the scenario's budget.cost).",
            transform: CommandLineNumber.real)
    var costBudget: Double?

    @Option(help: "What to maximise: mean, p10 or prob-target.")
    var objective: Optimization.Objective = .mean

    @Option(help: ArgumentHelp("Features the roadmap must include.", valueName: "a,b"))
    var require: String?

    @Option(help: ArgumentHelp("Features the roadmap must leave out.", valueName: "a,b"))
    var exclude: String?

    @Option(help: "Choose only among the features of this plan (and what they require): which part of it fits the budget best.")
    var plan: String?

    @Option(help: ArgumentHelp("Choose only among these features (and what they require).", valueName: "a,b"))
    var features: String?

    func validate() throws {
        if plan != nil && features != nil { throw ValidationError("give --plan or --features, not both") }
        if let features { _ = try RoadmapOptions.ids(features) }
        if let budget, budget < 0 { throw ValidationError("--budget must be >= 0, got \(budget)") }
        if let costBudget, costBudget < 0 { throw ValidationError("--cost-budget must be >= 0, got \(costBudget)") }
    }

    func run() throws {
        let destination = try options.destination(protecting: scenario)
        let loaded = try goals.apply(to: scenario.load())
        let costBudget = costBudget ?? loaded.costBudget
        guard let budget = budget ?? loaded.budget ?? (costBudget == nil ? nil : .infinity) else {
            throw ValidationError("give --budget (effort) or --cost-budget: the scenario has no budget")
        }
        let required = try FeatureList.parse(require, option: "--require", in: loaded)
        let excluded = try FeatureList.parse(exclude, option: "--exclude", in: loaded) + outsideShortlist(loaded, required: required)
        let run = options.settings(for: loaded)
        let model = try reportingDiagnostics { try Model(loaded) }
        let result: Optimization
        do {
            result = try reportingDiagnostics {
                try Optimization.run(model, settings: .init(samples: run.samples, seed: run.seed, threads: run.threads, budget: budget,
                                                            costBudget: costBudget, objective: objective, required: required, excluded: excluded))
            }
        } catch let error as OptimizationError {
            throw ValidationError(error.message)
        }
        try destination.emit(OptimizationReport.render(result, as: options.format, provenance: options.provenance(scenario, goals, loaded)))
    }
}

extension Optimize {
    /// The features `--plan` or `--features` leave out of the choice. A shortlist is not a
    /// roadmap: it may hold features that exclude each other, and brings what they require.
    private func outsideShortlist(_ scenario: Scenario, required: [String]) throws -> [String] {
        let listed: [String], option: String
        if let plan {
            guard let named = scenario.plan(named: plan) else {
                let known = scenario.plans.map(\.name)
                throw ValidationError("--plan '\(plan)' is not a plan of the scenario\(NameSuggestionHint.text(for: plan, among: known))")
            }
            (listed, option) = (named.features, "--plan '\(plan)'")
        } else if let features {
            (listed, option) = (try FeatureList.parse(features, option: "--features", in: scenario), "--features")
        } else {
            return []
        }
        let candidates = Roadmap.requirementClosure(of: listed, in: scenario)
        if let outside = required.first(where: { !candidates.contains($0) }) {
            throw ValidationError("--require names '\(outside)', which is not among the candidates of \(option)")
        }
        return scenario.features.map(\.id).filter { !candidates.contains($0) }
    }
}

/// A comma-separated list of feature ids given on the command line.
enum FeatureList {
    static func parse(_ text: String?, option: String, in scenario: Scenario) throws -> [String] {
        let ids = (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let known = scenario.features.map(\.id)
        for id in ids where !known.contains(id) {
            throw ValidationError("\(option) names '\(id)', which is not a feature\(NameSuggestionHint.text(for: id, among: known))")
        }
        return ids
    }
}
