import Foundation
import Testing
@testable import Fulcrum

@Suite struct ComparisonTests {
    func compare(_ yaml: String, _ roadmaps: [(String, [String])], samples: Int = 512, threads: Int = 2) throws -> Comparison {
        let scenario = try TestSupport.scenario(yaml)
        let named = try roadmaps.map { ($0.0, try Roadmap($0.1, in: scenario, describedAs: $0.0)) }
        return try Comparison.run(try Model(scenario), roadmaps: named, settings: .init(samples: samples, seed: 9, threads: threads))
    }

    /// Acquisition adds a constant amount each period; retention lifts a stock that compounds.
    static let acquisitionVersusRetention = """
        name: acquisition or retention
        horizon: 12
        primary: {metric: customers}
        inputs: {zero: 0}
        metrics:
          customers: {formula: "customers[t-1] + 1", initial: zero}
        features:
          acquisition: {effort: 1, effects: {customers: {delta: 3}}}
          retention: {effort: 1, effects: {customers: {lift: 30%}}}
        """

    @Test func horizonCurveAndCrossoverMatchHandComputation() throws {
        let c = try compare(Self.acquisitionVersusRetention, [("acquisition", ["acquisition"]), ("retention", ["retention"])])
        var (a, r) = (0.0, 0.0)
        var expected: [Double] = []
        var (sumA, sumR) = (0.0, 0.0)
        for _ in 1...12 {
            a = a + 1 + 3
            r = (r + 1) * 1.3
            sumA += a
            sumR += r
            expected.append(sumA - sumR)
        }
        let pair = c.pairs[0]
        for t in 0..<12 { #expect(abs(pair.byHorizon[t] - expected[t]) <= 1e-9 * max(1, abs(expected[t])), "horizon \(t + 1)") }
        let firstRetentionLead = try #require(expected.firstIndex { $0 < 0 }) + 1
        #expect(firstRetentionLead == 11)
        #expect(pair.crossoverPeriod == firstRetentionLead)
        #expect(pair.probABetter == (expected.last! > 0 ? 1 : 0))
        #expect(abs(pair.difference.mean - expected.last!) <= 1e-9 * abs(expected.last!))
        let notes = ComparisonReport.notes(c).joined()
        #expect(notes.contains("acquisition is ahead over short horizons, retention from period \(firstRetentionLead) on"))
    }

    @Test func probabilityAheadIsTheNormalProbability() throws {
        let n = 40_000
        let c = try compare("""
            name: coin
            horizon: 1
            primary: {metric: v, target: 0.5}
            inputs: {zero: 0}
            metrics: {v: zero}
            features:
              bet: {effort: 1, effects: {v: {delta: normal(1, 1)}}}
            """, [("bet", ["bet"]), ("baseline", [])], samples: n)
        let expected = NormalQuantile.cdf(1)
        #expect(abs(c.pairs[0].probABetter - expected) <= 4 * (expected * (1 - expected) / Double(n)).squareRoot())
        #expect(abs(c.candidates[0].primary.probTarget! - NormalQuantile.cdf(0.5)) <= 4 * (0.25 / Double(n)).squareRoot())
        #expect(c.candidates[1].primary.probTarget == 0)
        #expect(c.pairs[0].crossoverPeriod == nil)
        #expect(abs(c.pairs[0].difference.mean - 1) <= 4 / Double(n).squareRoot())
    }

    @Test func roadmapsShareDrawsSoDifferencesCarryNoExtraNoise() throws {
        let yaml = try String(contentsOfFile: ScenarioFiles.directory + "/online-store.yaml", encoding: .utf8)
        let c = try compare(yaml, [("checkout", ["one_click_checkout"]), ("baseline", [])], samples: 3000)
        let alone = try TestSupport.simulate(yaml, features: ["one_click_checkout"], samples: 3000, seed: 9)
        let base = try TestSupport.simulate(yaml, samples: 3000, seed: 9)
        #expect(abs(c.pairs[0].difference.mean - (alone.primary.mean - base.primary.mean)) <= 1e-9 * alone.primary.mean)
        #expect(c.pairs[0].difference.sd < 0.5 * alone.primary.sd, "paired differences are far tighter than either roadmap")
        let threads1 = ComparisonReport.render(try compare(yaml, [("checkout", ["one_click_checkout"]), ("baseline", [])], samples: 3000, threads: 1), as: .json)
        #expect(threads1 == ComparisonReport.render(c, as: .json))
    }
}
