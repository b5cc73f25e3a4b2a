import Foundation
import Testing
@testable import Fulcrum

/// Segments: a two-market model is the model a user would otherwise copy by hand.
@Suite struct SegmentTests {
    /// Deterministic inputs, so the two models must agree to rounding in every period.
    static let segmented = """
        name: two markets
        horizon: 8
        primary: {metric: revenue, aggregate: sum}
        segments:
          market: [home, de]
        inputs:
          traffic: {home: 1000, de: 300}
          conversion: 0.05
          churn: {home: 0.1, default: 0.2}
          open: {home: 1, de: 0}
          aov: {home: 40, de: 55}
        metrics:
          orders: traffic * conversion * open
          customers: {formula: "customers[t-1] * (1 - churn) + orders", initial: {home: 500, de: 0}}
          revenue: sum(customers * aov) + customers[de, t-1] * 0
          de_share: customers[de] / sum(customers)
          average_aov: mean(aov)
        features:
          de_launch: {effort: 3, launch: 4, effects: {"open[de]": {delta: 1}}}
          checkout: {effort: 2, launch: 2, ramp: 2, effects: {traffic: {lift: 10%}}}
          migration: {effort: 1, launch: 5, effects: {"customers[de]": {delta: 200, once: true}}}
        """

    static let handFlattened = """
        name: two markets
        horizon: 8
        primary: {metric: revenue, aggregate: sum}
        inputs:
          traffic_home: 1000
          traffic_de: 300
          conversion: 0.05
          churn_home: 0.1
          churn_de: 0.2
          open_home: 1
          open_de: 0
          aov_home: 40
          aov_de: 55
        metrics:
          orders_home: traffic_home * conversion * open_home
          orders_de: traffic_de * conversion * open_de
          customers_home: {formula: "customers_home[t-1] * (1 - churn_home) + orders_home", initial: 500}
          customers_de: {formula: "customers_de[t-1] * (1 - churn_de) + orders_de", initial: 0}
          revenue: customers_home * aov_home + customers_de * aov_de + customers_de[t-1] * 0
          de_share: customers_de / (customers_home + customers_de)
          average_aov: (aov_home + aov_de) / 2
        features:
          de_launch: {effort: 3, launch: 4, effects: {open_de: {delta: 1}}}
          checkout: {effort: 2, launch: 2, ramp: 2, effects: {traffic_home: {lift: 10%}, traffic_de: {lift: 10%}}}
          migration: {effort: 1, launch: 5, effects: {customers_de: {delta: 200, once: true}}}
        """

    static let pairs = [("orders[home]", "orders_home"), ("orders[de]", "orders_de"), ("customers[home]", "customers_home"),
                        ("customers[de]", "customers_de"), ("revenue", "revenue"), ("de_share", "de_share"), ("average_aov", "average_aov")]

    @Test(arguments: [[], ["de_launch"], ["checkout", "migration"], ["de_launch", "checkout", "migration"]])
    func aTwoMarketModelEqualsItsHandFlattenedCopy(_ features: [String]) throws {
        let flatFeatures = features
        for t in 1...8 {
            let a = try TestSupport.values(Self.segmented, of: Self.pairs.map(\.0), period: t, features: features, samples: 4)
            let b = try TestSupport.values(Self.handFlattened, of: Self.pairs.map(\.1), period: t, features: flatFeatures, samples: 4)
            for (index, pair) in Self.pairs.enumerated() {
                for (x, y) in zip(a[index], b[index]) where !(x.isNaN && y.isNaN) {
                    #expect(abs(x - y) <= 1e-9 * max(1, abs(y)), "\(pair.0) in period \(t) with \(features): \(x) vs \(y)")
                }
            }
        }
        let rankA = try Ranking.run(try Model(TestSupport.scenario(Self.segmented)), settings: .init(samples: 64, seed: 1, threads: 2))
        let rankB = try Ranking.run(try Model(TestSupport.scenario(Self.handFlattened)), settings: .init(samples: 64, seed: 1, threads: 2))
        for entry in rankA.entries {
            let other = try #require(rankB.entries.first { $0.id == entry.id })
            #expect(abs(entry.standalone.mean - other.standalone.mean) <= 1e-9 * max(1, abs(other.standalone.mean)), "\(entry.id)")
            #expect(abs((entry.shapley?.mean ?? 0) - (other.shapley?.mean ?? 0)) <= 1e-9 * max(1, abs(other.standalone.mean)), "\(entry.id)")
        }
    }

