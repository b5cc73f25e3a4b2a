import Foundation
import Testing
@testable import Fulcrum

@Suite struct EngineTests {
    func close(_ a: Double, _ b: Double, relative: Double = 1e-12) -> Bool {
        abs(a - b) <= relative * max(1, abs(b))
    }

    @Test func stockFollowsTheGeometricSeries() throws {
        let simulation = try TestSupport.simulate("""
            name: stock
            horizon: 24
            primary: {metric: customers, aggregate: last}
            inputs: {acquired: 100, churn: 5%}
            metrics:
              customers: {formula: "customers[t-1] * (1 - churn) + acquired", initial: 1000}
            """, samples: 600)
        let r = 0.95
        for t in 1...24 {
            let expected = 1000 * pow(r, Double(t)) + 100 * (1 - pow(r, Double(t))) / (1 - r)
            #expect(close(simulation.fan[t - 1][0].mean, expected, relative: 1e-12))
            #expect(close(simulation.fan[t - 1][0].p50, expected, relative: 5e-4), "sketch median within its 0.05% error")
        }
        #expect(close(simulation.primary.mean, 1000 * pow(r, 24) + 100 * (1 - pow(r, 24)) / (1 - r)))
        #expect(simulation.primary.sd <= 1e-12 * simulation.primary.mean, "every sample is the same")
    }

    @Test func lagsOfOneAndTwoPeriods() throws {
        let simulation = try TestSupport.simulate("""
            name: lags
            horizon: 10
            primary: {metric: fib}
            inputs: {one: 1}
            metrics:
              fib: {formula: "fib[t-1] + fib[t-2]", initial: one}
              previous: fib[t-1]
            """, samples: 100)
        // fib(-1) = fib(0) = 1 (the initial value), then 2, 3, 5, 8, ...
        var (a, b) = (1.0, 1.0)
        var expected: [Double] = []
        for _ in 1...10 { (a, b) = (b, a + b); expected.append(b) }
        #expect(simulation.fan.map { $0[0].mean } == expected)
        #expect(simulation.fan.map { $0[1].mean } == [1] + expected.dropLast())
        #expect(simulation.primary.mean == expected.reduce(0, +))
    }

    @Test(arguments: [("sum", 10.0 * 78), ("mean", 10.0 * 78 / 12), ("last", 120.0)])
    func aggregates(_ aggregate: String, _ expected: Double) throws {
        let simulation = try TestSupport.simulate("""
            name: aggregates
            horizon: 12
            primary: {metric: m, aggregate: \(aggregate)}
            inputs: {k: 10}
            metrics: {m: k * t}
            """, samples: 100)
        #expect(close(simulation.primary.mean, expected))
    }

    @Test func netPresentValueDiscountsEachPeriod() throws {
        let simulation = try TestSupport.simulate("""
            name: npv
            horizon: 36
            primary: {metric: cash, aggregate: npv, discount: 1%}
            inputs: {k: 10}
            metrics: {cash: k * t}
            """, samples: 100)
        let expected = (1...36).reduce(0.0) { $0 + 10 * Double($1) / pow(1.01, Double($1)) }
        #expect(close(simulation.primary.mean, expected, relative: 1e-12))
    }

    @Test func launchRampDeltaAndLiftCombineAsSpecified() throws {
        let yaml = """
            name: effects
            horizon: 6
            primary: {metric: v}
            inputs: {base: 100}
            metrics: {v: base}
            features:
              a: {effort: 1, launch: 3, ramp: 2, effects: {base: {delta: 20}}}
              b: {effort: 1, ramp: 4, effects: {base: {lift: 50%}}}
            """
        let both = try TestSupport.simulate(yaml, features: ["a", "b"], samples: 64)
        for t in 1...6 {
            let wa = min(1, max(0, Double(t - 2) / 2)), wb = min(1, Double(t) / 4)
            #expect(close(both.fan[t - 1][0].mean, (100 + 20 * wa) * (1 + 0.5 * wb)), "period \(t)")
        }
        let baseline = try TestSupport.simulate(yaml, samples: 64)
        #expect(baseline.fan.allSatisfy { $0[0].mean == 100 })
    }

