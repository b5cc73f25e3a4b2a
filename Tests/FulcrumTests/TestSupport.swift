import Foundation
@testable import Fulcrum

enum TestSupport {
    /// A new empty directory under the system's temporary one.
    static func temporaryDirectory() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fulcrum-test-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    static func scenario(_ yaml: String, file: String = "test.yaml") throws -> Scenario {
        try ScenarioLoader.load(text: yaml, file: file)
    }

    /// Every error loading `yaml` reports, as `FILE:LINE:COLUMN: error: ...`; empty when it loads.
    static func loadErrors(_ yaml: String, file: String) -> [String] {
        do {
            _ = try ScenarioLoader.load(text: yaml, file: file)
            return []
        } catch {
            return error.all.map(\.description)
        }
    }

    static func simulate(_ yaml: String, features: [String] = [], samples: Int = 2000, seed: UInt64 = 1, threads: Int = 2) throws -> Simulation {
        let scenario = try scenario(yaml)
        let roadmap = try Roadmap(features, in: scenario, describedAs: "test roadmap")
        return try Simulation.run(try Model(scenario), roadmap: roadmap,
                                  settings: Simulation.Settings(samples: samples, seed: seed, threads: threads))
    }

    /// Every sample's value of `names` in `period` under the roadmap, in sample order.
    static func values(_ yaml: String, of names: [String], period: Int = 1, features: [String] = [], samples: Int,
                       seed: UInt64 = 1, threads: Int = 2) throws -> [[Double]] {
        let scenario = try scenario(yaml)
        let model = try Model(scenario)
        let schedule = PlanSchedule(single: try Roadmap(features, in: scenario, describedAs: "test"), model: model)
        let nodes = names.map { model.node(named: $0)! }
        let (total, _) = try Engine.run(
            model: model, schedule: schedule, settings: Engine.Settings(samples: samples, seed: seed, threads: threads),
            initial: [[Double]](repeating: [], count: nodes.count), tally: 0,
            observe: { partial, _, block in
                partial = nodes.map { Array(block.values(plan: 0, node: $0, period: period)) }
            },
            merge: { total, partial in
                for i in total.indices { total[i] += partial[i] }
            })
        return total
    }

    /// Spearman rank correlation.
    /// Every sample's aggregate of each roadmap of `schedule`, in the order of `roadmaps`.
    static func aggregates(_ model: Model, _ schedule: PlanSchedule, _ roadmaps: [Roadmap], samples: Int, seed: UInt64) throws -> [[Double]] {
        let indices = roadmaps.map(schedule.plan(for:))
        let (total, _) = try Engine.run(
            model: model, schedule: schedule, settings: Engine.Settings(samples: samples, seed: seed, threads: 2),
            initial: [[Double]](repeating: [], count: roadmaps.count), tally: 0,
            observe: { partial, _, block in partial = indices.map { Array(block.aggregate(plan: $0)) } },
            merge: { total, partial in
                for i in total.indices { total[i] += partial[i] }
            })
        return total
    }

    static func spearman(_ x: [Double], _ y: [Double]) -> Double {
        func ranks(_ v: [Double]) -> [Double] {
            var r = [Double](repeating: 0, count: v.count)
            for (rank, index) in v.indices.sorted(by: { v[$0] < v[$1] }).enumerated() { r[index] = Double(rank) }
            return r
        }
        let (rx, ry) = (ranks(x), ranks(y))
        let mean = Double(x.count - 1) / 2
        var (sxy, sxx, syy) = (0.0, 0.0, 0.0)
        for i in x.indices {
            sxy += (rx[i] - mean) * (ry[i] - mean)
            sxx += (rx[i] - mean) * (rx[i] - mean)
            syy += (ry[i] - mean) * (ry[i] - mean)
        }
        return sxy / (sxx * syy).squareRoot()
    }
}