    /// Random per-market inputs against the closed form: E[sum of traffic x price].
    @Test func randomSegmentsAgreeWithTheClosedForm() throws {
        let yaml = """
            name: random
            horizon: 1
            primary: {metric: revenue}
            segments:
              market: [home, de, fr]
            inputs:
              traffic: {home: normal(1000, 100), de: normal(300, 60), fr: uniform(100, 300)}
              price: {home: 2, default: 3}
            metrics:
              revenue: sum(traffic * price)
            """
        let samples = 40_000
        let simulation = try TestSupport.simulate(yaml, samples: samples)
        let mean: Double = 2000 + 900 + 600
        let variance: Double = 40_000 + 32_400 + 30_000
        let sd = variance.squareRoot()
        #expect(abs(simulation.primary.mean - mean) <= 4 * sd / Double(samples).squareRoot(), "\(simulation.primary.mean) vs \(mean)")
        #expect(abs(simulation.primary.sd - sd) <= 0.03 * sd, "\(simulation.primary.sd) vs \(sd)")
    }

    /// Random per-market inputs, a stock per market, a launch and a ramp: the segmented model
    /// against an independent NumPy implementation written market by market
    /// (`Tests/Peers/two_markets.py`), within 4 standard errors of the difference.
    @Test func randomSegmentsAgreeWithANumPyPeer() throws {
        let yaml = """
            name: two markets, random
            horizon: 8
            primary: {metric: revenue, aggregate: sum}
            segments:
              market: [home, de]
            inputs:
              traffic: {home: normal(1000, 100), de: uniform(200, 400)}
              conversion: beta(mean=0.05, sd=0.01)
              churn: {home: 0.1, de: 0.2}
              open: {home: 1, de: 0}
              aov: {home: uniform(40, 60), de: normal(55, 5)}
            metrics:
              orders: traffic * conversion * open
              customers: {formula: "customers[t-1] * (1 - churn) + orders", initial: {home: 500, de: 0}}
              revenue: sum(customers * aov)
            features:
              de_launch: {effort: 3, launch: 4, effects: {"open[de]": {delta: 1}}}
              checkout: {effort: 2, launch: 2, ramp: 2, effects: {traffic: {lift: 10%}}}
            """
        let fulcrum = try TestSupport.simulate(yaml, features: ["de_launch", "checkout"], samples: 40_000).primary
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Peers/two_markets.py").path
        let peer = try Binary.launch(URL(fileURLWithPath: "/usr/bin/env"), ["python3", script, "200000", "11"])
        #expect(peer.status == 0, "\(peer.stderr)")
        let result = try JSONSerialization.jsonObject(with: Data(peer.stdout.utf8)) as! [String: Double]
        let (mean, sd) = (result["mean"]!, result["sd"]!)
        let error = (fulcrum.mcse * fulcrum.mcse + sd * sd / 200_000).squareRoot()
        #expect(abs(fulcrum.mean - mean) <= 4 * error, "Fulcrum \(fulcrum.mean) ± \(fulcrum.mcse), NumPy \(mean)")
        #expect(abs(fulcrum.sd - sd) <= 0.03 * sd, "sd: Fulcrum \(fulcrum.sd), NumPy \(sd)")
    }

    @Test func segmentsCanBeCorrelatedAndEachDrawsItsOwn() throws {
        let yaml = """
            name: correlated
            horizon: 1
            primary: {metric: total}
            segments:
              market: [home, de]
            inputs:
              traffic: {home: normal(100, 10), de: normal(100, 10)}
              noise: {home: normal(0, 1), default: normal(0, 1)}
            correlations:
              - [traffic[home], traffic[de], 0.8]
            metrics:
              total: sum(traffic + noise)
            """
        let values = try TestSupport.values(yaml, of: ["traffic[home]", "traffic[de]", "noise[home]", "noise[de]"], samples: 8000)
        #expect(abs(TestSupport.spearman(values[0], values[1]) - 0.8) < 0.03)
        #expect(abs(TestSupport.spearman(values[2], values[3])) < 0.05, "a default gives each segment its own draw")
    }

