import Foundation
import Testing
@testable import Fulcrum

/// Reference values from SciPy 1.17 (scipy.stats), computed independently of Fulcrum.
struct Reference: Sendable, CustomStringConvertible {
    var distribution: Distribution
    var mean: Double
    var sd: Double
    /// Quantiles at 5%, 25%, 50%, 75%, 95%.
    var quantiles: [Double]
    var description: String { "\(distribution)" }

    static let levels = [0.05, 0.25, 0.5, 0.75, 0.95]

    static let all: [Reference] = [
        Reference(distribution: .beta(alpha: 2, beta: 5), mean: 0.2857142857142857, sd: 0.15971914124998499,
                  quantiles: [0.06284989170835438, 0.16116291679032652, 0.26444998329566005, 0.3894794852007245, 0.5818034092520259]),
        Reference(distribution: .beta(alpha: 0.5, beta: 0.5), mean: 0.5, sd: 0.3535533905932738,
                  quantiles: [0.0061558297024311365, 0.14644660940672624, 0.5, 0.8535533905932737, 0.9938441702975689]),
        Reference(distribution: try! DistributionFamily.beta.make(form: 1, [0.025, 0.003]).get(), mean: 0.025, sd: 0.003,
                  quantiles: [0.02027272930941919, 0.022917416483951188, 0.024883111848530357, 0.02695523189674143, 0.03012603519422138]),
        Reference(distribution: .gamma(shape: 3, scale: 2), mean: 6, sd: 3.4641016151377544,
                  quantiles: [1.6353828943279067, 3.4545988357210384, 5.348120627447118, 7.840804120585122, 12.591587243743977]),
        Reference(distribution: .gamma(shape: 0.5, scale: 1), mean: 0.5, sd: 0.7071067811865476,
                  quantiles: [0.001966070000009761, 0.05076552213381078, 0.227468211559786, 0.6616518484657332, 1.920729410347062]),
        Reference(distribution: .pert(min: 0, mode: 0.05, max: 0.12), mean: 0.05333333333333334, sd: 0.022537446792760443,
                  quantiles: [0.01766061506442257, 0.03622140729126695, 0.05254680539262254, 0.06968925574227515, 0.0917135787394365]),
        Reference(distribution: .triangular(min: -0.3, mode: -0.15, max: 0), mean: -0.15, sd: 0.06123724356957945,
                  quantiles: [-0.2525658350974743, -0.19393398282201785, -0.15, -0.10606601717798211, -0.04743416490252572]),
        Reference(distribution: .poisson(lambda: 4), mean: 4, sd: 2, quantiles: [1, 3, 4, 5, 8]),
        Reference(distribution: .poisson(lambda: 250), mean: 250, sd: 15.811388300841896, quantiles: [224, 239, 250, 261, 276]),
        Reference(distribution: .normal(mean: 10, sd: 2), mean: 10, sd: 2,
                  quantiles: [10 - 2 * 1.6448536269514722, 10 - 2 * 0.6744897501960817, 10, 10 + 2 * 0.6744897501960817, 10 + 2 * 1.6448536269514722]),
        Reference(distribution: .lognormal(mu: 1, sigma: 0.5), mean: exp(1.125), sd: (exp(0.25) - 1).squareRoot() * exp(1.125),
                  quantiles: [-1.6448536269514722, -0.6744897501960817, 0, 0.6744897501960817, 1.6448536269514722].map { exp(1 + 0.5 * $0) }),
        Reference(distribution: .uniform(min: 0.15, max: 0.25), mean: 0.2, sd: 0.1 / 12.0.squareRoot(),
                  quantiles: [0.155, 0.175, 0.2, 0.225, 0.245]),
        Reference(distribution: .bernoulli(p: 0.3), mean: 0.3, sd: 0.21.squareRoot(), quantiles: [0, 0, 0, 1, 1]),
    ]
}

@Suite struct DistributionTests {
    static let sampleCount = 200_000

    @Test(arguments: Reference.all)
    func closedFormMomentsMatchReference(_ reference: Reference) {
        #expect(abs(reference.distribution.mean - reference.mean) <= 1e-12 * max(1, abs(reference.mean)))
        #expect(abs(reference.distribution.variance.squareRoot() - reference.sd) <= 1e-12 * max(1, reference.sd))
    }

