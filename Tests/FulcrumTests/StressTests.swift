import Foundation
import Testing
@testable import Fulcrum

@Suite struct StressTests {
    func stress(_ yaml: String, target: Double, shocks: [StressTest.Shock] = [], solve: (String, Double)? = nil,
                samples: Int = 20_000) throws -> StressTest {
        let scenario = try TestSupport.scenario(yaml)
        return try StressTest.run(try Model(scenario), settings: .init(samples: samples, seed: 6, threads: 2, target: target,
                                                                       plans: [("baseline", .baseline)], shocks: shocks, solve: solve))
    }

    static let normal = """
        name: normal
        horizon: 1
        primary: {metric: v}
        inputs: {x: normal(100, 10)}
        metrics: {v: x}
        """

    @Test func oddsAndShortfallEqualDirectCountsAndTheNormalFormulas() throws {
        let n = 20_000
        let result = try stress(Self.normal, target: 110, samples: n)
        let values = try TestSupport.values(Self.normal, of: ["v"], samples: n, seed: 6)[0]
        let plan = result.plans[0]
        #expect(plan.probTarget == Double(values.filter { $0 >= 110 }.count) / Double(n))
        let shortfall = values.map { max(0, 110 - $0) }.reduce(0, +) / Double(n)
        #expect(abs(plan.expectedShortfall - shortfall) < 1e-9 * shortfall)
        #expect(plan.probMissByTenPercent == Double(values.filter { $0 < 99 }.count) / Double(n))
        // Closed forms: P(X >= t), E[max(0, t - X)] = (t - mu) Phi(z) + sigma phi(z) with z = 1.
        let z = 1.0
        #expect(abs(plan.probTarget - (1 - NormalQuantile.cdf(z))) < 4 * (0.16 * 0.84 / Double(n)).squareRoot())
        let closedShortfall = 10 * NormalQuantile.cdf(z) + 10 * exp(-0.5) / (2 * Double.pi).squareRoot()
        #expect(abs(plan.expectedShortfall - closedShortfall) < 0.02 * closedShortfall)
    }

    static let uniform = """
        name: uniform
        horizon: 1
        primary: {metric: v}
        inputs: {x: uniform(0, 100)}
        metrics: {v: x}
        """

    @Test func shocksMoveTheOddsAsArithmeticSays() throws {
        let n = 40_000
        let result = try stress(Self.uniform, target: 50, shocks: [.init(name: "x", relative: -0.2), .init(name: "x", value: 60)], samples: n)
        let error = 4 * (0.25 / Double(n)).squareRoot()
        #expect(abs(result.shocks[0].probTarget[0] - 0.5) < error)
        #expect(abs(result.shocks[1].probTarget[0] - 0.375) < error, "0.8 x >= 50 when x >= 62.5")
        #expect(result.shocks[2].probTarget[0] == 1)
        #expect(result.shocks.map(\.label) == ["unshocked", "x -20.0%", "x = 60", "all shocks"])
    }

    @Test func reverseStressMatchesTheClosedFormAndABruteForceScan() throws {
        let n = 20_000
        let result = try stress(Self.uniform, target: 50, solve: ("x", 0.8), samples: n)
        let solution = try #require(result.solution)
        // (1 + s) x >= 50 with probability 0.8 when 50 / (100 (1 + s)) = 0.2: s = 1.5.
        #expect(abs(solution.shift - 1.5) < 0.02)
        #expect(abs(solution.probTarget - 0.8) <= 1.0 / Double(n) + 1e-12)
        // A scan on the same draws crosses 80% at the same shift.
        let scenario = try TestSupport.scenario(Self.uniform)
        let model = try Model(scenario)
        let slot = try #require(try StressTest.slots(for: "x", in: model).first)
        let grid = stride(from: 1.40, through: 1.60, by: 0.005).map { $0 }
        let odds = try grid.map { s in
            try RoadmapOutcomes.run(model, roadmaps: [.baseline], samples: n, seed: 6, threads: 2,
                                    adjustments: SampleAdjustments(shocks: [slot: .scale(1 + s)]), target: 50).outcomes[0].primary.probTarget!
        }
        let crossing = grid[odds.firstIndex { $0 >= 0.8 }!]
        #expect(abs(solution.shift - crossing) <= 0.005 + 1e-9)
    }

    @Test func regressionCoefficientsOfALinearModelAreItsStandardisedWeights() throws {
        let result = try stress("""
            name: linear
            horizon: 1
            primary: {metric: v}
            inputs: {a: normal(0, 1), b: normal(0, 1)}
            metrics: {v: 2 * a + b}
            """, target: 1, samples: 20_000)
        let a = try #require(result.drivers.first { $0.name == "a" }), b = try #require(result.drivers.first { $0.name == "b" })
        #expect(abs(a.coefficient - 2 / 5.0.squareRoot()) < 0.01 && abs(b.coefficient - 1 / 5.0.squareRoot()) < 0.01)
        #expect(a.probTargetByQuintile == a.probTargetByQuintile.sorted(), "P(hit) rises with a")
        #expect(result.drivers.first?.name == "a")
    }
}
