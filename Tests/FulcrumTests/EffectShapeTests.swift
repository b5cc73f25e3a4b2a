import Foundation
import Testing
@testable import Fulcrum

/// `once`, `half_life` and `requires_working` against their closed forms.
@Suite struct EffectShapeTests {
    /// Every sample's value of `name` in each period 1...horizon.
    private func path(_ yaml: String, _ name: String, horizon: Int, features: [String], samples: Int = 64) throws -> [[Double]] {
        try (1...horizon).map { try TestSupport.values(yaml, of: [name], period: $0, features: features, samples: samples)[0] }
    }

    @Test func aOneOffDeltaEntersAStockOnceAndIsCarriedForward() throws {
        let yaml = """
            name: once
            horizon: 6
            primary: {metric: customers, aggregate: last}
            inputs: {churn: 0.1, arrivals: 50}
            metrics:
              customers: {formula: "customers[t-1] * (1 - churn) + arrivals", initial: 100}
            features:
              migration:
                effort: 1
                launch: 3
                ramp: 4
                effects:
                  customers: {delta: 1000, once: true}
            """
        let treated = try path(yaml, "customers", horizon: 6, features: ["migration"])
        let untreated = try path(yaml, "customers", horizon: 6, features: [])
        for t in 1...6 {
            // The ramp does not apply to a one-off: all 1,000 arrive in the launch period,
            // then churn erodes them like any other customer.
            let expected = t < 3 ? 0 : 1000 * pow(0.9, Double(t - 3))
            for (a, b) in zip(treated[t - 1], untreated[t - 1]) { #expect(abs(a - b - expected) <= 1e-9 * max(1, a), "period \(t)") }
        }
    }

    @Test func aFadingLiftHalvesEveryHalfLifeAfterFullStrength() throws {
        let yaml = """
            name: fade
            horizon: 8
            primary: {metric: v}
            inputs: {base: 100}
            metrics: {v: base * 1}
            features:
              promo:
                effort: 1
                launch: 2
                ramp: 2
                effects:
                  base: {lift: 10%, half_life: 2}
            """
        let values = try path(yaml, "v", horizon: 8, features: ["promo"], samples: 8)
        for t in 1...8 {
            let ramp = min(1, max(0, Double(t - 2 + 1) / 2))
            let weight = ramp * pow(0.5, Double(max(0, t - 3)) / 2)
            #expect(values[t - 1].allSatisfy { abs($0 - 100 * (1 + 0.1 * weight)) <= 1e-9 }, "period \(t): \(values[t - 1][0])")
        }
    }

    @Test func aFadingDeltaAccumulatesInAStockAsItsClosedForm() throws {
        let yaml = """
            name: fading stock
            horizon: 8
            primary: {metric: customers, aggregate: last}
            inputs: {arrivals: 100}
            metrics:
              customers: {formula: "customers[t-1] + arrivals", initial: 0}
            features:
              campaign: {effort: 1, effects: {customers: {delta: 50, half_life: 2}}}
            """
        let values = try path(yaml, "customers", horizon: 8, features: ["campaign"], samples: 8)
        var expected = 0.0
        for t in 1...8 {
            expected += 100 + 50 * pow(0.5, Double(t - 1) / 2)
            #expect(values[t - 1].allSatisfy { abs($0 - expected) <= 1e-9 * expected }, "period \(t): \(values[t - 1][0]) vs \(expected)")
        }
    }

    static let platform = """
        name: platform
        horizon: 1
        primary: {metric: v}
        inputs: {zero: 0}
        metrics: {v: zero + 0}
        features:
          platform: {effort: 3, success: 0.6, effects: {v: {delta: 10}}}
          addon: {effort: 1, success: 0.5, requires_working: [platform], effects: {v: {delta: 20}}}
          plain_addon: {effort: 1, success: 0.5, requires: [platform], effects: {v: {delta: 20}}}
        """

    @Test func anAddOnWorksOnlyWhereItsPlatformWorks() throws {
        let samples = 20_000
        let both = try TestSupport.values(Self.platform, of: ["v"], features: ["platform", "addon"], samples: samples)[0]
        #expect(Set(both) == [0, 10, 30], "the add-on never works alone: \(Set(both))")
        // The closed-form mixture: 0 w.p. 0.4, 10 w.p. 0.6 x 0.5, 30 w.p. 0.6 x 0.5.
        let mean = both.reduce(0, +) / Double(samples)
        let sd = (0.3 * 100 + 0.3 * 900 - 12.0 * 12.0).squareRoot()
        #expect(abs(mean - 12) <= 4 * sd / Double(samples).squareRoot(), "\(mean)")
        let plain = try TestSupport.values(Self.platform, of: ["v"], features: ["platform", "plain_addon"], samples: samples)[0]
        #expect(plain.contains(20), "plain requires governs shipping only")
        let scenario = try TestSupport.scenario(Self.platform)
        #expect(scenario.feature(withID: "addon")?.requires == ["platform"], "requires_working implies requires")
        #expect(throws: RoadmapError.self) { try Roadmap(["addon"], in: scenario, describedAs: "x") }
    }

    @Test func requiresWorkingIsTransitive() throws {
        let yaml = Self.platform + "\n  extra: {effort: 1, requires_working: [addon], effects: {v: {delta: 100}}}\n"
        let values = try TestSupport.values(yaml, of: ["v"], features: ["platform", "addon", "extra"], samples: 4000)[0]
        #expect(Set(values) == [0, 10, 130], "extra works exactly where addon and platform both do")
    }

    static let mistakes: [(String, String)] = [
        ("{delta: 1, once: yes}", "'once' is true or false, got 'yes'"),
        ("{lift: 1%, half_life: 0}", "'half_life' must be > 0"),
        ("{lift: 1%, half_life: 2, once: true}", "a one-off effect (once: true) does not fade: give 'once' or 'half_life', not both"),
        ("{lift: 1%, halflife: 2}", "unknown key 'halflife' in the effect of 'f' on 'v' (did you mean 'half_life'?)"),
    ]

    @Test(arguments: mistakes.indices)
    func mistakesAreLocated(_ index: Int) throws {
        let (effect, message) = Self.mistakes[index]
        let yaml = "name: x\nhorizon: 3\nprimary: {metric: v}\ninputs: {v: 1}\nfeatures:\n  f: {effort: 1, effects: {v: \(effect)}}\n"
        let errors = TestSupport.loadErrors(yaml, file: "e.yaml")
        #expect(!errors.isEmpty, "accepted \(effect)")
        #expect(errors.contains { $0.hasPrefix("e.yaml:6:") && $0.contains(message) }, "\(errors)")
    }

    @Test func requiresWorkingNamesAFeature() throws {
        let errors = TestSupport.loadErrors("name: x\nhorizon: 3\nprimary: {metric: v}\ninputs: {v: 1}\nfeatures:\n  f: {effort: 1, requires_working: [platfrom], effects: {v: {delta: 1}}}\n  platform: {effort: 1, effects: {v: {delta: 1}}}\n", file: "e.yaml")
        #expect(!errors.isEmpty, "accepted")
        #expect(errors.contains { $0.hasPrefix("e.yaml:6:37: error: feature 'f' requires 'platfrom', which is not a feature (did you mean 'platform'?)") }, "\(errors)")
    }
}
