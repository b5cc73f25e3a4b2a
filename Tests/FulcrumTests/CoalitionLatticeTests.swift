import Foundation
import Testing
@testable import Fulcrum

/// The lattice must give the chained plans' numbers: it only skips recomputing versions of
/// a node that are already known. Chained plans apply a new feature's effects on top of the
/// reference's treated value where they can, so the two agree to rounding, not bit for bit.
@Suite struct CoalitionLatticeTests {
    /// Every subset of the first `limit` features that can work, plus each feature alone.
    func roadmaps(of scenario: Scenario, limit: Int) -> [Roadmap] {
        let ids = scenario.features.map(\.id)
        let first = Array(ids.prefix(limit))
        let subsets = (0..<(1 << first.count)).map { mask in
            Ranking.active(Set(first.indices.filter { mask & 1 << $0 != 0 }.map { first[$0] }), in: scenario)
        }
        return subsets + ids.map { Ranking.active(Roadmap.requirementClosure(of: [$0], in: scenario), in: scenario) }
    }

    func expectSameAsChained(_ scenario: Scenario, limit: Int, samples: Int) throws {
        let model = try Model(scenario)
        let wanted = roadmaps(of: scenario, limit: limit)
        let lattice = PlanSchedule(wanted, model: model)
        let chained = PlanSchedule(wanted, model: model, sharingVersions: false)
        #expect(lattice.lattice != nil && chained.lattice == nil)
        let (a, b) = (try TestSupport.aggregates(model, lattice, wanted, samples: samples, seed: 11),
                      try TestSupport.aggregates(model, chained, wanted, samples: samples, seed: 11))
        #expect(a.count == wanted.count && a.allSatisfy { $0.count == samples })
        let mismatched = zip(a, b).map { zip($0, $1).filter { abs($0 - $1) > 1e-12 * max(abs($0), abs($1)) }.count }.reduce(0, +)
        #expect(mismatched == 0, "\(scenario.name): \(mismatched) aggregates differ")
    }

    @Test(arguments: ["online-store", "subscription-app", "b2b-saas", "marketplace-new-market"])
    func shippedScenariosGiveIdenticalAggregates(name: String) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scenarios/\(name).yaml")
        let scenario = try ScenarioLoader.load(text: String(contentsOf: url, encoding: .utf8), file: url.path)
        try expectSameAsChained(scenario, limit: 6, samples: 700)
    }

    /// A one-off into a stock keeps mattering after its weight is 0 again: the lattice must
    /// carry the feature's version forward, as the chain does.
    @Test func oneOffFadingAndDependentSuccessGiveIdenticalAggregates() throws {
        let scenario = try TestSupport.scenario("""
            name: shapes
            horizon: 8
            primary: {metric: customers, aggregate: sum}
            inputs: {arrivals: normal(100, 10), churn: 0.1}
            metrics:
              customers: {formula: "customers[t-1] * (1 - churn) + arrivals", initial: 500, bounds: [0, 1600]}
            features:
              migration: {effort: 1, launch: 3, effects: {customers: {delta: 1000, once: true}}}
              promo: {effort: 1, launch: 2, ramp: 2, effects: {arrivals: {lift: 20%, half_life: 2}}}
              platform: {effort: 2, success: 0.6, effects: {churn: {lift: -10%}}}
              addon: {effort: 1, success: 0.7, requires_working: [platform], launch: 4, effects: {arrivals: {delta: 30, once: true}}}
            """)
        try expectSameAsChained(scenario, limit: 4, samples: 600)
    }

    /// Lags of one and two, a delta and a lift on one input, an effect on a metric, a
    /// launch after the horizon, a requirement, and a summed primary.
    @Test func lagsDeltasLiftsAndLateLaunchesGiveIdenticalAggregates() throws {
        let scenario = try TestSupport.scenario("""
            name: awkward
            horizon: 6
            primary: {metric: revenue, aggregate: sum}
            inputs:
              visits: normal(1000, 100)
              conversion: beta(mean=0.1, sd=0.02)
              price: 20 to 30
              churn: 0.1
            metrics:
              buyers: visits * conversion
              customers:
                formula: customers[t-1] * (1 - churn) + buyers
                initial: 500
              echo:
                formula: customers[t-2] * 0.01 + buyers / (1 + t)
                initial: 10
              revenue: customers * price + echo
            features:
              seo: {effort: 1, launch: 2, ramp: 2, effects: {visits: {delta: normal(50, 10)}}}
              cta: {effort: 1, effects: {visits: {lift: 5%}, conversion: {lift: 2% to 8%}}}
              loyalty: {effort: 2, launch: 3, success: 0.5, requires: [cta], effects: {customers: {lift: 3%}}}
              pricing: {effort: 1, launch: 4, effects: {price: {delta: -1}, churn: {lift: -10%}}}
              someday: {effort: 1, launch: 9, effects: {echo: {delta: 100}}}
            """)
        try expectSameAsChained(scenario, limit: 5, samples: 600)
    }

    @Test func hoistingLiftsThePartsFewerFeaturesReach() throws {
        let scenario = try TestSupport.scenario("""
            name: hoisting
            horizon: 3
            primary: {metric: customers}
            inputs: {churn: 0.1, signups: 100, growth: 0.02}
            metrics:
              customers:
                formula: customers[t-1] * (1 - churn) + signups * (1 + growth) ^ t
                initial: 1000
            features:
              keep: {effort: 1, effects: {churn: {lift: -10%}}}
              grow: {effort: 1, effects: {signups: {lift: 10%}}}
            """)
        let model = try Model(scenario)
        let hidden = model.nodes.filter { $0.hiddenIn == "customers" }
        // 1 - churn (only `keep` reaches it), signups * ... (only `grow`), (1 + growth) ^ t (none).
        #expect(hidden.count == 3)
        let customers = model.nodes[model.node(named: "customers")!]
        #expect(customers.program!.instructions.count == 1, "a lagged stock times a hidden node plus another: one multiply-add")
    }
}
