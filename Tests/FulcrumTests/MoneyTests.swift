import Foundation
import Testing
@testable import Fulcrum

/// Feature costs and a cash budget: read, reported beside effort, and limiting optimize.
@Suite struct MoneyTests {
    /// Additive features with deterministic values: the optimum under each budget is known.
    static let yaml = """
        name: money
        horizon: 1
        primary: {metric: v}
        inputs: {zero: 0}
        metrics: {v: zero + 0}
        budget: {effort: 10, cost: 100000}
        features:
          a: {effort: 2, cost: 90000, effects: {v: {delta: 50}}}
          b: {effort: 2, cost: 40000, effects: {v: {delta: 30}}}
          c: {effort: 2, cost: 50000, effects: {v: {delta: 25}}}
          d: {effort: 6, cost: "normal(5000, 1000)", effects: {v: {delta: 10}}}
          e: {effort: 1, cost: 8000 to 12000, effects: {v: {delta: 1}}}
        """

    @Test func costsAndTheBudgetAreRead() throws {
        let scenario = try TestSupport.scenario(Self.yaml)
        #expect(scenario.budget == 10 && scenario.costBudget == 100_000)
        #expect(scenario.feature(withID: "d")?.cost == 5000, "a distribution's mean")
        let range = try DistributionFamily.interval(8000, 12000).get().mean
        #expect(abs((scenario.feature(withID: "e")?.cost ?? 0) - range) < 1e-6, "the mean of the range's distribution")
    }

    @Test func optimizeFitsEveryLimit() throws {
        let model = try Model(TestSupport.scenario(Self.yaml))
        func best(_ budget: Double, _ cost: Double?) throws -> [String] {
            try Optimization.run(model, settings: .init(samples: 64, seed: 1, threads: 2, budget: budget, costBudget: cost)).best.roadmap.features
        }
        // Effort alone (10) takes a, b, c (6) and e (1): d (6) does not fit beside them.
        #expect(try best(10, nil) == ["a", "b", "c", "e"])
        // 100,000 of money: a (90,000) + e (10,000) = 51 loses to b + c + d (95,000) = 65.
        #expect(try best(10, 100_000) == ["b", "c", "d"])
        #expect(try best(.infinity, 100_000) == ["b", "c", "d"], "effort unlimited: money decides")
        let optimization = try Optimization.run(model, settings: .init(samples: 64, seed: 1, threads: 2, budget: 10, costBudget: 100_000))
        #expect(optimization.best.cost <= 100_000 && optimization.best.effort <= 10)
        #expect(optimization.method.isProvenOptimal)
    }

    @Test func theCommandLineUsesTheScenarioBudgetsAndItsOptions() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fulcrum-money-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("m.yaml").path
        try Self.yaml.write(toFile: path, atomically: true, encoding: .utf8)
        let run = try Binary.run(["optimize", path, "--samples", "64", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        let best = try #require(json["best"] as? [String: Any])
        #expect(json["cost_budget"] as? Double == 100_000 && (best["cost"] as? Double ?? .infinity) <= 100_000)
        let wider = try Binary.run(["optimize", path, "--samples", "64", "--cost-budget", "200_000", "--format", "json"])
        let widerBest = try #require((try JSONSerialization.jsonObject(with: Data(wider.stdout.utf8)) as? [String: Any])?["best"] as? [String: Any])
        #expect((widerBest["features"] as? [String])?.contains("a") == true, "a fits once the money does")
        let table = try Binary.run(["optimize", path, "--samples", "64"])
        #expect(table.stdout.contains("Within a budget of 10 (effort) and 100,000 (cost).") && table.stdout.contains(", cost "), "\(table.stdout.prefix(400))")
        let rank = try Binary.run(["rank", path, "--samples", "64", "--format", "json"])
        let features = try #require((try JSONSerialization.jsonObject(with: Data(rank.stdout.utf8)) as? [String: Any])?["features"] as? [[String: Any]])
        let b = try #require(features.first { $0["id"] as? String == "b" })
        #expect(abs((b["per_cost"] as? Double ?? 0) - 30.0 / 40_000) < 1e-12 && b["cost"] as? Double == 40_000)
        let cashOnly = directory.appendingPathComponent("cash.yaml").path
        try Self.yaml.replacingOccurrences(of: "budget: {effort: 10, cost: 100000}", with: "budget: {cost: 100000}")
            .replacingOccurrences(of: "a: {effort: 2,", with: "a: {effort: 2, focus: acquisition,")
            .replacingOccurrences(of: "b: {effort: 2,", with: "b: {effort: 2, focus: retention,")
            .write(toFile: cashOnly, atomically: true, encoding: .utf8)
        let focus = try Binary.run(["compare", cashOnly, "--by", "focus", "--samples", "64", "--format", "json"])
        #expect(focus.status == 0, "a cash budget alone is a budget: \(focus.stderr)")
        let rankTable = try Binary.run(["rank", path, "--samples", "64"])
        #expect(rankTable.stdout.contains("per 1k cost"))
    }

    static let mistakes: [(String, String)] = [
        ("budget: {effort: 10, cash: 5}", "m.yaml:6:22: error: unknown key 'cash' in 'budget'"),
        ("budget: {cost: -5}", "m.yaml:6:16: error: the cost budget must be >= 0, got -5"),
        ("budget: {}", "m.yaml:6:9: error: 'budget' needs 'effort', 'cost' or both"),
        ("features:\n  f: {effort: 1, cost: -3, effects: {v: {delta: 1}}}", "error: the cost of 'f' must be >= 0, got a mean of -3"),
        ("features:\n  f: {effort: 1, cost: zero * 2, effects: {v: {delta: 1}}}", "error: the cost of 'f' must be a number, a range"),
    ]

    @Test(arguments: mistakes.indices)
    func mistakesAreLocated(_ index: Int) throws {
        let (text, message) = Self.mistakes[index]
        let errors = TestSupport.loadErrors("name: x\nhorizon: 1\nprimary: {metric: v}\ninputs: {zero: 0}\nmetrics: {v: zero + 0}\n" + text + "\n", file: "m.yaml")
        #expect(!errors.isEmpty, "accepted \(text)")
        #expect(errors.contains { $0.contains(message) }, "\(errors)")
    }
}