    /// Two dimensions: a value that varies along both, reduced along one.
    @Test func twoDimensionsReduceAlongOneOrBoth() throws {
        let yaml = """
            name: grid
            horizon: 1
            primary: {metric: everything}
            segments:
              market: [home, de]
              channel: [web, app]
            inputs:
              visits: {home: {web: 1, app: 2}, de: {web: 10, app: 20}}
            metrics:
              by_market: sum(visits, channel)
              by_channel: sum(visits, market)
              everything: sum(visits)
              app_share: visits[app] / by_market
            """
        let names = ["by_market[home]", "by_market[de]", "by_channel[web]", "by_channel[app]", "everything", "app_share[de]"]
        let values = try TestSupport.values(yaml, of: names, samples: 2).map { $0[0] }
        #expect(values == [3, 30, 11, 22, 33, 20.0 / 30])
    }

    @Test func anEffectOnEverySegmentSharesOneDraw() throws {
        let yaml = """
            name: shared
            horizon: 1
            primary: {metric: total}
            segments:
              market: [home, de]
            inputs:
              traffic: {home: 1000, de: 300}
            metrics:
              total: sum(traffic)
            features:
              seo: {effort: 1, effects: {traffic: {lift: normal(0.1, 0.05)}}}
            """
        let values = try TestSupport.values(yaml, of: ["traffic[home]", "traffic[de]"], features: ["seo"], samples: 500)
        let ratios = zip(values[0], values[1]).map { ($0 / 1000) / ($1 / 300) }
        #expect(ratios.allSatisfy { abs($0 - 1) < 1e-12 }, "one lift per sample, applied to both markets")
        #expect(Set(values[0]).count > 400, "and a different lift in each sample")
        let factors = UncertainFactor.factors(of: try Model(TestSupport.scenario(yaml)), for: [try Roadmap(["seo"], in: TestSupport.scenario(yaml), describedAs: "x")])
        #expect(factors.map(\.name) == ["seo.traffic"] && factors[0].slots.count == 2)
    }

