import ArgumentParser
import Fulcrum

struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Simulate one roadmap: the primary metric's distribution and a per-period fan of every metric.")

    @OptionGroup var scenario: ScenarioOptions
    @OptionGroup var goals: GoalOptions
    @OptionGroup var roadmap: RoadmapOptions
    @OptionGroup var options: RunOptions
    @OptionGroup var sharding: ShardOptions
    @OptionGroup var ledger: LedgerOptions

    @Flag(help: "Also record this forecast in the ledger, as 'fulcrum record' does.")
    var record = false

    @Option(help: "With --record: a note kept with the record.")
    var label: String?

    func validate() throws {
        if label != nil && !record { throw ValidationError("--label goes with --record") }
        if record && sharding.shard != nil { throw ValidationError("--record records a whole run: merge the shards' parts, then record the forecast with 'fulcrum record'") }
    }

    func run() throws {
        try sharding.run("simulate", output: options.output, scenario: scenario) { try compute() }
    }

    private func compute() throws {
        let destination = try options.destination(protecting: scenario)
        let loaded = try goals.apply(to: scenario.load())
        let chosen = try roadmap.roadmap(in: loaded)
        let simulation = try reportingDiagnostics {
            try Simulation.run(try Model(loaded), roadmap: chosen, settings: options.settings(for: loaded))
        }
        for item in simulation.clamped where item.share > 0 {
            try scenario.warn("'\(item.metric)' was clamped to its bounds in \(NumberFormat.percent(item.share)) of samples x \(loaded.period)s: its formula and effects push it past \(SimulationReport.interval(item.bounds)) that often; check the effects on it, or whether the bounds are right",
                              at: item.bounds.location)
        }
        if record {
            let plan = try roadmap.named(in: loaded) ?? (name: "baseline", roadmap: .baseline)
            let recorded = try recordForecast(scenario, loaded, plan: plan, settings: options.settings(for: loaded), label: label, ledger: ledger)
            StreamWriter.writeStandardError("Recorded forecast \(recorded.id) in \(recorded.path).\n")
        }
        try destination.emit(SimulationReport.render(simulation, as: options.format, provenance: options.provenance(scenario, goals, loaded)))
    }
}
