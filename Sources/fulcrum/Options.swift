import ArgumentParser
import Foundation
import Fulcrum

extension OutputFormat: ExpressibleByArgument {
    /// Refuses `--format svg` in a command that draws no chart, before any work is done.
    func refusingPictures(in command: String) throws {
        if self == .svg {
            throw ValidationError("\(command) draws no chart: --format svg is for simulate, rank, compare, optimize and sensitivity (and 'fulcrum report' draws them all); use table, json, csv or markdown")
        }
    }
}

/// The scenario file and input overrides, shared by every command.
struct ScenarioOptions: ParsableArguments {
    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @Option(name: .customLong("set"), help: ArgumentHelp("Override an input (name=expression), an effect (feature.target=expression), feature.success=p or feature.launch=k; repeatable.", valueName: "name=expression"))
    var overrides: [String] = []

    @Flag(help: "Treat warnings (valid but probably wrong: 40-60 for a range, a lift of 5 for 5%, ...) as errors.")
    var strict = false

    func validate() throws {
        let names = overrides.map { $0.split(separator: "=", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" }
        if let repeated = names.enumerated().first(where: { !$0.element.isEmpty && names[..<$0.offset].contains($0.element) }) {
            throw ValidationError("--set gives '\(repeated.element)' twice: keep the one you mean")
        }
    }

    func load() throws -> Scenario {
        try reportingDiagnostics {
            let parsed = try overrides.enumerated().map { index, text throws(Diagnostics) in
                try ScenarioLoader.Override(argument: text, index: index + 1)
            }
            return try ScenarioLoader.load(path: scenario, overrides: parsed)
        }.reportingWarnings(strict: strict)
    }

    /// A warning found by a command itself (a shock far outside its range), by the same rule.
    func warn(_ message: String, at location: SourceLocation) throws {
        if strict {
            Terminal.error(message, at: location)
            throw ExitCode.failure
        }
        Terminal.warning(message, at: location)
    }
}

/// How many samples, from which seed, on how many threads: every simulating command's.
struct SamplingOptions: ParsableArguments {
    @Option(help: "Monte Carlo samples (default: the scenario's 'samples', else 100000); 1e5 and 100_000 work.",
            transform: CommandLineNumber.whole)
    var samples: Int?

    @Option(help: "Random seed (default: the scenario's 'seed', else 1).", transform: CommandLineNumber.seed)
    var seed: UInt64?

    @Option(help: "Worker threads (default: all cores). Results do not depend on it.", transform: CommandLineNumber.whole)
    var threads: Int?

    func validate() throws {
        if let samples, samples < 1 { throw ValidationError("--samples must be at least 1, got \(samples)") }
        if let samples, samples > 2_000_000_000 { throw ValidationError("--samples must be at most 2000000000, got \(samples)") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
    }

    func settings(for scenario: Scenario) -> SamplingSettings {
        SamplingSettings(samples: samples ?? scenario.samples, seed: seed ?? scenario.seed,
                            threads: threads ?? ProcessInfo.processInfo.activeProcessorCount)
    }

    /// What produced a result: the file and its hash, every option that changed the
    /// computation, seed, samples and version.
    func provenance(_ scenario: ScenarioOptions, _ goals: GoalOptions, _ loaded: Scenario, shocks: [String] = []) -> Provenance {
        let run = settings(for: loaded)
        return Provenance(scenario: loaded, overrides: scenario.overrides, shocks: shocks, goal: goals.goal, target: goals.target,
                          horizon: goals.horizon, seed: run.seed, samples: run.samples)
    }
}

/// Sampling and output options of commands that simulate.
struct RunOptions: ParsableArguments {
    @OptionGroup var sampling: SamplingOptions

    @Option(help: "Output format: table, json, csv, markdown, or svg (the charts of simulate, rank, compare, optimize and sensitivity).")
    var format: OutputFormat = .table

    @Option(help: "Write the output to this file instead of standard output (replaced only when the run succeeds).")
    var output: String?

    func settings(for scenario: Scenario) -> SamplingSettings { sampling.settings(for: scenario) }

    func provenance(_ scenario: ScenarioOptions, _ goals: GoalOptions, _ loaded: Scenario, shocks: [String] = []) -> Provenance {
        sampling.provenance(scenario, goals, loaded, shocks: shocks)
    }

    func destination(protecting scenario: ScenarioOptions) throws -> Destination {
        try Destination(output, protecting: scenario)
    }
}

/// Standard output or a checked `--output` file.
enum Destination {
    case standardOutput
    case file(OutputFile)

    /// Checked before any work is done, so that a bad `--output` costs nothing and can never
    /// name the scenario itself.
    init(_ output: String?, protecting scenario: ScenarioOptions) throws {
        guard let output else {
            self = .standardOutput
            return
        }
        do {
            self = .file(try OutputFile(output, protecting: [scenario.scenario]))
        } catch {
            throw ValidationError(error.message)
        }
    }

    func emit(_ text: String) throws {
        switch self {
        case .standardOutput:
            do {
                try StreamWriter.writeStandardOutput(text)
            } catch .closedPipe {
                throw ExitCode.success
            } catch .failed(let reason) {
                Terminal.error("cannot write to standard output: \(reason)")
                throw ExitCode.failure
            }
        case .file(let file):
            do {
                try file.write(text)
            } catch {
                Terminal.error(error.message)
                throw ExitCode.failure
            }
        }
    }
}

/// The roadmap a command evaluates: a named plan or a list of features.
struct RoadmapOptions: ParsableArguments {
    init() {}

    init(plan: String) {
        self.plan = plan
    }

    @Option(help: "A named plan from the scenario ('baseline' for none).")
    var plan: String?

    @Option(help: ArgumentHelp("Features to ship, comma-separated.", valueName: "a,b"))
    var features: String?

    func validate() throws {
        if plan != nil && features != nil { throw ValidationError("give --plan or --features, not both") }
        if let plan, plan.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--plan needs a plan name ('baseline' for none)") }
        if let features { _ = try Self.ids(features) }
    }

    /// One rule everywhere: `--features` names at least one feature; the baseline is `--plan baseline`.
    static func ids(_ text: String) throws -> [String] {
        let ids = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard ids != [""] else { throw ValidationError("--features needs at least one feature id; for none, use --plan baseline") }
        if ids.contains("") { throw ValidationError("--features has an empty item in '\(text)'") }
        if let repeated = ids.enumerated().first(where: { ids[..<$0.offset].contains($0.element) }) {
            throw ValidationError("--features lists '\(repeated.element)' twice")
        }
        return ids
    }

    func roadmap(in scenario: Scenario) throws -> Roadmap {
        if let plan {
            if plan == "baseline" { return .baseline }
            guard let named = scenario.plan(named: plan) else {
                let known = scenario.plans.map(\.name)
                let hint = NameSuggestionHint.text(for: plan, among: known + ["baseline"])
                throw ValidationError("--plan '\(plan)' is not a plan of the scenario\(hint); plans: \((known + ["baseline"]).joined(separator: ", "))")
            }
            return try checked(named.features, scenario, "plan '\(plan)'")
        }
        if let features {
            return try checked(try Self.ids(features), scenario, "--features")
        }
        return .baseline
    }

    /// The roadmap with the name outputs show it by (the plan's, or its ids joined by `+` as written),
    /// or nil when neither option was given: for commands that otherwise take a list.
    func named(in scenario: Scenario) throws -> (name: String, roadmap: Roadmap)? {
        guard plan != nil || features != nil else { return nil }
        let chosen = try roadmap(in: scenario)
        return (name: try plan ?? Self.ids(features!).joined(separator: "+"), roadmap: chosen)
    }

    /// The list for a command that weighs roadmaps against each other: this one and the baseline.
    func againstBaseline(in scenario: Scenario) throws -> [(name: String, roadmap: Roadmap)]? {
        guard let chosen = try named(in: scenario) else { return nil }
        guard !chosen.roadmap.isBaseline else {
            throw ValidationError("--plan '\(chosen.name)' has no features to weigh against the baseline")
        }
        return [chosen, (name: "baseline", roadmap: .baseline)]
    }

    /// Refuses a single roadmap beside a list option of the same command.
    func excluding(_ listOption: String, given: Bool) throws {
        if given && (plan != nil || features != nil) {
            throw ValidationError("give \(listOption) or --plan/--features, not both")
        }
    }

    private func checked(_ ids: [String], _ scenario: Scenario, _ what: String) throws -> Roadmap {
        do {
            return try Roadmap(ids, in: scenario, describedAs: what)
        } catch {
            throw ValidationError(error.message)
        }
    }
}

/// The goal a command judges by: goals change, and re-judging takes an option, not a copy
/// of the file.
struct GoalOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Judge by this named goal from 'goals', as if the file said 'primary: NAME'.", valueName: "name"))
    var goal: String?

    /// Taken as written even when it starts with a dash: a profit or cash target may be a
    /// loss to stay above.
    @Option(parsing: .unconditional, help: "The number to reach (overrides the goal's target); 16_000_000, 1.6e7 and -50000 work.",
            transform: CommandLineNumber.real)
    var target: Double?

    @Option(help: "Periods to simulate (overrides 'horizon').", transform: CommandLineNumber.whole)
    var horizon: Int?

    /// The scenario judged by `--goal` (unless `choosingGoal` is false, for a command that
    /// shows the chosen goal beside the file's), with `--target` and `--horizon` applied.
    func apply(to scenario: Scenario, choosingGoal: Bool = true) throws -> Scenario {
        do {
            if !choosingGoal, let goal { _ = try scenario.judged(byGoal: goal) }
            return try scenario.judged(byGoal: choosingGoal ? goal : nil, target: target, horizon: horizon)
        } catch {
            throw ValidationError(error.message)
        }
    }
}

extension Scenario {
    /// Prints the scenario's warnings on standard error; with `--strict` they are errors and the run stops.
    func reportingWarnings(strict: Bool) throws -> Scenario {
        for warning in warnings {
            if strict { Terminal.error(warning.message, at: warning.location) } else { Terminal.warning(warning.message, at: warning.location) }
        }
        if strict && !warnings.isEmpty { throw ExitCode.failure }
        return self
    }
}
