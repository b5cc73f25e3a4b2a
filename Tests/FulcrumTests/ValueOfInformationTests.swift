import Foundation
import Testing
@testable import Fulcrum

@Suite struct ValueOfInformationTests {
    /// Invest with payoff K (theta - b), or not: EVPI = K sigma L(D), with D = |mu - b| / sigma
    /// and L the unit normal loss function phi(D) - D (1 - Phi(D)).
    @Test func evpiOfANormalBreakEvenDecisionIsTheUnitNormalLoss() throws {
        let (k, mu, sigma, breakEven) = (3.0, 100.0, 20.0, 110.0)
        let scenario = try TestSupport.scenario("""
            name: break even
            horizon: 1
            primary: {metric: payoff}
            inputs:
              theta: normal(\(mu), \(sigma))
              noise: normal(0, 5)
            metrics:
              payoff: 0 * theta + noise
            features:
              invest: {effort: 1, effects: {payoff: {delta: "\(k) * (theta - \(breakEven))"}}}
            """)
        let n = 200_000
        let result = try ValueOfInformation.run(try Model(scenario), alternatives: ValueOfInformation.defaultAlternatives(scenario),
                                                settings: .init(samples: n, seed: 8, threads: 2))
        let d = abs(mu - breakEven) / sigma
        let loss = exp(-d * d / 2) / (2 * Double.pi).squareRoot() - d * (1 - NormalQuantile.cdf(d))
        let expected = k * sigma * loss
        #expect(result.chosen == "baseline")
        #expect(abs(result.evpi - expected) <= 4 * result.evpiMcse, "EVPI \(result.evpi) vs \(expected)")
        let theta = try #require(result.inputs.first { $0.name == "theta" })
        // Knowing theta is knowing everything that matters (the noise is the same for both).
        #expect(abs(theta.evppi - expected) <= 0.05 * expected, "EVPPI(theta) \(theta.evppi) vs \(expected)")
        let noise = try #require(result.inputs.first { $0.name == "noise" })
        #expect(noise.evppi <= 3 * result.noiseFloor + 0.01 * expected, "the noise term carries no information for the decision")
        #expect(result.inputs.first?.name == "theta")
    }

    /// A sure 20 against a coin flip for 30: knowing the coin is worth 0.5 * 30 + 0.5 * 20 - 20.
    @Test func knowingWhetherAFeatureWorksHasItsValue() throws {
        let scenario = try TestSupport.scenario("""
            name: coin
            horizon: 1
            primary: {metric: v}
            inputs: {zero: 0}
            metrics: {v: zero}
            features:
              sure: {effort: 1, effects: {v: {delta: 20}}}
              coin: {effort: 1, success: 0.5, effects: {v: {delta: 30}}}
            """)
        let result = try ValueOfInformation.run(try Model(scenario), alternatives: ValueOfInformation.defaultAlternatives(scenario),
                                                settings: .init(samples: 40_000, seed: 8, threads: 2))
        let coin = try #require(result.inputs.first { $0.name == "coin.success" })
        #expect(abs(coin.evppi - 5) < 0.2, "\(result.inputs)")
        #expect(abs(result.evpi - 5) < 0.2)
    }
}
