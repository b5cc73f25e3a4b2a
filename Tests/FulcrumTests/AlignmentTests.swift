import Testing
@testable import Fulcrum

@Suite struct AlignmentTests {
    static let yaml = """
        name: alignment
        horizon: 1
        primary: {metric: revenue}
        inputs: {base: 100}
        metrics:
          revenue: base
          cost: base * 0.5 + extra_cost
          extra_cost: 0 * base
        features:
          good: {effort: 1, effects: {revenue: {delta: 10}}}
          heavy: {effort: 5, effects: {revenue: {delta: 1}, extra_cost: {delta: -40}}}
          better: {effort: 2, effects: {revenue: {delta: 20}}}
          harmful: {effort: 1, effects: {revenue: {delta: -5}}}
          lottery: {effort: 1, success: 0.05, effects: {revenue: {delta: 100}}}
        plans:
          proposal: [good, heavy]
          mixed: [good, harmful, lottery]
        """

    func align(_ plan: String, primary: String? = nil, samples: Int = 4000) throws -> Alignment {
        let scenario = try TestSupport.scenario(Self.yaml)
        let roadmap = try Roadmap(scenario.plan(named: plan)!.features, in: scenario, describedAs: plan)
        return try Alignment.run(scenario, planName: plan, roadmap: roadmap,
                                 settings: .init(samples: samples, seed: 2, threads: 2, alternativeMetric: primary))
    }

    @Test func efficiencyAgainstTheBestRoadmapAtTheSameEffort() throws {
        let a = try align("proposal")
        let v = a.verdict
        #expect(a.effort == 6)
        #expect(abs(v.uplift.mean - 11) < 1e-9)
        // At effort 6 the best is good + better + lottery: 10 + 20 + 5 expected.
        #expect(v.bestSameEffort.features == ["good", "better", "lottery"])
        let lotteryError: Double = 100 * (0.05 * 0.95 / 4000.0).squareRoot()
        #expect(abs(v.bestUplift - 35) < 4 * lotteryError)
        let expectedEfficiency: Double = 11 / v.bestUplift
        #expect(abs(v.efficiency! - expectedEfficiency) < 1e-12)
        let heavy = v.features.first { $0.id == "heavy" }!
        #expect(!heavy.aligned && heavy.reasons[0].contains("83.3% of the effort for 9.1% of the uplift"))
        #expect(v.features.first { $0.id == "good" }!.aligned)
        #expect(abs(v.alignedEffortShare - 1) < 1e-12, "both features pay off in every outcome")
    }

    @Test func harmfulAndLuckyFeaturesAreNamedWithTheirReasons() throws {
        let v = try align("mixed").verdict
        let harmful = v.features.first { $0.id == "harmful" }!
        #expect(!harmful.aligned && harmful.reasons[0].contains("the plan does better without it"))
        let lottery = v.features.first { $0.id == "lottery" }!
        #expect(!lottery.aligned && lottery.reasons.contains("its value comes only from the luckiest 10% of outcomes"))
        let shareError: Double = (0.05 * 0.95 / 4000.0).squareRoot()
        #expect(abs(lottery.marginal.probPositive - 0.05) < 4 * shareError)
        let third: Double = 1.0 / 3
        #expect(abs(v.alignedEffortShare - third) < 1e-12, "only 'good' pays off in 80% of outcomes")
    }

    @Test func anotherGoalChangesTheVerdict() throws {
        let a = try align("proposal", primary: "cost")
        let cost = try #require(a.alternative)
        #expect(cost.metric == "cost")
        // Judged on cost, heavy moves it by -40 and good not at all.
        let costUplift: Double = cost.uplift.mean
        #expect(abs(costUplift + 40) < 1e-9)
        let heavyOnCost: Double = cost.features.first { $0.id == "heavy" }!.marginal.mean
        #expect(abs(heavyOnCost + 40) < 1e-9)
        let text = AlignmentReport.render(a, as: .table)
        #expect(text.contains("From revenue to cost"))
    }

    @Test func aFeatureThatMovesNothingOfTheGoalHasNoEffectOnIt() throws {
        let cost = try #require(try align("proposal", primary: "cost").alternative)
        let good = cost.features.first { $0.id == "good" }!
        #expect(good.reasons == ["it has no effect on cost: nothing it changes reaches this goal"])
    }

    /// A sure effect behind `success: 0.8` pays off in 80% of outcomes up to sampling noise:
    /// the verdict is "borderline" whenever the estimate is within two standard errors of
    /// 80% (about 95% of seeds), never a flat yes or no decided by the noise.
    @Test func aThresholdWithinSamplingNoiseIsBorderlineAtEverySeed() throws {
        let scenario = try TestSupport.scenario("""
            name: borderline
            horizon: 1
            primary: {metric: revenue}
            inputs: {base: 100}
            metrics: {revenue: base}
            features:
              coin: {effort: 1, success: 0.8, effects: {revenue: {delta: 10}}}
              sure: {effort: 1, effects: {revenue: {delta: 10}}}
            plans: {both: [coin, sure]}
            """)
        let roadmap = try Roadmap(["coin", "sure"], in: scenario, describedAs: "both")
        var borderline = 0
        for seed: UInt64 in 1...12 {
            let v = try Alignment.run(scenario, planName: "both", roadmap: roadmap, settings: .init(samples: 3000, seed: seed, threads: 2)).verdict
            let coin = v.features.first { $0.id == "coin" }!
            let p = coin.marginal.probPositive, error = 2 * (p * (1 - p) / 3000).squareRoot()
            if abs(p - 0.8) <= error {
                #expect(!coin.aligned && coin.reasons.isEmpty && coin.borderline.count == 1, "seed \(seed): \(coin.reasons) \(coin.borderline)")
                #expect(abs(v.alignedEffortShare - 1) < 1e-12, "seed \(seed)")
                borderline += 1
            } else {
                #expect(coin.borderline.isEmpty && coin.aligned == (p > 0.8) && coin.reasons.isEmpty == (p > 0.8), "seed \(seed)")
            }
        }
        #expect(borderline >= 8, "within two standard errors at most seeds")
    }
}
