import Foundation
import Testing
@testable import Fulcrum

/// Valid and probably wrong: every warning located, printed, and an error with `--strict`.
@Suite struct WarningTests {
    static let yaml = """
        name: warnings
        horizon: 3
        primary: {metric: revenue}
        inputs:
          traffic: 40-60
          conversion: 5%-10%
          visits_per_user: traffic / 10
          aov: 50
        metrics:
          revenue: traffic * conversion * aov
          unused: aov * 2
        features:
          big: {effort: 1, effects: {conversion: {lift: 5}}}
          mover: {effort: 1, effects: {traffic: {delta: 5}}}
          lonely: {effort: 1, effects: {unused: {delta: 1}}}
        """

    static let expected: [(line: Int, column: Int, message: String)] = [
        (5, 12, "'40-60' is a subtraction (-20); for a range write '40 to 60'"),
        (6, 15, "'5%-10%' is a subtraction (-0.0500); for a range write '5% to 10%'"),
        (13, 49, "a lift of 5 is +500.0%, not 5%: write 5% for a percentage"),
        (14, 32, "mover moves input 'traffic', but input 'visits_per_user' reads its untreated draw"),
        (11, 3, "metric 'unused' has no path to any goal (revenue)"),
        (15, 3, "feature 'lonely' moves nothing on a path to any goal (revenue)"),
    ]

    @Test func eachWarningIsLocated() throws {
        let warnings = try TestSupport.scenario(Self.yaml, file: "w.yaml").warnings
        #expect(warnings.count == Self.expected.count, "\(warnings)")
        for (line, column, message) in Self.expected {
            #expect(warnings.contains { $0.location == SourceLocation(file: "w.yaml", line: line, column: column) && $0.message.hasPrefix(message) },
                    "\(line):\(column) \(message)")
        }
    }

    @Test func theFixedFileHasNone() throws {
        let fixed = Self.yaml.replacingOccurrences(of: "40-60", with: "40 to 60").replacingOccurrences(of: "5%-10%", with: "5% to 10%")
            .replacingOccurrences(of: "lift: 5}", with: "lift: 5%}").replacingOccurrences(of: "  visits_per_user: traffic / 10\n", with: "")
            .replacingOccurrences(of: "unused: aov * 2", with: "unused: aov * 2\n  total: revenue + unused")
            .replacingOccurrences(of: "primary: {metric: revenue}", with: "primary: {metric: total}")
        let warnings = try TestSupport.scenario(fixed).warnings
        #expect(warnings.isEmpty, "\(warnings)")
        for file in ScenarioFiles.all {
            #expect(try ScenarioLoader.load(path: ScenarioFiles.directory + "/" + file).warnings.isEmpty, "\(file)")
        }
    }

    @Test func commandsWarnAndGoOnUnlessStrict() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fulcrum-warn-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("w.yaml").path
        try Self.yaml.write(toFile: path, atomically: true, encoding: .utf8)
        for command in [["validate"], ["simulate", "--samples", "200"], ["rank", "--samples", "200"]] {
            let lenient = try Binary.run(command + [path])
            #expect(lenient.status == 0, "\(command): \(lenient.stderr)")
            #expect(lenient.stderr.contains("\(path):5:12: warning: '40-60' is a subtraction"), "\(lenient.stderr)")
            let strict = try Binary.run(command + [path, "--strict"])
            #expect(strict.status == 1 && strict.stdout.isEmpty, "\(command)")
            #expect(strict.stderr.contains("\(path):5:12: error: '40-60' is a subtraction"), "\(strict.stderr)")
        }
    }

    @Test func aShockFarOutsideItsRangeIsProbablyAMissingPercentSign() throws {
        let store = ScenarioFiles.directory + "/online-store.yaml"
        let run = try Binary.run(["stress", store, "--shock", "traffic=5", "--samples", "300"])
        #expect(run.status == 0 && run.stderr.contains("--shock#1:1:9: warning: --shock traffic=5 sets every draw of 'traffic' to 5, far outside its range"),
                "\(run.stderr)")
        let relative = try Binary.run(["stress", store, "--shock", "traffic=-5%", "--samples", "300"])
        #expect(relative.status == 0 && relative.stderr.isEmpty)
        let strict = try Binary.run(["stress", store, "--shock", "traffic=5", "--samples", "300", "--strict"])
        #expect(strict.status == 1 && strict.stderr.contains("error: --shock traffic=5"))
    }
}
