import Foundation
import Testing

/// Random combinations of commands, options and values, good and bad: every run ends with
/// 0, 1 or 64, says what went wrong on standard error when it fails, and never traps.
@Suite struct CommandLinePropertyTests {
    static let commands = ["validate", "simulate", "rank", "compare", "optimize", "align", "stress", "sensitivity", "voi"]
    static let options: [(String, [String])] = [
        ("--samples", ["200", "1e3", "0", "-5", "1.5", "nan", "2_000", "abc", ""]),
        ("--seed", ["0", "7", "-1", "1e30", "x"]),
        ("--threads", ["1", "2", "0", "65", "1e1"]),
        ("--format", ["table", "json", "csv", "markdown", "svg", ""]),
        ("--plan", ["checkout_first", "baseline", "", "chekout_first", "loyalty_first"]),
        ("--features", ["one_click_checkout", "", ",", "one_click_checkout,one_click_checkout", "nope"]),
        ("--set", ["traffic=1", "traffic=normal(1, 2)", "traffic=", "=3", "traffic=1e400", "nope=2", "traffic=1 +"]),
        ("--budget", ["10", "0", "nan", "inf", "1e400", "16_000"]),
        ("--target", ["1e7", "nan", "16_000_000", "-inf"]),
        ("--plans", ["checkout_first,baseline", "baseline,baseline", ",", "nope,baseline"]),
        ("--alternatives", ["baseline,one_click_checkout", "baseline,baseline", "x"]),
        ("--objective", ["mean", "p10", "prob-target", "median"]),
        ("--by", ["contribution", "per-effort", "focus", "shapley", "x"]),
        ("--shock", ["traffic=-20%", "traffic=5", "one_click_checkout.conversion=-50%", "x=1", "traffic"]),
        ("--solve", ["traffic", "one_click_checkout", "nope"]),
        ("--probability", ["0.8", "80%", "1", "nan"]),
        ("--method", ["sobol", "regression", "x"]),
        ("--require", ["one_click_checkout", "nope"]),
        ("--exclude", ["loyalty_program", ""]),
        ("--primary", ["revenue", "orders", "nope"]),
    ]

    @Test func anyCombinationEndsCleanly() throws {
        var generator = SplitMix(seed: 2026)
        let store = ScenarioFiles.directory + "/online-store.yaml"
        for round in 0..<60 {
            var arguments = [Self.commands[Int(generator.next() % UInt64(Self.commands.count))], store]
            for _ in 0..<Int(generator.next() % 4) {
                let (name, values) = Self.options[Int(generator.next() % UInt64(Self.options.count))]
                arguments += [name, values[Int(generator.next() % UInt64(values.count))]]
            }
            if !arguments.contains("--samples") { arguments += ["--samples", "300"] }
            let run = try Binary.run(arguments)
            #expect([0, 1, 64].contains(run.status), "round \(round): \(arguments) exited \(run.status): \(run.stderr)")
            #expect(!run.stderr.contains("Fatal error") && !run.stderr.contains("crashed"), "round \(round): \(arguments): \(run.stderr)")
            if run.status != 0 { #expect(!run.stderr.isEmpty, "round \(round): \(arguments) failed silently") }
        }
    }
}
