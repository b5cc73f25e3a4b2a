import Foundation
import Testing
@testable import Fulcrum

@Suite struct RankingTests {
    func rank(_ yaml: String, samples: Int = 4000, seed: UInt64 = 3, threads: Int = 2, criterion: Ranking.Criterion = .contribution,
              roadmap: [String]? = nil, exactShapleyLimit: Int = 10, permutations: Int = 48, file: String = "test.yaml") throws -> Ranking {
        let scenario = try TestSupport.scenario(yaml, file: file)
        let chosen = try roadmap.map { try Roadmap($0, in: scenario, describedAs: "test") }
        return try Ranking.run(try Model(scenario), settings: Ranking.Settings(
            samples: samples, seed: seed, threads: threads, criterion: criterion, roadmap: chosen,
            exactShapleyLimit: exactShapleyLimit, shapleyPermutations: permutations))
    }

    func entry(_ ranking: Ranking, _ id: String) -> Ranking.Entry { ranking.entries.first { $0.id == id }! }

    func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-9) -> Bool { abs(a - b) <= tolerance * max(1, abs(b)) }

    static let additive = """
        name: additive
        horizon: 4
        primary: {metric: total}
        inputs: {base: 100}
        metrics:
          total: base
        features:
          a: {effort: 2, effects: {total: {delta: 10}}}
          b: {effort: 1, launch: 3, effects: {total: {delta: 8}}}
          c: {effort: 4, ramp: 2, effects: {total: {delta: 6}}}
        """

    @Test func additiveContributionsAgreeAcrossStandaloneMarginalAndShapley() throws {
        let ranking = try rank(Self.additive, samples: 512)
        // Summed over 4 periods: a every period, b from period 3, c at half weight in period 1.
        let expected = ["a": 40.0, "b": 16.0, "c": 21.0]
        for (id, value) in expected {
            let e = entry(ranking, id)
            #expect(close(e.standalone.mean, value) && close(e.marginal!.mean, value) && close(e.shapley!.mean, value), "\(id)")
            #expect(e.standalone.sd < 1e-9 && e.standalone.probPositive == 1)
        }
        #expect(ranking.entries.map(\.id) == ["a", "c", "b"])
        #expect(abs(ranking.interaction) < 1e-9)
        #expect(close(entry(ranking, "a").perEffort!, 20))
        let byEffort = try rank(Self.additive, samples: 512, criterion: .perEffort)
        #expect(byEffort.entries.map(\.id) == ["a", "b", "c"])
    }

    @Test func multiplicativeDriversShareTheirInteraction() throws {
        let ranking = try rank("""
            name: multiplicative
            horizon: 1
            primary: {metric: revenue}
            inputs: {traffic: 1000, conversion: 0.1}
            metrics:
              revenue: traffic * conversion * 50
            features:
              more_traffic: {effort: 1, effects: {traffic: {lift: 20%}}}
              better_conversion: {effort: 1, effects: {conversion: {lift: 50%}}}
            """, samples: 256)
        let base = 1000 * 0.1 * 50.0
        let traffic = entry(ranking, "more_traffic"), conversion = entry(ranking, "better_conversion")
        #expect(close(traffic.standalone.mean, base * 0.2) && close(conversion.standalone.mean, base * 0.5))
        #expect(close(traffic.marginal!.mean, base * 1.5 * 0.2) && close(conversion.marginal!.mean, base * 1.2 * 0.5))
        // Shapley splits the interaction base * 0.2 * 0.5 equally.
        #expect(close(traffic.shapley!.mean, base * (0.2 + 0.05)) && close(conversion.shapley!.mean, base * (0.5 + 0.05)))
        #expect(close(ranking.interaction, base * 0.1))
        #expect(ranking.shapleyResidual < 1e-12)
        let notes = RankingReport.notes(ranking, decimals: 0).joined(separator: " ")
        #expect(notes.contains("Features interact"))
    }

    @Test func requirementsEnterStandaloneAndDependentsLeaveWithTheirPrerequisite() throws {
        let ranking = try rank("""
            name: requirements
            horizon: 1
            primary: {metric: v}
            inputs: {base: 100}
            metrics: {v: base}
            features:
              platform: {effort: 5, effects: {v: {delta: 1}}}
              app: {effort: 2, requires: [platform], effects: {v: {delta: 10}}}
              other: {effort: 1, effects: {v: {lift: 10%}}}
            """, samples: 256)
        // app with platform versus platform alone: (100 + 11) - (100 + 1).
        #expect(close(entry(ranking, "app").standalone.mean, 10))
        // Removing platform from the roadmap also removes app: (111 * 1.1) - (100 * 1.1).
        #expect(close(entry(ranking, "platform").marginal!.mean, 11 * 1.1))
        #expect(close(entry(ranking, "app").marginal!.mean, 10 * 1.1))
        // Without platform, app cannot work: the Shapley values still add up.
        let shapleys = ranking.entries.compactMap { $0.shapley?.mean }
        #expect(close(shapleys.reduce(0, +), 111 * 1.1 - 100))
    }

    @Test func probabilityOfBeingTopMatchesTheNormalDistributionOfTheDifference() throws {
        let ranking = try rank("""
            name: race
            horizon: 1
            primary: {metric: v}
            inputs: {base: 0}
            metrics: {v: base}
            features:
              steady: {effort: 1, effects: {v: {delta: normal(10, 3)}}}
              bold: {effort: 1, effects: {v: {delta: normal(9, 4)}}}
            """, samples: 40_000)
        let expected = NormalQuantile.cdf(1 / 5)
        let standardError = (expected * (1 - expected) / 40_000).squareRoot()
        #expect(abs(entry(ranking, "steady").probTop - expected) <= 4 * standardError)
        #expect(abs(entry(ranking, "steady").probTop + entry(ranking, "bold").probTop - 1) < 1e-12)
        #expect(entry(ranking, "steady").rankLow == 1 && entry(ranking, "steady").rankHigh == 2)
        #expect(ranking.separations.isEmpty, "1 vs 0.2 sd per sample is separated at 40,000 samples")
    }

    @Test func closeNeighboursGetAdviceOnSamplesNeeded() throws {
        let ranking = try rank("""
            name: close race
            horizon: 1
            primary: {metric: v}
            inputs: {base: 0}
            metrics: {v: base}
            features:
              first: {effort: 1, effects: {v: {delta: normal(10.02, 3)}}}
              second: {effort: 1, effects: {v: {delta: normal(10, 3)}}}
            """, samples: 2000)
        let advice = try #require(ranking.separations.first)
        #expect(advice.z < 2)
        #expect(try #require(advice.samplesNeeded) > 2000)
    }

    @Test func contributionsEqualDifferencesOfSeparateSimulationsOnTheSameDraws() throws {
        let yaml = try String(contentsOfFile: ScenarioFiles.directory + "/online-store.yaml", encoding: .utf8)
        let ranking = try rank(yaml, samples: 3000, seed: 5)
        let baseline = try TestSupport.simulate(yaml, samples: 3000, seed: 5)
        for id in ["one_click_checkout", "loyalty_program", "seo_content_hub"] {
            let alone = try TestSupport.simulate(yaml, features: [id], samples: 3000, seed: 5)
            #expect(close(entry(ranking, id).standalone.mean, alone.primary.mean - baseline.primary.mean, 1e-9), "\(id)")
        }
        let everything = try TestSupport.simulate(yaml, features: ranking.roadmap.features, samples: 3000, seed: 5)
        #expect(close(ranking.uplift.mean, everything.primary.mean - baseline.primary.mean, 1e-9))
        #expect(ranking.leftOut == ["free_shipping_threshold"])
        #expect(ranking.shapleyResidual < 1e-9)
    }

    @Test func sampledOrderingsAgreeWithExactShapleyWithinTheirStandardError() throws {
        let yaml = try String(contentsOfFile: ScenarioFiles.directory + "/subscription-app.yaml", encoding: .utf8)
        let exact = try rank(yaml, samples: 2000)
        let sampled = try rank(yaml, samples: 2000, exactShapleyLimit: 0, permutations: 24)
        #expect(sampled.shapleyMethod == .permutations(24))
        #expect(sampled.shapleyResidual < 1e-9, "sampled orderings still add up in every sample")
        for e in exact.entries {
            guard let truth = e.shapley, let estimate = entry(sampled, e.id).shapley else { continue }
            #expect(abs(estimate.mean - truth.mean) <= 4 * estimate.mcse + 1e-9 * abs(truth.mean), "\(e.id)")
        }
    }

    /// 30 features whose effects add up: every ordering gives each feature its standalone
    /// contribution in every sample, so the sampled Shapley values (each ordering on its own
    /// share of the blocks) must equal the standalone means, and add up to the uplift.
    @Test func sampledOrderingsOfAnAdditiveRoadmapGiveTheStandaloneValues() throws {
        let features = (0..<30).map { "  f\($0): {effort: 1, effects: {total: {delta: normal(\($0 + 1), 2)}}}" }
        let yaml = "name: wide\nhorizon: 3\nprimary: {metric: total}\ninputs: {base: normal(100, 5)}\nmetrics:\n  total: base\nfeatures:\n"
            + features.joined(separator: "\n") + "\n"
        let ranking = try rank(yaml, samples: 30_000)
        #expect(ranking.shapleyMethod == .permutations(48))
        #expect(ranking.shapleyResidual < 1e-9)
        var sum = 0.0
        for e in ranking.entries {
            let shapley = try #require(e.shapley)
            sum += shapley.mean
            #expect(abs(shapley.mean - e.standalone.mean) <= 1e-9 * abs(e.standalone.mean), "\(e.id)")
        }
        #expect(close(sum, ranking.uplift.mean, 1e-12))
    }

    /// Interacting features (lifts on one driver multiply): sampled values agree with the
    /// exact ones within four of their standard errors, which count the orderings' spread.
    @Test func sampledOrderingsOfInteractingFeaturesAgreeWithExactValues() throws {
        let features = (0..<9).map { "  f\($0): {effort: 1, launch: \($0 % 3 + 1), effects: {total: {lift: normal(0.\($0 + 1), 0.05)}}}" }
        let yaml = "name: lifts\nhorizon: 4\nprimary: {metric: total}\ninputs: {base: normal(100, 5)}\nmetrics:\n  total: base\nfeatures:\n"
            + features.joined(separator: "\n") + "\n"
        let exact = try rank(yaml, samples: 40_000)
        let sampled = try rank(yaml, samples: 40_000, exactShapleyLimit: 0)
        #expect(exact.shapleyMethod == .exact && sampled.shapleyMethod == .permutations(48))
        #expect(sampled.shapleyResidual < 1e-9)
        for e in exact.entries {
            let truth = try #require(e.shapley), estimate = try #require(entry(sampled, e.id).shapley)
            #expect(estimate.mcse > 0)
            #expect(abs(estimate.mean - truth.mean) <= 4 * estimate.mcse, "\(e.id): \(estimate.mean) vs \(truth.mean) ± \(estimate.mcse)")
        }
        let one = RankingReport.render(try rank(yaml, samples: 6000, threads: 1, criterion: .shapley, exactShapleyLimit: 0), as: .json)
        let two = RankingReport.render(try rank(yaml, samples: 6000, threads: 2, criterion: .shapley, exactShapleyLimit: 0), as: .json)
        #expect(one == two, "sampled orderings give the same numbers at any thread count")
    }

    @Test func identicalAtOneAndTwoThreads() throws {
        let path = ScenarioFiles.directory + "/b2b-saas.yaml"
        let yaml = try String(contentsOfFile: path, encoding: .utf8)
        let one = RankingReport.render(try rank(yaml, samples: 3000, threads: 1, file: path), as: .json)
        let two = RankingReport.render(try rank(yaml, samples: 3000, threads: 2, file: path), as: .json)
        #expect(one == two)
    }

    @Test func pointScoresUseMeansAndFullEffect() throws {
        let ranking = try rank("""
            name: points
            horizon: 4
            primary: {metric: v}
            inputs: {base: uniform(50, 150)}
            metrics: {v: base}
            features:
              late: {effort: 2, launch: 3, success: 0.5, effects: {v: {lift: normal(0.1, 0.05)}}}
            """, samples: 256)
        let point = entry(ranking, "late").pointScore
        #expect(close(point.impact, 4 * 100 * 0.1) && close(point.timedImpact, 2 * 100 * 0.1))
        #expect(close(point.score!, 40 * 0.5 / 2))
    }

    /// Ranked by Shapley value, a feature left out of the roadmap (it excludes one inside)
    /// has none and must rank last in every sample, never first.
    @Test func aFeatureOutsideTheRoadmapRanksLastByShapleyValue() throws {
        let yaml = try String(contentsOfFile: ScenarioFiles.directory + "/subscription-app.yaml", encoding: .utf8)
        let ranking = try rank(yaml, samples: 2000, criterion: .shapley)
        let outside = entry(ranking, "premium_tier")
        #expect(outside.shapley == nil)
        #expect(outside.rank == ranking.entries.count && outside.rankLow == ranking.entries.count && outside.rankHigh == ranking.entries.count)
        #expect(outside.probTop == 0)
    }

    /// Counting ranks by sorting each sample's values (many candidates) gives exactly the
    /// counts of comparing every pair: ties within 1e-9, −∞, huge and negative values.
    @Test func sortedAndPairwiseRankCountsAgree() {
        var stream = RandomStream(generator: Philox(seed: 9), sample: 0, variable: 1)
        for (k, n) in [(1, 5), (2, 64), (7, 33), (40, 50)] {
            let values: [Double] = (0..<(k * n)).map { _ in
                switch Int(stream.nextUniform() * 10) {
                case 0: -.infinity
                case 1: 1.0
                case 2: 1.0 + 1e-12
                case 3: .greatestFiniteMagnitude
                case 4: -.greatestFiniteMagnitude
                default: (stream.nextUniform() * 2000 - 1000).rounded()
                }
            }
            var (pairwise, sorted) = ([Int](repeating: 0, count: k * k), [Int](repeating: 0, count: k * k))
            values.withUnsafeBufferPointer { v in
                RankingPass.countRanks(v, candidates: k, count: n, sorting: false, into: &pairwise)
                RankingPass.countRanks(v, candidates: k, count: n, sorting: true, into: &sorted)
            }
            #expect(pairwise == sorted, "\(k) candidates")
            #expect(pairwise.reduce(0, +) == k * n)
        }
    }

    /// A sampled ordering's prefixes, built on positions, are the roadmaps `active` gives for
    /// the same features: in every order of a requirement chain that skips a feature.
    @Test func orderingPrefixesKeepOnlyFeaturesWhosePrerequisitesAreIn() throws {
        let scenario = try TestSupport.scenario("""
            name: chain
            horizon: 2
            primary: {metric: total}
            inputs: {base: 100}
            metrics:
              total: base
            features:
              a: {effort: 1, effects: {total: {delta: 1}}}
              b: {effort: 1, requires: [a], effects: {total: {delta: 2}}}
              c: {effort: 1, requires: [b], effects: {total: {delta: 3}}}
              d: {effort: 1, requires: [a, c], effects: {total: {delta: 4}}}
              e: {effort: 1, effects: {total: {delta: 5}}}
            """)
        let members = ["a", "b", "d", "e", "c"]
        func orderings(_ rest: [Int]) -> [[Int]] {
            rest.isEmpty ? [[]] : rest.indices.flatMap { i in orderings(Array(rest[..<i] + rest[(i + 1)...])).map { [rest[i]] + $0 } }
        }
        let all = orderings(Array(members.indices))
        #expect(all.count == 120)
        for order in all {
            let expected = (0...order.count).map { Ranking.active(Set(order.prefix($0).map { members[$0] }), in: scenario) }
            #expect(Ranking.activePrefixes(of: order, members: members, in: scenario) == expected, "order \(order)")
        }
        let dFirst = Ranking.activePrefixes(of: [2, 0, 1, 3, 4], members: members, in: scenario)
        #expect(dFirst.map(\.features) == [[], [], ["a"], ["a", "b"], ["a", "b", "e"], ["a", "b", "c", "d", "e"]])
    }
}