    @Test func effectOnALaggedStockCarriesIntoLaterPeriods() throws {
        let simulation = try TestSupport.simulate("""
            name: lifted stock
            horizon: 5
            primary: {metric: s, aggregate: last}
            inputs: {zero: 0}
            metrics:
              s: {formula: "s[t-1] + 10", initial: zero}
            features:
              boost: {effort: 1, launch: 2, effects: {s: {lift: 10%}}}
            """, features: ["boost"], samples: 64)
        // s1 = 10; s_t = (s_{t-1} + 10) * 1.1 from t = 2.
        var s = 10.0
        var expected = [s]
        for _ in 2...5 { s = (s + 10) * 1.1; expected.append(s) }
        for t in 1...5 { #expect(close(simulation.fan[t - 1][0].mean, expected[t - 1])) }
    }

    @Test func successIsOneDrawSharedByAllOfAFeaturesEffects() throws {
        let yaml = """
            name: success
            horizon: 1
            primary: {metric: total}
            inputs: {x: 5, y: 5}
            metrics:
              gap: x - y
              total: x + y
            features:
              maybe: {effort: 1, success: 0.3, effects: {x: {delta: 10}, y: {delta: 10}}}
            """
        let n = 40_000
        let values = try TestSupport.values(yaml, of: ["gap", "total"], features: ["maybe"], samples: n)
        #expect(values[0].allSatisfy { $0 == 0 }, "x and y move together: one success draw per feature")
        let share = Double(values[1].filter { $0 == 30 }.count) / Double(n)
        #expect(values[1].allSatisfy { $0 == 10 || $0 == 30 })
        #expect(abs(share - 0.3) <= 4 * (0.3 * 0.7 / Double(n)).squareRoot())
    }

    @Test func inputsAndMagnitudesSeeUntreatedDraws() throws {
        let values = try TestSupport.values("""
            name: untreated
            horizon: 1
            primary: {metric: direct}
            inputs:
              demand: 6000
              derived: demand * 2
            metrics:
              direct: demand
              via_input: derived
              sized: direct
            features:
              grow: {effort: 1, effects: {demand: {lift: 50%}}}
              sized_by_demand: {effort: 1, effects: {sized: {delta: "6 * (demand - 5000)"}}}
            """, of: ["direct", "via_input", "sized"], features: ["grow", "sized_by_demand"], samples: 8)
        #expect(values[0].allSatisfy { $0 == 9000 })
        #expect(values[1].allSatisfy { $0 == 12000 }, "an input expression reads another input's untreated draw")
        #expect(values[2].allSatisfy { $0 == 9000 + 6 * 1000 }, "a magnitude reads the untreated draw")
    }

    @Test func distributionParametersMayComeFromOtherInputs() throws {
        let values = try TestSupport.values("""
            name: hierarchical
            horizon: 1
            primary: {metric: b}
            inputs:
              a: normal(0, 1)
              b: normal(mean=a, sd=1)
            """, of: ["b"], samples: 100_000)
        var moments = Moments()
        values[0].withUnsafeBufferPointer { moments.add($0) }
        #expect(abs(moments.mean) <= 4 * 2.0.squareRoot() / 100_000.0.squareRoot())
        #expect(abs(moments.variance / 2 - 1) <= 0.03)
    }

    @Test func rankCorrelationIsAsDeclaredAndMarginalsStayExact() throws {
        let n = 100_000
        let values = try TestSupport.values("""
            name: correlated
            horizon: 1
            primary: {metric: conversion}
            inputs:
              conversion: beta(mean=0.025, sd=0.003)
              aov: 45 to 70
              traffic: normal(500000, 40000)
            correlations:
              - [conversion, aov, -0.4]
              - [aov, traffic, 0.7]
            """, of: ["conversion", "aov", "traffic"], samples: n)
        #expect(abs(TestSupport.spearman(values[0], values[1]) + 0.4) <= 0.02)
        #expect(abs(TestSupport.spearman(values[1], values[2]) - 0.7) <= 0.02)
        var conversion = Moments()
        values[0].withUnsafeBufferPointer { conversion.add($0) }
        #expect(abs(conversion.mean - 0.025) <= 4 * 0.003 / Double(n).squareRoot())
        #expect(abs(conversion.sd / 0.003 - 1) <= 0.02)
        let aov = values[1].sorted()
        #expect(abs(Summary.interpolatedQuantile(aov, 0.05) / 45 - 1) <= 0.01)
        #expect(abs(Summary.interpolatedQuantile(aov, 0.95) / 70 - 1) <= 0.01)
    }

    @Test func effectMagnitudesCanBeRankCorrelated() throws {
        let n = 60_000
        let values = try TestSupport.values("""
            name: correlated effects
            horizon: 1
            primary: {metric: x}
            inputs: {zero: 0}
            metrics: {x: zero, y: zero}
            features:
              f: {effort: 1, effects: {x: {delta: gamma(mean=5, sd=2)}}}
              g: {effort: 1, effects: {y: {delta: pert(0, 1, 4)}}}
            correlations:
              - [f.x, g.y, 0.6]
            """, of: ["x", "y"], features: ["f", "g"], samples: n)
        #expect(abs(TestSupport.spearman(values[0], values[1]) - 0.6) <= 0.02)
        var gamma = Moments()
        values[0].withUnsafeBufferPointer { gamma.add($0) }
        #expect(abs(gamma.mean - 5) <= 4 * 2 / Double(n).squareRoot())
        #expect(abs(gamma.sd / 2 - 1) <= 0.02)
    }

    @Test func identicalNumbersAtAnyThreadCount() throws {
        let yaml = try String(contentsOfFile: ScenarioFiles.directory + "/online-store.yaml", encoding: .utf8)
        let runs = try [1, 2, 3].map { try TestSupport.simulate(yaml, features: ["one_click_checkout"], samples: 5_000, seed: 11, threads: $0) }
        for run in runs.dropFirst() {
            #expect(run.primary == runs[0].primary)
            #expect(run.fan == runs[0].fan)
        }
    }

    @Test func editingOneAssumptionLeavesOtherDrawsUnchanged() throws {
        let before = try TestSupport.values("""
            name: v1
            horizon: 1
            primary: {metric: x}
            inputs: {x: normal(0, 1), y: uniform(0, 1)}
            """, of: ["x"], samples: 3000)
        let after = try TestSupport.values("""
            name: v2
            horizon: 1
            primary: {metric: x}
            inputs: {added: gamma(2, 2), x: normal(0, 1), y: uniform(5, 6)}
            """, of: ["x"], samples: 3000)
        #expect(before == after)
    }

    /// Registers are reused, so an instruction's destination is often one of its operands.
    @Test func powersAndFunctionsInsideLongerFormulasReadTheirOperandsBeforeWriting() throws {
        let values = try TestSupport.values("""
            name: aliasing
            horizon: 3
            primary: {metric: m}
            inputs: {x: 3, y: -2}
            metrics:
              m: "x^2 + 1"
              n: "(x + 1)^(t - 1) * 2"
              o: "clamp(x * 2, 0, 5) + max(y, x^3) - abs(y)^0.5"
            """, of: ["m", "n", "o"], period: 3, samples: 4)
        #expect(values[0].allSatisfy { $0 == 10 })
        #expect(values[1].allSatisfy { $0 == 32 })
        #expect(values[2].allSatisfy { abs($0 - (5 + 27 - 2.0.squareRoot())) < 1e-12 })
    }

    @Test func nonFiniteValueNamesTheMetricAndPeriod() throws {
        #expect {
            try TestSupport.simulate("""
                name: broken
                horizon: 4
                primary: {metric: ratio}
                inputs: {x: 5}
                metrics:
                  ratio: "x / (3 - t)"
                """, samples: 10)
        } throws: { error in
            let text = "\(error)"
            return text.contains("metric 'ratio'") && text.contains("period 3") && text.contains("test.yaml:6:")
        }
    }