    @Test func outputsAndOptionsNameSegments() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fulcrum-segments-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("s.yaml").path
        try Self.segmented.write(toFile: path, atomically: true, encoding: .utf8)
        let json = try Binary.run(["simulate", path, "--features", "de_launch", "--samples", "16", "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        let metrics = try #require(((object["periods"] as? [[String: Any]])?.last?["metrics"]) as? [String: Any])
        #expect(metrics["orders[de]"] != nil && metrics["customers[home]"] != nil)
        let set = try Binary.run(["simulate", path, "--features", "de_launch", "--samples", "16", "--format", "json", "--set", "traffic[de]=0"])
        let zeroed = try JSONSerialization.jsonObject(with: Data(set.stdout.utf8)) as! [String: Any]
        let last = try #require(((zeroed["periods"] as? [[String: Any]])?.last?["metrics"]) as? [String: [String: Double]])
        #expect(last["orders[de]"]?["mean"] == 0 && (last["orders[home]"]?["mean"] ?? 0) > 0)
        let validate = try Binary.run(["validate", path])
        #expect(validate.stdout.contains("segments: market: home, de"))
        let stress = try Binary.run(["stress", path, "--samples", "200", "--target", "1", "--shock", "traffic=-10%", "--shock", "checkout.traffic=-50%"])
        #expect(stress.status == 0, "\(stress.stderr)")
    }

    static let mistakes: [(String, String)] = [
        ("inputs:\n  x: {home: 1, fr: 2}\nmetrics:\n  v: sum(x)", "s.yaml:7:16: error: input 'x': 'fr' is not a market segment"),
        ("inputs:\n  x: {home: 1}\nmetrics:\n  v: sum(x)", "s.yaml:7:6: error: input 'x' gives no value for market 'de': give every segment, or a 'default'"),
        ("inputs:\n  x: 1\nmetrics:\n  v: sum(x)", "s.yaml:9:6: error: sum(...) of a value that does not vary by segment"),
        ("inputs:\n  x: {home: 1, de: 2}\nmetrics:\n  v: sum(x[fr])", "s.yaml:9:10: error: 'fr' in x[fr] is not a segment"),
        ("inputs:\n  x: 1\nmetrics:\n  v: x[de]", "s.yaml:9:6: error: 'x' does not vary by segment, so x[de] names nothing: read 'x'"),
        ("inputs:\n  home: 1\nmetrics:\n  v: home", "'home' names both a segment or dimension and an input or metric"),
        ("inputs:\n  x: {home: 1, de: 2}\nmetrics:\n  v: sum(x, channel)", "s.yaml:9:13: error: the second argument of sum names a dimension: market"),
        ("inputs:\n  x: {home: 1, de: 2}\nmetrics:\n  v: x * 2\nfeatures:\n  f: {effort: 1, effects: {\"v[fr]\": {delta: 1}}}", "error: 'fr' in v[fr] is not a segment"),
        ("inputs:\n  x: {home: 1, de: 2}\nmetrics:\n  v: sum(x)\nfeatures:\n  f: {effort: 1, effects: {v: {delta: x}}}", "the effect of 'f' on 'v' reads 'x', which varies by market, where no market is known"),
        ("inputs:\n  x: {home: 1, de: 2}\nmetrics:\n  v: x[de t-1]", "expected ',' or ']' after the segment 'de'"),
    ]

    @Test(arguments: mistakes.indices)
    func mistakesAreLocated(_ index: Int) throws {
        let (body, message) = Self.mistakes[index]
        let errors = TestSupport.loadErrors("name: x\nhorizon: 3\nprimary: {metric: v}\nsegments:\n  market: [home, de]\n" + body + "\n", file: "s.yaml")
        #expect(!errors.isEmpty, "accepted \(body)")
        #expect(errors.contains { $0.contains(message) }, "\(errors)")
    }

    /// Three dimensions of thirty segments would flatten into 27,000 nodes of one input.
    @Test func tooManySegmentsAreRefusedBeforeAnythingIsBuilt() throws {
        let segments = (0..<30).map { "s\($0)" }
        let names = (0..<3).map { d in segments.map { "\($0)_\(d)" } }
        let yaml = "name: x\nhorizon: 1\nprimary: {metric: v}\nsegments:\n"
            + (0..<3).map { "  d\($0): [\(names[$0].joined(separator: ", "))]" }.joined(separator: "\n")
            + "\ninputs:\n  x: {\(names[0][0]): 1, default: 2}\n  y: {\(names[1][0]): 1, default: 2}\n  z: {\(names[2][0]): 1, default: 2}\n"
            + "metrics:\n  w: x * y * z\n  v: sum(w)\n"
        let errors = TestSupport.loadErrors(yaml, file: "s.yaml")
        #expect(!errors.isEmpty, "accepted")
        #expect(errors.contains { $0.contains("s.yaml:5:3: error: the segments make 27091 inputs and metrics, more than 20000") }, "\(errors.prefix(3))")
    }

    @Test func aGoalIsOneNumber() throws {
        let errors = TestSupport.loadErrors("name: x\nhorizon: 3\nprimary: {metric: x}\nsegments:\n  market: [home, de]\ninputs:\n  x: {home: 1, de: 2}\n", file: "s.yaml")
        #expect(!errors.isEmpty, "accepted")
        #expect(errors.contains { $0.hasPrefix("s.yaml:3:19: error: the primary names 'x', which varies by segment: a goal is one number") }, "\(errors)")
        let one = try ScenarioLoader.load(text: "name: x\nhorizon: 3\nprimary: {metric: \"x[de]\"}\nsegments:\n  market: [home, de]\ninputs:\n  x: {home: 1, de: 2}\n", file: "s.yaml")
        #expect(one.primary.metric == "x[de]")
    }

    @Test func reductionsNeedSegments() throws {
        let errors = TestSupport.loadErrors("name: x\nhorizon: 3\nprimary: {metric: v}\ninputs: {x: 1}\nmetrics:\n  v: sum(x)\n", file: "s.yaml")
        #expect(!errors.isEmpty, "accepted")
        #expect(errors.contains { $0.hasPrefix("s.yaml:6:6: error: sum(...) adds up a value over segments, and the scenario declares no 'segments'") }, "\(errors)")
    }
}
