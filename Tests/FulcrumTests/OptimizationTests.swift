import Testing
@testable import Fulcrum

@Suite struct OptimizationTests {
    func optimize(_ yaml: String, budget: Double, objective: Optimization.Objective = .mean, required: [String] = [],
                  excluded: [String] = [], samples: Int = 2000) throws -> Optimization {
        let scenario = try TestSupport.scenario(yaml)
        return try Optimization.run(try Model(scenario), settings: .init(samples: samples, seed: 4, threads: 2, budget: budget,
                                                                         objective: objective, required: required, excluded: excluded))
    }

    static let additive = """
        name: additive roadmap
        horizon: 1
        primary: {metric: v}
        inputs: {base: 100}
        metrics: {v: base}
        features:
          platform: {effort: 3, effects: {v: {delta: 0}}}
          app: {effort: 2, requires: [platform], effects: {v: {delta: 100}}}
          quick_a: {effort: 2, effects: {v: {delta: 30}}}
          quick_b: {effort: 2, effects: {v: {delta: 30}}}
          rival: {effort: 1, excludes: [quick_a], effects: {v: {delta: 25}}}
        """

    @Test func additiveScenarioGetsTheExactKnapsackOptimum() throws {
        let result = try optimize(Self.additive, budget: 5)
        #expect(result.method == .exact)
        #expect(result.best.roadmap.features == ["platform", "app"])
        #expect(abs(result.best.uplift.mean - 100) < 1e-9)
        let wider = try optimize(Self.additive, budget: 8)
        // platform + app (5) + quick_b (2) + rival (1) = 155; quick_a excludes rival.
        #expect(wider.best.roadmap.features == ["platform", "app", "quick_b", "rival"])
        #expect(abs(wider.best.uplift.mean - 155) < 1e-9)
        #expect(wider.frontier.map(\.effort) == wider.frontier.map(\.effort).sorted())
        #expect(wider.frontier.last?.roadmap == wider.best.roadmap)
    }

    @Test func requireAndExcludeAreHonoured() throws {
        let result = try optimize(Self.additive, budget: 5, required: ["quick_a"], excluded: ["quick_b"])
        #expect(result.best.roadmap.features.contains("quick_a") && !result.best.roadmap.features.contains("quick_b"))
        #expect(!result.best.roadmap.features.contains("rival"))
        #expect(throws: OptimizationError.self) { try optimize(Self.additive, budget: 1, required: ["app"]) }
    }

    static let safeOrBold = """
        name: safe or bold
        horizon: 1
        primary: {metric: v, target: 108}
        inputs: {base: 100}
        metrics: {v: base}
        features:
          safe: {effort: 1, effects: {v: {delta: 10}}}
          bold: {effort: 1, success: 0.5, effects: {v: {delta: 30}}}
        """

    @Test func tenthPercentileAndTargetOddsPreferTheSafeBet() throws {
        let mean = try optimize(Self.safeOrBold, budget: 1, samples: 4000)
        #expect(mean.best.roadmap.features == ["bold"], "15 expected beats 10")
        let cautious = try optimize(Self.safeOrBold, budget: 1, objective: .p10, samples: 4000)
        #expect(cautious.best.roadmap.features == ["safe"], "a bad year: 110 against 100")
        let odds = try optimize(Self.safeOrBold, budget: 1, objective: .probTarget, samples: 4000)
        #expect(odds.best.roadmap.features == ["safe"], "P(v >= 108): 100% against about 50%")
        #expect(odds.method != .exact)
    }
}