    @Test(arguments: Reference.all)
    func quantileFunctionMatchesReference(_ reference: Reference) {
        for (level, expected) in zip(Reference.levels, reference.quantiles) {
            let actual = reference.distribution.quantile(level)
            #expect(abs(actual - expected) <= 1e-9 * max(1, abs(expected)), "q(\(level)) = \(actual), expected \(expected)")
        }
    }

    /// Draws with the sampler used for uncorrelated variables: mean within 4 standard errors,
    /// sd within 2%, and the empirical distribution function at each reference quantile
    /// within 4 binomial standard errors of its level (continuous families).
    @Test(arguments: Reference.all)
    func samplerAgreesWithReference(_ reference: Reference) {
        let n = Self.sampleCount
        let generator = Philox(seed: 42)
        var draws = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var stream = RandomStream(generator: generator, sample: i, variable: 7)
            draws[i] = reference.distribution.sample(&stream)
        }
        var moments = Moments()
        draws.withUnsafeBufferPointer { moments.add($0) }
        #expect(abs(moments.mean - reference.mean) <= 4 * reference.sd / Double(n).squareRoot())
        #expect(abs(moments.sd / reference.sd - 1) <= 0.02)
        guard case .poisson = reference.distribution else {
            if case .bernoulli = reference.distribution { return }
            draws.sort()
            for (level, quantile) in zip(Reference.levels, reference.quantiles) {
                let below = Double(draws.partitioningIndex { $0 > quantile }) / Double(n)
                #expect(abs(below - level) <= 4 * (level * (1 - level) / Double(n)).squareRoot(), "F(\(quantile)) = \(below), expected \(level)")
            }
            return
        }
    }

    /// The engine draws uncorrelated beta, PERT and gamma inputs with constant parameters
    /// from their quantile tables at block-wise normal scores, not with the rejection
    /// samplers above: the same checks, through a compiled scenario.
    @Test func engineDrawsOfTabulatedFamiliesAgreeWithReference() throws {
        let tabulated: [(name: String, literal: String, reference: Reference)] = [
            ("b25", "beta(2, 5)", Reference.all[0]), ("bhalf", "beta(0.5, 0.5)", Reference.all[1]),
            ("g32", "gamma(3, 2)", Reference.all[3]), ("ghalf", "gamma(0.5, 1)", Reference.all[4]),
            ("p", "pert(0, 0.05, 0.12)", Reference.all[5]),
        ]
        let n = 40_000
        let inputs = tabulated.map { "  \($0.name): \($0.literal)" }.joined(separator: "\n")
        let yaml = "name: draws\nhorizon: 1\nprimary: {metric: total}\ninputs:\n\(inputs)\nmetrics:\n  total: "
            + tabulated.map(\.name).joined(separator: " + ")
        let columns = try TestSupport.values(yaml, of: tabulated.map(\.name), samples: n, seed: 5)
        for (column, entry) in zip(columns, tabulated) {
            let reference = entry.reference
            var moments = Moments()
            column.withUnsafeBufferPointer { moments.add($0) }
            #expect(abs(moments.mean - reference.mean) <= 4 * reference.sd / Double(n).squareRoot(), "\(entry.literal)")
            let sorted = column.sorted()
            for (level, quantile) in zip(Reference.levels, reference.quantiles) {
                let below = Double(sorted.partitioningIndex { $0 > quantile }) / Double(n)
                #expect(abs(below - level) <= 4 * (level * (1 - level) / Double(n)).squareRoot(), "\(entry.literal): F(\(quantile)) = \(below)")
            }
        }
    }

    /// The exact marginals under correlation rely on these inverses across the whole of (0, 1),
    /// tails included, where a density underflows and a naive Halley step stalls.
    @Test(arguments: [(67.68, 2639.65), (2.0, 5.0), (0.5, 0.5), (0.3, 8.0), (400.0, 3.0)])
    func betaQuantileInvertsItsDistributionFunction(_ a: Double, _ b: Double) {
        for i in 1..<20_000 {
            let p = Double(i) / 20_000
            let x = SpecialFunctions.inverseRegularizedBeta(a, b, p)
            #expect(abs(SpecialFunctions.regularizedBeta(a, b, x) - p) <= 1e-10, "a \(a) b \(b) p \(p) -> \(x)")
        }
    }

    @Test(arguments: [0.05, 0.5, 1.0, 3.0, 44.4, 2500.0])
    func gammaQuantileInvertsItsDistributionFunction(_ shape: Double) {
        for i in 1..<20_000 {
            let p = Double(i) / 20_000
            let x = SpecialFunctions.inverseRegularizedGammaP(shape, p)
            #expect(abs(SpecialFunctions.regularizedGammaP(shape, x) - p) <= 1e-10, "shape \(shape) p \(p) -> \(x)")
        }
    }

    /// Correlated draws map normal scores through interpolated quantile tables.
    @Test(arguments: [Distribution.beta(alpha: 67.68, beta: 2639.65), .beta(alpha: 0.5, beta: 0.5), .beta(alpha: 2, beta: 5),
                      .pert(min: 0, mode: 0.05, max: 0.12), .gamma(shape: 0.5, scale: 1), .gamma(shape: 44.4, scale: 0.13)])
    func scoreQuantileTablesStayWithinOnePartInTenBillion(_ distribution: Distribution) {
        let prepared = ScoreQuantile(distribution)
        for i in 0..<4_001 {
            let z = -8.4 + Double(i) * 16.8 / 4_000 + 0.0003
            let exact = distribution.value(atScore: z)
            let tabulated = prepared.value(atScore: z)
            #expect(abs(tabulated - exact) <= 1e-10 * abs(exact) + 1e-300, "z \(z): \(tabulated) vs \(exact)")
        }
    }

    @Test func intervalIsLognormalWithThoseFifthAndNinetyFifthPercentiles() throws {
        let positive = try DistributionFamily.interval(45, 70).get()
        guard case .lognormal = positive else { Issue.record("45 to 70 should be lognormal, got \(positive)"); return }
        #expect(abs(positive.quantile(0.05) - 45) < 1e-9)
        #expect(abs(positive.quantile(0.95) - 70) < 1e-9)
        let straddling = try DistributionFamily.interval(-10, 30).get()
        #expect(straddling == .normal(mean: 10, sd: 20 / NormalQuantile.z95))
        #expect(abs(straddling.quantile(0.05) + 10) < 1e-9)
        if case .success = DistributionFamily.interval(60, 40) { Issue.record("60 to 40 must be refused") }
    }

    @Test func meanAndSdParameterisationsReproduceTheirMoments() throws {
        let lognormal = try DistributionFamily.lognormal.make(form: 1, [50, 12]).get()
        #expect(abs(lognormal.mean - 50) < 1e-9 && abs(lognormal.variance.squareRoot() - 12) < 1e-9)
        let gamma = try DistributionFamily.gamma.make(form: 1, [6, 2]).get()
        #expect(abs(gamma.mean - 6) < 1e-12 && abs(gamma.variance.squareRoot() - 2) < 1e-12)
        let beta = try DistributionFamily.beta.make(form: 1, [0.08, 0.015]).get()
        #expect(abs(beta.mean - 0.08) < 1e-12 && abs(beta.variance.squareRoot() - 0.015) < 1e-12)
        if case .success = DistributionFamily.beta.make(form: 1, [0.5, 0.6]) { Issue.record("beta sd too large must be refused") }
    }

    @Test func philoxMatchesPublishedKnownAnswer() {
        // Random123 kat_vectors: philox4x32_10, counter and key all zero, and all ones.
        let zero = Philox(seed: 0).block(0, 0, 0, 0)
        #expect([zero.0, zero.1, zero.2, zero.3] == [0x6627_E8D5, 0xE169_C58D, 0xBC57_AC4C, 0x9B00_DBD8])
        let ones = Philox(seed: UInt64.max).block(.max, .max, .max, .max)
        #expect([ones.0, ones.1, ones.2, ones.3] == [0x408F_276D, 0x41C8_3B0E, 0xA20B_C7C6, 0x6D54_51FD])
    }

    @Test func normalQuantileRoundTripsThroughTheDistributionFunction() {
        for p in [1e-12, 1e-6, 0.001, 0.02425, 0.3, 0.5, 0.7, 0.97575, 0.999, 1 - 1e-9] {
            #expect(abs(NormalQuantile.cdf(NormalQuantile.standard(p)) - p) <= 1e-13 + 1e-12 * p)
        }
    }
}
