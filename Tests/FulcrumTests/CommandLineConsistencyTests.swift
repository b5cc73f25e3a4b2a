import Foundation
import Testing

/// One rule for every option: numbers as in the file, no NaN, no list with an empty item
/// or a roadmap named twice, one `--set` per name. Every refusal is a usage error (64).
@Suite struct CommandLineConsistencyTests {
    static let store = ScenarioFiles.directory + "/online-store.yaml"

    static let refusals: [([String], String)] = [
        (["optimize", store, "--budget", "nan"], "is not a number"),
        (["optimize", store, "--budget", "inf"], "is not a number"),
        (["optimize", store, "--budget=-1"], "--budget must be >= 0"),
        (["compare", store, "--by", "focus", "--budget", "nan"], "is not a number"),
        (["stress", store, "--target", "nan"], "is not a number"),
        (["stress", store, "--target", "1e400"], "is invalid for '--target <target>'"),
        (["stress", store, "--solve", "traffic", "--probability", "nan"], "is not a number"),
        (["stress", store, "--solve", "traffic", "--probability", "1.5"], "strictly between 0 and 1"),
        (["stress", store, "--plans", "baseline,baseline"], "--plans lists 'baseline' twice"),
        (["voi", store, "--alternatives", "baseline,baseline"], "--alternatives lists 'baseline' twice"),
        (["compare", store, "--plans", "checkout_first,checkout_first"], "--plans lists 'checkout_first' twice"),
        (["compare", store, "--plans", ",baseline"], "--plans has an empty item"),
        (["simulate", store, "--features", ""], "--features needs at least one feature id"),
        (["rank", store, "--features", ""], "--features needs at least one feature id"),
        (["sensitivity", store, "--features", ""], "--features needs at least one feature id"),
        (["simulate", store, "--features", "one_click_checkout,,loyalty_program"], "--features has an empty item"),
        (["simulate", store, "--features", "one_click_checkout,one_click_checkout"], "lists 'one_click_checkout' twice"),
        (["simulate", store, "--plan", ""], "--plan needs a plan name"),
        (["simulate", store, "--set", "traffic=1", "--set", "traffic=2"], "--set gives 'traffic' twice"),
        (["simulate", store, "--samples", "1.5"], "is not a whole number"),
        (["simulate", store, "--samples", "nan"], "is not a number"),
        (["simulate", store, "--seed=-3"], "a seed is a whole number from 0 to 18_446_744_073_709_551_615"),
        (["validate", store, "--format", "csv"], "validate writes a table or json"),
        (["validate", store, "--format", "markdown"], "validate writes a table or json"),
    ]

    @Test(arguments: refusals)
    func refusedAsAUsageError(_ arguments: [String], _ message: String) throws {
        let run = try Binary.run(arguments + (arguments[0] == "validate" ? [] : ["--samples", "200"]).filter { _ in !arguments.contains("--samples") })
        #expect(run.status == 64, "\(arguments): \(run.stderr)")
        #expect(run.stderr.contains(message), "\(arguments): \(run.stderr)")
    }

    @Test func numbersTakeTheFilesSyntax() throws {
        let written = try Binary.run(["stress", Self.store, "--target", "16_000_000", "--samples", "1e3", "--format", "json"])
        let plain = try Binary.run(["stress", Self.store, "--target", "16000000", "--samples", "1000", "--format", "json"])
        #expect(written.status == 0 && plain.status == 0, "\(written.stderr) \(plain.stderr)")
        #expect(written.stdout == plain.stdout)
    }

    @Test func helpSaysWhatOptionsAccept() throws {
        let compare = try Binary.run(["compare", "--help"])
        #expect(compare.stdout.contains("'focus'"))
        let stress = try Binary.run(["stress", "--help"])
        #expect(stress.stdout.contains("feature.target"))
    }
}