    @Test func sketchQuantilesAgreeWithExactOnesWithinTheirRelativeError() {
        var sketch = QuantileSketch()
        var values: [Double] = []
        let generator = Philox(seed: 3)
        for i in 0..<50_000 {
            var stream = RandomStream(generator: generator, sample: i, variable: 1)
            let x = Distribution.normal(mean: 100, sd: 300).sample(&stream)
            values.append(x)
            sketch.add(x)
        }
        values.sort()
        for q in [0.05, 0.25, 0.5, 0.75, 0.95] {
            let exact = values[Int((q * Double(values.count - 1)).rounded())]
            #expect(abs(sketch.quantile(q) - exact) <= 5e-4 * abs(exact) + 1e-12)
        }
    }

    /// Values of both signs from 1e-298 to 1e298 (about 2,000 octaves, 65,536 buckets each at
    /// 16 bits): the sketch keeps only the chunks its values touch, so it stays a few
    /// megabytes where counts over the whole range would take gigabytes, and it still gives
    /// every quantile to its relative error, whichever order its parts merge in.
    @Test func aSketchOfValuesAcrossTwoThousandOctavesKeepsOnlyWhatTheyTouch() throws {
        var stream = RandomStream(generator: Philox(seed: 11), sample: 0, variable: 2)
        let values: [Double] = (0..<3000).map { _ in
            let magnitude = Foundation.pow(2, stream.nextUniform() * 1980 - 990)
            return stream.nextUniform() < 0.3 ? -magnitude : magnitude
        }
        let blocks = stride(from: 0, to: values.count, by: 512).map { Array(values[$0..<min($0 + 512, values.count)]) }
        func sketch(_ block: [Double]) -> QuantileSketch {
            var sketch = QuantileSketch(mantissaBits: 16)
            block.withUnsafeBufferPointer { sketch.add($0) }
            return sketch
        }
        var forward = QuantileSketch(mantissaBits: 16), backward = QuantileSketch(mantissaBits: 16)
        for block in blocks { forward.merge(sketch(block)) }
        for block in blocks.reversed() { backward.merge(sketch(block)) }
        let encoder = PropertyListEncoder()
        encoder.outputFormat = .binary
        let encoded = try encoder.encode(forward)
        #expect(encoded.count < 40_000_000, "\(encoded.count) bytes")
        let sorted = values.sorted()
        for q in [0.0, 0.01, 0.1, 0.29, 0.31, 0.5, 0.9, 0.99, 1.0] {
            let exact = sorted[Int((q * Double(sorted.count - 1)).rounded())]
            #expect(abs(forward.quantile(q) - exact) <= 1e-5 * abs(exact), "q \(q)")
            #expect(forward.quantile(q) == backward.quantile(q))
        }
        #expect(forward.partialMean(fromShare: 0, toShare: 1) == backward.partialMean(fromShare: 0, toShare: 1))
    }
}

enum ScenarioFiles {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scenarios").path

    static var all: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
    }
}
