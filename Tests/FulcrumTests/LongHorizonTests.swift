import Foundation
import Testing
@testable import Fulcrum

/// Models with more metric-periods than get a sketch each: percentiles from bounded passes.
@Suite struct LongHorizonTests {
    static let yaml = """
        name: long
        horizon: 1100
        primary: {metric: m}
        inputs: {a: normal(1, 1), b: lognormal(0, 2)}
        metrics:
          m: a * t
          heavy: b * t - 5
          stock: {formula: "stock[t-1] * 0.999 + m", initial: 0}
        """

    @Test func percentilesMatchTheSortedSamples() throws {
        let samples = 3000
        let simulation = try TestSupport.simulate(Self.yaml, samples: samples, threads: 2)
        #expect(simulation.fan.count * simulation.metrics.count > Simulation.sketchedCells)
        for period in [1, 2, 550, 1100] {
            let exact = try TestSupport.values(Self.yaml, of: simulation.metrics, period: period, samples: samples)
            for (m, values) in exact.enumerated() {
                let sorted = values.sorted()
                let point = simulation.fan[period - 1][m]
                for (level, found) in [(0.05, point.p5), (0.5, point.p50), (0.95, point.p95)] {
                    let truth = sorted[Int((level * Double(samples - 1)).rounded())]
                    let tolerance = max(1e-5 * abs(truth), 1e-9 * (sorted.last! - sorted.first!))
                    #expect(abs(found - truth) <= tolerance, "\(simulation.metrics[m]) period \(period) p\(Int(level * 100)): \(found) against \(truth)")
                }
            }
        }
    }

    @Test func sameNumbersAtAnyThreadCount() throws {
        let one = try TestSupport.simulate(Self.yaml, samples: 1500, threads: 1)
        let two = try TestSupport.simulate(Self.yaml, samples: 1500, threads: 2)
        #expect(one.fan == two.fan)
        #expect(one.primary.mean == two.primary.mean)
    }

    @Test func aLongHorizonUsesSmallerBlocks() throws {
        let scenario = try TestSupport.scenario(Self.yaml.replacingOccurrences(of: "horizon: 1100", with: "horizon: 100000"))
        let model = try Model(scenario)
        let size = Engine.blockSize(model: model, schedule: PlanSchedule(single: .baseline, model: model))
        #expect(size < Engine.blockSize && size >= 16)
    }
}
