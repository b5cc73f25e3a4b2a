import Foundation
import Testing
@testable import Fulcrum

@Suite struct SensitivityTests {
    /// The Ishigami function with a = 7, b = 0.1 on x ~ U(-pi, pi)^3, whose indices are known
    /// in closed form (Ishigami and Homma 1990; Sobol and Levitan 1999).
    @Test func sobolIndicesOfTheIshigamiFunction() throws {
        let scenario = try TestSupport.scenario("""
            name: Ishigami
            horizon: 1
            primary: {metric: f}
            inputs:
              x1: uniform(-pi, pi)
              x2: uniform(-pi, pi)
              x3: uniform(-pi, pi)
            metrics:
              f: sin(x1) + 7 * sin(x2)^2 + 0.1 * x3^4 * sin(x1)
            """)
        let result = try Sensitivity.run(try Model(scenario), roadmap: .baseline,
                                         settings: .init(samples: 50_000, seed: 12, threads: 2, bootstrap: 100))
        let (a, b, pi4) = (7.0, 0.1, pow(Double.pi, 4))
        let v1 = 0.5 * pow(1 + b * pi4 / 5, 2), v2 = a * a / 8, v13 = 8 * b * b * pi4 * pi4 / 225
        let variance = v1 + v2 + v13
        let expected: [String: (first: Double, total: Double)] = [
            "x1": (v1 / variance, (v1 + v13) / variance), "x2": (v2 / variance, v2 / variance), "x3": (0, v13 / variance),
        ]
        #expect(abs(result.variance / variance - 1) < 0.02)
        #expect(result.estimate == .sobol(baseSamples: 50_000, bootstrap: 100))
        for index in result.indices {
            let truth = try #require(expected[index.name])
            #expect(abs(index.firstOrder - truth.first) < 0.03, "\(index.name) first order \(index.firstOrder) vs \(truth.first)")
            #expect(abs(index.totalOrder! - truth.total) < 0.03, "\(index.name) total order \(index.totalOrder!) vs \(truth.total)")
            let (low, high) = try #require(index.totalOrderCI)
            #expect(low - 0.01 <= truth.total && truth.total <= high + 0.01, "\(index.name) total-order interval covers the truth")
        }
        #expect(result.indices.map(\.name) == ["x1", "x2", "x3"], "sorted by total order")
    }

    @Test func correlatedInputsFallBackToCorrelationRatiosAndSaySo() throws {
        let scenario = try TestSupport.scenario("""
            name: correlated
            horizon: 1
            primary: {metric: y}
            inputs: {a: normal(0, 1), b: normal(0, 1)}
            correlations:
              - [a, b, 0.8]
            metrics: {y: a}
            """)
        let result = try Sensitivity.run(try Model(scenario), roadmap: .baseline, settings: .init(samples: 40_000, seed: 3, threads: 2))
        #expect(result.fallbackReason?.contains("assume independent inputs") == true)
        guard case .correlationRatio = result.estimate else { Issue.record("expected correlation ratios"); return }
        let a = try #require(result.indices.first { $0.name == "a" }), b = try #require(result.indices.first { $0.name == "b" })
        // y = a: a explains all of it; b explains rho_pearson^2 of it through the correlation.
        let pearson = 2 * sin(Double.pi * 0.8 / 6)
        #expect(abs(a.firstOrder - 1) < 0.03)
        #expect(abs(b.firstOrder - pearson * pearson) < 0.04)
        #expect(a.totalOrder == nil)
    }

    @Test func regressionMethodGivesStandardisedCoefficients() throws {
        let scenario = try TestSupport.scenario("""
            name: linear
            horizon: 1
            primary: {metric: y}
            inputs: {a: normal(0, 1), b: normal(0, 2)}
            metrics: {y: a + b}
            """)
        let result = try Sensitivity.run(try Model(scenario), roadmap: .baseline,
                                         settings: .init(samples: 20_000, seed: 3, threads: 2, method: .regression))
        let b = try #require(result.indices.first { $0.name == "b" })
        #expect(abs(b.coefficient! - 2 / 5.0.squareRoot()) < 0.01)
        #expect(abs(b.firstOrder - 0.8) < 0.02)
        guard case .regression(let rSquared) = result.estimate else { Issue.record("expected regression"); return }
        #expect(abs(rSquared - 1) < 0.01)
    }
}

@Suite struct SensitivityPresentationTests {
    @Test func aQuantityWithNoEffectIsSaidToBeWithinNoise() throws {
        let scenario = try TestSupport.scenario("""
            name: noise
            horizon: 1
            primary: {metric: y}
            inputs: {a: normal(0, 1), b: normal(0, 1)}
            metrics: {y: a + 0 * b}
            """)
        let result = try Sensitivity.run(try Model(scenario), roadmap: .baseline,
                                         settings: .init(samples: 4000, seed: 3, threads: 2, method: .sobol))
        let text = SensitivityReport.render(result, as: .markdown)
        #expect(text.contains("Within noise of zero (the 95% interval reaches 0): b."), "\(text)")
        #expect(text.contains("| a |") && text.contains("█"), "the Markdown tornado has bars")
        #expect(!text.contains("0.00 to 0.00"))
    }
}
