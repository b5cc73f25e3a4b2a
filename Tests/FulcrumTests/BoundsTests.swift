import Foundation
import Testing
@testable import Fulcrum

/// `bounds: [low, high]`: a bounded metric is clamped after effects, and every simulation
/// says how often.
@Suite struct BoundsTests {
    /// Activation uniform on [0.5, 1], lifted 20% from month 2: it would pass 100% exactly
    /// when the draw is above 5/6, a third of samples, in 3 of 4 months.
    static let yaml = """
        name: bounded
        horizon: 4
        period: month
        primary: {metric: active, aggregate: last}
        inputs:
          signups: 1000
          base_activation: uniform(0.5, 1)
        metrics:
          activation_rate: {formula: base_activation, bounds: [0, 1]}
          active: signups * activation_rate
        features:
          onboarding: {effort: 1, launch: 2, effects: {activation_rate: {lift: 20%}}}
        """

    @Test func valuesAreClampedAfterEffectsAndTheShareIsReported() throws {
        let samples = 20_000
        let simulation = try TestSupport.simulate(Self.yaml, features: ["onboarding"], samples: samples)
        let clamped = try #require(simulation.clamped.first)
        #expect(clamped.metric == "activation_rate" && clamped.bounds.lower == 0 && clamped.bounds.upper == 1)
        let p = 1.0 / 3
        #expect(abs(clamped.share - 0.75 * p) <= 4 * 0.75 * (p * (1 - p) / Double(samples)).squareRoot(), "\(clamped.share)")
        // E[min(1.2 x, 1)] for x uniform on [0.5, 1]: (1/0.5) * (integral of 1.2x from 0.5 to 5/6 + 1/6).
        let expected = 2 * (0.6 * ((25.0 / 36) - 0.25) + 1.0 / 6)
        let last = try TestSupport.values(Self.yaml, of: ["activation_rate"], period: 4, features: ["onboarding"], samples: samples)[0]
        #expect(last.allSatisfy { $0 <= 1 } && last.contains(1))
        let mean = last.reduce(0, +) / Double(samples)
        #expect(abs(mean - expected) <= 4 * 0.12 / Double(samples).squareRoot(), "\(mean) vs \(expected)")
        let untreated = try TestSupport.simulate(Self.yaml, samples: 2000)
        #expect(untreated.clamped.first?.share == 0, "nothing passes 1 without the lift")
    }

    @Test func theShareReachesEveryFormatAndWarns() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fulcrum-bounds-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("b.yaml").path
        try Self.yaml.write(toFile: path, atomically: true, encoding: .utf8)
        let json = try Binary.run(["simulate", path, "--features", "onboarding", "--samples", "4000", "--format", "json"])
        #expect(json.status == 0 && json.stderr.contains("b.yaml:9:55: warning: 'activation_rate' was clamped to its bounds in"), "\(json.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        let bounded = try #require((object["bounded"] as? [[String: Any]])?.first)
        #expect(bounded["metric"] as? String == "activation_rate" && bounded["upper"] as? Double == 1 && (bounded["clamped_share"] as? Double ?? 0) > 0.2)
        let table = try Binary.run(["simulate", path, "--features", "onboarding", "--samples", "4000"])
        #expect(table.stdout.contains("activation_rate is held within [0, 1]: clamped in"))
        let csv = try Binary.run(["simulate", path, "--features", "onboarding", "--samples", "4000", "--format", "csv"])
        #expect(csv.stdout.contains("\nclamped_share,activation_rate,,0.2"), "\(csv.stdout.prefix(300))")
        let strict = try Binary.run(["simulate", path, "--features", "onboarding", "--samples", "4000", "--strict"])
        #expect(strict.status == 1 && strict.stderr.contains("error: 'activation_rate' was clamped"))
        let quiet = try Binary.run(["simulate", path, "--samples", "4000", "--strict"])
        #expect(quiet.status == 0 && quiet.stderr.isEmpty, "no clamping, no warning: \(quiet.stderr)")
    }

    @Test func oneSidedBoundsLeaveTheOtherSideOpen() throws {
        let yaml = "name: x\nhorizon: 1\nprimary: {metric: m}\ninputs: {x: normal(0, 1)}\nmetrics:\n  m: {formula: x, bounds: [null, 0.5]}\n"
        let values = try TestSupport.values(yaml, of: ["m"], samples: 4000)[0]
        #expect(values.max() == 0.5 && values.min()! < -2)
    }

    static let mistakes: [(String, String)] = [
        ("[1, 0]", "b.yaml:6:27: error: 'bounds' [1, 0]: the lower bound is above the upper"),
        ("[0]", "b.yaml:6:27: error: 'bounds' is written [low, high], for example [0, 1] or [0, null]"),
        ("[null, null]", "b.yaml:6:27: error: 'bounds' [null, null] limits nothing"),
        ("[0, lots]", "b.yaml:6:31: error: a bound must be a number"),
        ("0", "b.yaml:6:27: error: 'bounds' is written [low, high]"),
    ]

    @Test(arguments: mistakes.indices)
    func mistakesAreLocated(_ index: Int) throws {
        let (bounds, message) = Self.mistakes[index]
        let errors = TestSupport.loadErrors("name: x\nhorizon: 1\nprimary: {metric: m}\ninputs: {x: 1}\nmetrics:\n  m: {formula: x, bounds: \(bounds)}\n", file: "b.yaml")
        #expect(!errors.isEmpty, "accepted \(bounds)")
        #expect(errors.contains { $0.hasPrefix(message) }, "\(errors)")
    }
}
