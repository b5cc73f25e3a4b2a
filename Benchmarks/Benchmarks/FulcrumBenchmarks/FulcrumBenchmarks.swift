import Benchmark
import Foundation
import Fulcrum

/// Hot paths of each command at 100,000 samples, so that a regression shows up as a number.
/// Ratios against the NumPy peers are measured by `compare.py`.
let benchmarks: @Sendable () -> Void = {
    let scenarios = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scenarios")
    let samples = 100_000

    func model(_ file: String, keepingOnlyInputs: Bool = false) -> Model {
        var scenario = try! ScenarioLoader.load(path: scenarios.appendingPathComponent(file).path)
        if keepingOnlyInputs {
            scenario.metrics = []
            scenario.features = []
            scenario.plans = []
            scenario.primary.metric = scenario.inputs[0].name
            scenario.primary.aggregate = .last
            scenario.horizon = 1
        }
        return try! Model(scenario)
    }

    /// Samples times periods evaluated per second: comparable across horizons and sample counts.
    let rate = BenchmarkMetric.custom("sample-periods per second", polarity: .prefersLarger, useScalingFactor: false)

    func register(_ name: String, _ model: Model, plan: [String], threads: Int) {
        Benchmark(name, configuration: .init(metrics: [.wallClock, .peakMemoryResident, rate],
                                              timeUnits: .milliseconds, maxDuration: .seconds(10), maxIterations: 20)) { benchmark in
            let roadmap = try! Roadmap(plan, in: model.scenario, describedAs: "benchmark")
            let clock = ContinuousClock()
            for _ in benchmark.scaledIterations {
                let elapsed = clock.measure {
                    blackHole(try! Simulation.run(model, roadmap: roadmap, settings: .init(samples: samples, seed: 1, threads: threads)))
                }
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                benchmark.measurement(rate, Int(Double(samples * model.horizon) / seconds))
            }
        }
    }

    let store = model("online-store.yaml")
    register("sampling: online-store inputs, 100k samples, 1 thread", model("online-store.yaml", keepingOnlyInputs: true), plan: [], threads: 1)
    register("simulate: online-store checkout_first, 100k samples x 12 months, 1 thread", store,
             plan: ["one_click_checkout", "reorder_reminders", "referral_program"], threads: 1)
    register("simulate: online-store checkout_first, 100k samples x 12 months, 2 threads", store,
             plan: ["one_click_checkout", "reorder_reminders", "referral_program"], threads: 2)
    register("simulate: subscription-app baseline, 100k samples x 12 months, 2 threads", model("subscription-app.yaml"), plan: [], threads: 2)

    let subscription = model("subscription-app.yaml")
    Benchmark("rank: subscription-app, 8 features, exact Shapley, 100k samples, 2 threads",
              configuration: .init(metrics: [.wallClock, .peakMemoryResident], timeUnits: .milliseconds,
                                   maxDuration: .seconds(20), maxIterations: 10)) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try! Ranking.run(subscription, settings: .init(samples: samples, seed: 1, threads: 2)))
        }
    }

    // Every other command's hot path, at 20,000 samples so that the suite stays quick.
    let small = 20_000
    let sampling = SamplingSettings(samples: small, seed: 1, threads: 2)
    let scenario = store.scenario
    func command(_ name: String, _ body: @escaping @Sendable () throws -> Void) {
        Benchmark(name, configuration: .init(metrics: [.wallClock, .peakMemoryResident], timeUnits: .milliseconds,
                                              maxDuration: .seconds(10), maxIterations: 10)) { benchmark in
            for _ in benchmark.scaledIterations { try body() }
        }
    }
    let plans = scenario.plans.map { (name: $0.name, roadmap: try! Roadmap($0.features, in: scenario, describedAs: $0.name)) }
    command("compare: online-store, 3 plans and baseline, 20k samples") {
        blackHole(try Comparison.run(store, roadmaps: plans + [(name: "baseline", roadmap: .baseline)], settings: sampling))
    }
    command("optimize: online-store, budget 16, 20k samples") {
        blackHole(try Optimization.run(store, settings: .init(samples: small, seed: 1, threads: 2, budget: 16)))
    }
    command("align: online-store checkout_first, 20k samples") {
        blackHole(try Alignment.run(scenario, planName: plans[0].name, roadmap: plans[0].roadmap,
                                    settings: .init(samples: small, seed: 1, threads: 2)))
    }
    command("stress: online-store, 2 plans and baseline, 20k samples") {
        blackHole(try StressTest.run(store, settings: .init(samples: small, seed: 1, threads: 2, target: 20_000_000,
                                                            plans: Array(plans.prefix(2)) + [(name: "baseline", roadmap: .baseline)])))
    }
    command("sensitivity: online-store checkout_first, 20k samples") {
        blackHole(try Sensitivity.run(store, roadmap: plans[0].roadmap, settings: .init(samples: small, seed: 1, threads: 2)))
    }
    command("voi: online-store, 11 alternatives, 20k samples") {
        blackHole(try ValueOfInformation.run(store, alternatives: ValueOfInformation.defaultAlternatives(scenario), settings: sampling))
    }
}
