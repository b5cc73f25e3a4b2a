import Foundation
import Testing
@testable import Fulcrum

/// Inputs written as lists: one value per period, element ((t - 1) mod count) + 1.
@Suite struct SeriesTests {
    static let series = """
        name: seasons
        horizon: 7
        primary: {metric: sales, aggregate: sum}
        inputs:
          base: 100
          seasonality: [0.9, 1.0, "1.3 * base / 100"]
        metrics:
          sales: base * seasonality
        features:
          promo: {effort: 1, launch: 2, ramp: 2, effects: {seasonality: {lift: 10%}}}
        """

    /// The same model with the series spelled out as `if(t == ...)`.
    static let spelledOut = """
        name: seasons
        horizon: 7
        primary: {metric: sales, aggregate: sum}
        inputs:
          base: 100
          first: 0.9
          second: 1.0
          third: 1.3 * base / 100
        metrics:
          seasonality: "if(t == 1 or t == 4 or t == 7, first, if(t == 2 or t == 5, second, third))"
          sales: base * seasonality
        features:
          promo: {effort: 1, launch: 2, ramp: 2, effects: {seasonality: {lift: 10%}}}
        """

    @Test func aSeriesEqualsTheSameModelWrittenWithIf() throws {
        for features in [[], ["promo"]] {
            for t in 1...7 {
                let a = try TestSupport.values(Self.series, of: ["sales"], period: t, features: features, samples: 16)[0]
                let b = try TestSupport.values(Self.spelledOut, of: ["sales"], period: t, features: features, samples: 16)[0]
                for (x, y) in zip(a, b) { #expect(abs(x - y) <= 1e-9 * abs(y), "period \(t) \(features): \(x) vs \(y)") }
            }
            let a = try TestSupport.simulate(Self.series, features: features, samples: 64).primary.mean
            let b = try TestSupport.simulate(Self.spelledOut, features: features, samples: 64).primary.mean
            #expect(abs(a - b) <= 1e-9 * b)
        }
        let ranking = try Ranking.run(try Model(TestSupport.scenario(Self.series)), settings: .init(samples: 256, seed: 1, threads: 2))
        let spelled = try Ranking.run(try Model(TestSupport.scenario(Self.spelledOut)), settings: .init(samples: 256, seed: 1, threads: 2))
        #expect(abs(ranking.entries[0].standalone.mean - spelled.entries[0].standalone.mean) <= 1e-9 * spelled.entries[0].standalone.mean)
    }

    @Test func eachRandomElementIsItsOwnVariableAndRepeats() throws {
        let yaml = """
            name: random
            horizon: 6
            primary: {metric: v}
            inputs:
              s: [normal(1, 0.1), normal(1, 0.1), 2]
            metrics:
              v: s * 1
            """
        let periods = try (1...6).map { try TestSupport.values(yaml, of: ["v"], period: $0, samples: 2000)[0] }
        #expect(periods[0] == periods[3] && periods[1] == periods[4], "element k returns every 3 periods")
        #expect(periods[0] != periods[1], "two random elements are two random variables")
        #expect(periods[2].allSatisfy { $0 == 2 } && periods[5].allSatisfy { $0 == 2 })
        let mean = periods[0].reduce(0, +) / 2000
        #expect(abs(mean - 1) <= 4 * 0.1 / 2000.0.squareRoot())
        let factors = UncertainFactor.factors(of: try Model(TestSupport.scenario(yaml)), for: [.baseline]).map(\.name)
        #expect(factors == ["s[1]", "s[2]"], "random elements are uncertainties of their own: \(factors)")
    }

    @Test func aShockMovesEveryElement() throws {
        let model = try Model(TestSupport.scenario(Self.series))
        let slots = try StressTest.slots(for: "seasonality", in: model)
        #expect(slots.count == 3 && Set(slots) == Set(model.seriesElements.map(\.slot)))
    }

    static let mistakes: [(String, String)] = [
        ("inputs:\n  s: []\n  x: 1\nmetrics:\n  v: x", "m.yaml:5:6: error: input 's' is an empty list"),
        ("inputs:\n  s: [1, 2]\n  x: s * 2\nmetrics:\n  v: x", "m.yaml:6:6: error: input 'x' cannot use 's': it is a series, one value per period"),
        ("inputs:\n  s: [1, normal(1, )]\nmetrics:\n  v: s", "m.yaml:5:20: error: in element 2 of input 's'"),
        ("inputs:\n  s: [1, 2]\n  x: normal(0, 1)\ncorrelations:\n  - [s, x, 0.5]\nmetrics:\n  v: s + x", "input 's' is a series; correlate inputs drawn once per sample"),
        ("inputs:\n  s: [1, 2]\nmetrics:\n  v: s\nfeatures:\n  f: {effort: 1, effects: {v: {delta: s}}}", "the effect of 'f' on 'v' cannot use 's': it is a series"),
    ]

    @Test(arguments: mistakes.indices)
    func mistakesAreLocated(_ index: Int) throws {
        let (body, message) = Self.mistakes[index]
        let errors = TestSupport.loadErrors("name: x\nhorizon: 3\nprimary: {metric: v}\n" + body + "\n", file: "m.yaml")
        #expect(!errors.isEmpty, "accepted \(body)")
        #expect(errors.contains { $0.contains(message) }, "\(errors)")
    }
}
