import Foundation
import Testing
@testable import Fulcrum

/// A chained plan whose node reads nothing its new features change starts from the
/// reference's treated value and applies only the new effects. Each roadmap must still get
/// the value it gets computed on its own, from scratch, to rounding.
@Suite struct ReferenceExtensionTests {
    /// Lifts and deltas on one input, a lift on another, a delta on a metric whose inputs no
    /// feature touches, and a delta into a bounded stock that reads itself a period back
    /// (which must be recomputed in full); a requirement chain and staggered launches.
    static let yaml = yaml(features: 12)

    static func yaml(features count: Int) -> String {
        let features = (0..<count).map { i -> String in
            let requires = i % 6 == 5 ? ", requires: [f\(i - 1)]" : ""
            let effects = switch i % 4 {
            case 0: "{visits: {lift: normal(0.05, 0.02)}}"
            case 1: "{visits: {delta: normal(20, 5)}}"
            case 2: "{conversion: {lift: normal(0.08, 0.03)}, visits: {lift: 3%}}"
            default: "{fees: {delta: 3}, customers: {delta: normal(40, 10)}}"
            }
            return "  f\(i): {effort: 1, launch: \(i % 5 + 1), ramp: \(i % 2 + 1), success: 0.8\(requires), effects: \(effects)}"
        }
        return """
            name: extension
            horizon: 6
            primary: {metric: revenue, aggregate: sum}
            inputs:
              visits: normal(1000, 100)
              conversion: beta(mean=0.1, sd=0.02)
              price: 20 to 30
            metrics:
              orders: visits * conversion
              customers: {formula: "customers[t-1] * 0.9 + orders", initial: 100, bounds: [0, 1200]}
              fees: price * 0.1
              revenue: orders * price + customers + fees
            features:

            """ + features.joined(separator: "\n") + "\n"
    }

    @Test func leaveOneOutRoutesGiveEachRoadmapItsOwnValue() throws {
        let scenario = try TestSupport.scenario(Self.yaml)
        let model = try Model(scenario)
        let full = Ranking.active(Set(scenario.features.map(\.id)), in: scenario)
        let members = full.features
        let removals = members.map { Ranking.dependents(of: $0, in: full, scenario: scenario).union([$0]) }
        let leaveOneOut = removals.map { Ranking.active(Set(members).subtracting($0), in: scenario) }
        let routes = Ranking.leaveOneOutRoutes(members: members, removals: removals, in: scenario)
        let wanted = [full] + leaveOneOut + routes.map(\.roadmap)
        let schedule = PlanSchedule(wanted, model: model, sharingVersions: false, routes: routes)
        #expect(schedule.plans.contains { $0.extendsReference.contains(true) }, "some plan extends its reference")
        let bounded = model.node(named: "customers")!
        #expect(schedule.plans.allSatisfy { !$0.extendsReference[bounded] }, "a bounded stock is always recomputed")
        for route in routes {
            #expect(schedule.plans[schedule.plan(for: route.roadmap)].reference == schedule.plan(for: route.parent))
        }

        let chained = try TestSupport.aggregates(model, schedule, wanted, samples: 500, seed: 17)
        for (roadmap, values) in zip(wanted, chained) {
            let alone = try TestSupport.aggregates(model, PlanSchedule(single: roadmap, model: model), [roadmap], samples: 500, seed: 17)[0]
            let worst = zip(values, alone).map { abs($0 - $1) / max(abs($1), 1) }.max() ?? 0
            #expect(worst < 1e-12, "\(roadmap.features): relative difference \(worst)")
        }
    }

    /// Sampled Shapley orderings route each prefix from the one before: a step that extends
    /// its reference applies only the new features' effects (a new delta below an inherited
    /// lift cannot, and recomputes the node in full).
    @Test func prefixRoutesExtendByOneFeature() throws {
        let scenario = try TestSupport.scenario(Self.yaml)
        let model = try Model(scenario)
        let ids = scenario.features.map(\.id)
        let prefixes = Ranking.activePrefixes(of: Array(ids.indices.reversed()), members: ids, in: scenario)
        let schedule = PlanSchedule(prefixes, model: model, sharingVersions: false,
                                    routes: zip(prefixes.dropFirst(), prefixes).map { ($0, $1) })
        let visits = model.node(named: "visits")!
        let extending = schedule.plans.filter { $0.extendsReference[visits] }
        #expect(!extending.isEmpty && extending.allSatisfy { $0.treatments[visits].count <= 2 }, "only the newest effects on visits")
        let chained = try TestSupport.aggregates(model, schedule, prefixes, samples: 400, seed: 17)
        for (roadmap, values) in zip(prefixes, chained) {
            let alone = try TestSupport.aggregates(model, PlanSchedule(single: roadmap, model: model), [roadmap], samples: 400, seed: 17)[0]
            let worst = zip(values, alone).map { abs($0 - $1) / max(abs($1), 1) }.max() ?? 0
            #expect(worst < 1e-12, "\(roadmap.features): relative difference \(worst)")
        }
    }

    /// A long chain of prefixes shares storage: a prefix's values are read only until every
    /// period it computed has been recomputed further down the chain, so a few regions serve
    /// the whole chain (which keeps the workspace, and so the block size, independent of the
    /// number of features), and every prefix still gets its own value.
    @Test func aLongChainReusesStorageOnceNoLaterPlanReadsIt() throws {
        let scenario = try TestSupport.scenario(Self.yaml(features: 80))
        let model = try Model(scenario)
        let ids = scenario.features.map(\.id)
        let order = Ranking.permutations(count: 1, of: ids.count, seed: 4)[0]
        let prefixes = Ranking.activePrefixes(of: order, members: ids, in: scenario)
        let schedule = PlanSchedule(prefixes, model: model, sharingVersions: false,
                                    routes: zip(prefixes.dropFirst(), prefixes).map { ($0, $1) })
        #expect(schedule.plans.count > 70)
        #expect(schedule.regionCount * 5 < schedule.plans.count, "\(schedule.regionCount) regions for \(schedule.plans.count) plans")
        let chained = try TestSupport.aggregates(model, schedule, prefixes, samples: 700, seed: 5)
        for (roadmap, values) in zip(prefixes, chained) {
            let alone = try TestSupport.aggregates(model, PlanSchedule(single: roadmap, model: model), [roadmap], samples: 700, seed: 5)[0]
            let worst = zip(values, alone).map { abs($0 - $1) / max(abs($1), 1) }.max() ?? 0
            #expect(worst < 1e-12, "\(roadmap.features.count) features: relative difference \(worst)")
        }
    }
}
