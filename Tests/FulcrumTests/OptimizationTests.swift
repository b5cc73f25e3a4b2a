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
        #expect(result.method == .additive)
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
        #expect(odds.method == .exhaustive(roadmaps: 3), "the baseline, safe and bold")
    }

    /// Random additive scenarios with requires and excludes: the optimiser's answer is the
    /// brute-force optimum over every valid roadmap within the budget.
    @Test func optimizerMatchesBruteForceOnRandomAdditiveScenarios() throws {
        var stream = RandomStream(generator: Philox(seed: 17), sample: 0, variable: 2)
        func uniform(_ n: Int) -> Int { min(n - 1, Int(stream.nextUniform() * Double(n))) }
        for instance in 0..<15 {
            let n = 4 + uniform(5)
            var lines: [String] = []
            var deltas: [Int] = [], efforts: [Int] = [], requires: [[Int]] = [], excludes: [[Int]] = []
            for i in 0..<n {
                deltas.append(uniform(60) - 10)
                efforts.append(1 + uniform(4))
                requires.append(i > 0 && stream.nextUniform() < 0.3 ? [uniform(i)] : [])
                excludes.append(i > 0 && requires[i].isEmpty && stream.nextUniform() < 0.25 ? [uniform(i)] : [])
                let requiresText = requires[i].first.map { ", requires: [f\($0)]" } ?? ""
                let excludesText = excludes[i].first.map { ", excludes: [f\($0)]" } ?? ""
                lines.append("  f\(i): {effort: \(efforts[i])\(requiresText)\(excludesText), effects: {v: {delta: \(deltas[i])}}}")
            }
            let yaml = "name: random \(instance)\nhorizon: 1\nprimary: {metric: v}\ninputs: {base: 0}\nmetrics: {v: base}\nfeatures:\n"
                + lines.joined(separator: "\n") + "\n"
            let budget = 2 + uniform(8)
            let result = try optimize(yaml, budget: Double(budget), samples: 64)
            var best = 0
            for mask in 0..<(1 << n) {
                let chosen = (0..<n).filter { mask & (1 << $0) != 0 }
                guard chosen.map({ efforts[$0] }).reduce(0, +) <= budget,
                      chosen.allSatisfy({ requires[$0].allSatisfy { chosen.contains($0) } }),
                      chosen.allSatisfy({ excludes[$0].allSatisfy { !chosen.contains($0) } }) else { continue }
                best = max(best, chosen.map { deltas[$0] }.reduce(0, +))
            }
            #expect(result.method == .additive, "instance \(instance)")
            #expect(abs(result.best.uplift.mean - Double(best)) < 1e-9, "instance \(instance): \(result.best.uplift.mean) vs \(best)")
        }
    }

    /// The issue's counter-example: checking additivity on the frontier's roadmaps said
    /// "exact" and picked f0 (+67,500) where {f1, f2} gives +69,615.
    @Test func multiplicativeEffectsAreNeverCalledAdditive() throws {
        let yaml = """
            name: multiplicative
            horizon: 1
            primary: {metric: revenue}
            inputs: {traffic: 1000, conversion: 0.05, aov: 3000}
            metrics: {revenue: traffic * conversion * aov}
            features:
              f0: {effort: 4, effects: {traffic: {lift: 45%}}}
              f1: {effort: 2, effects: {conversion: {lift: 21%}}}
              f2: {effort: 2, effects: {aov: {lift: 21%}}}
            """
        #expect(FeatureSeparability.interaction(in: try TestSupport.scenario(yaml)) == "revenue")
        let result = try optimize(yaml, budget: 4, samples: 64)
        #expect(result.best.roadmap.features == ["f1", "f2"])
        #expect(abs(result.best.uplift.mean - 69_615) < 1e-6)
        #expect(result.method == .exhaustive(roadmaps: 5), "the baseline, f0, f1, f2 and {f1, f2}: f0 with another is over budget")
    }

    /// Twelve features lifting three multiplied drivers: the exhaustive search returns the
    /// brute-force optimum of the closed form, and every frontier row is the best at no
    /// more than its effort.
    @Test func twelveInteractingFeaturesGetTheTrueOptimum() throws {
        var generator = SplitMix(seed: 12)
        let drivers = ["traffic", "conversion", "aov"]
        var lifts: [Double] = [], targets: [Int] = [], efforts: [Int] = []
        var lines: [String] = []
        for i in 0..<12 {
            lifts.append(Double(5 + Int(generator.next() % 40)) / 100)
            targets.append(Int(generator.next() % 3))
            efforts.append(1 + Int(generator.next() % 5))
            lines.append("  f\(i): {effort: \(efforts[i]), effects: {\(drivers[targets[i]]): {lift: \(lifts[i])}}}")
        }
        let yaml = "name: twelve\nhorizon: 1\nprimary: {metric: revenue}\ninputs: {traffic: 1000, conversion: 0.05, aov: 50}\n"
            + "metrics: {revenue: traffic * conversion * aov}\nfeatures:\n" + lines.joined(separator: "\n") + "\n"
        func value(_ chosen: [Int]) -> Double {
            var factor = [1.0, 1.0, 1.0]
            for f in chosen { factor[targets[f]] *= 1 + lifts[f] }
            return 2500 * factor[0] * factor[1] * factor[2] - 2500
        }
        let budget = 14
        var best = 0.0
        for mask in 0..<(1 << 12) {
            let chosen = (0..<12).filter { mask & (1 << $0) != 0 }
            if chosen.map({ efforts[$0] }).reduce(0, +) <= budget { best = max(best, value(chosen)) }
        }
        let result = try optimize(yaml, budget: Double(budget), samples: 16)
        guard case .exhaustive = result.method else { Issue.record("\(result.method)"); return }
        #expect(abs(result.best.uplift.mean - best) < 1e-6 * best, "\(result.best.uplift.mean) against \(best)")
        for (lower, higher) in zip(result.frontier, result.frontier.dropFirst()) {
            #expect(lower.effort < higher.effort && lower.objective < higher.objective)
        }
    }

    @Test func theProbabilityFrontierRisesWithEffort() throws {
        let yaml = """
            name: odds
            horizon: 1
            primary: {metric: v, target: 112}
            inputs: {base: normal(100, 5)}
            metrics: {v: base}
            features:
              a: {effort: 1, effects: {v: {delta: 4}}}
              b: {effort: 2, success: 0.5, effects: {v: {delta: 14}}}
              c: {effort: 3, effects: {v: {lift: normal(0.05, 0.04)}}}
              d: {effort: 4, effects: {v: {delta: normal(9, 6)}}}
              e: {effort: 5, success: 0.8, effects: {v: {delta: 10}}}
            """
        let full = try optimize(yaml, budget: 15, objective: .probTarget, samples: 3000)
        for (lower, higher) in zip(full.frontier, full.frontier.dropFirst()) {
            #expect(lower.effort < higher.effort && lower.objective < higher.objective)
        }
        for budget in 1...15 {
            let result = try optimize(yaml, budget: Double(budget), objective: .probTarget, samples: 3000)
            let bestOnFrontier = full.frontier.filter { $0.effort <= Double(budget) }.map(\.objective).max() ?? 0
            #expect(result.best.objective >= bestOnFrontier - 1e-12, "budget \(budget)")
        }
    }
}
