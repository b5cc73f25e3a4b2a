import Foundation
import Testing
@testable import Fulcrum

/// A seed names a stream of draws: the one written is the one run and reported, whatever
/// its size, in a file or on the command line.
@Suite struct SeedTests {
    static let yaml = "name: seeded\nhorizon: 4\nprimary: {metric: total}\ninputs: {base: normal(100, 5)}\nmetrics:\n  total: base\n"

    @Test func digitsAreReadExactly() {
        #expect(Seed.parse("0") == 0)
        #expect(Seed.parse("9007199254740993") == 9_007_199_254_740_993, "2^53 + 1, which no Double holds")
        #expect(Seed.parse("18446744073709551615") == .max)
        #expect(Seed.parse("18_446_744_073_709_551_615") == .max)
        #expect(Seed.parse("1e6") == 1_000_000)
        for refused in ["18446744073709551616", "1e30", "-1", "1.5", "2.5%", "x", "", "nan"] {
            #expect(Seed.parse(refused) == nil, "\(refused)")
        }
    }

    @Test func theFileKeepsItsSeedAndSaysWhereOneIsOutOfRange() throws {
        #expect(try TestSupport.scenario(Self.yaml + "seed: 9007199254740993\n").seed == 9_007_199_254_740_993)
        #expect(try TestSupport.scenario(Self.yaml + "seed: 18_446_744_073_709_551_615\n").seed == .max)
        #expect(TestSupport.loadErrors(Self.yaml + "seed: 18446744073709551616\n", file: "s.yaml")
            == ["s.yaml:7:7: error: 'seed' must be a whole number from 0 to 18_446_744_073_709_551_615, got 18446744073709551616"])
        #expect(TestSupport.loadErrors(Self.yaml + "seed: [1]\n", file: "s.yaml") == ["s.yaml:7:7: error: 'seed' must be a number, not a list"])
    }

    @Test func aSeedAbove2To53RunsAsWrittenAndIsReportedExactly() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/seeded.yaml"
        try (Self.yaml + "seed: 9007199254740993\n").write(toFile: file, atomically: true, encoding: .utf8)
        func simulate(_ extra: [String]) throws -> String {
            let run = try Binary.run(["simulate", file, "--samples", "2000", "--format", "json"] + extra)
            #expect(run.status == 0, "\(run.stderr)")
            return run.stdout
        }
        let fromFile = try simulate([])
        #expect(fromFile.contains("\"seed\": 9007199254740993,"), "\(fromFile.prefix(200))")
        #expect(try simulate(["--seed", "9007199254740993"]) == fromFile)
        let neighbour = try simulate(["--seed", "9007199254740992"])
        #expect(neighbour.replacingOccurrences(of: "9007199254740992", with: "9007199254740993") != fromFile,
                "2^53 draws differently from 2^53 + 1")
        #expect(try simulate(["--seed", "18446744073709551615"]).contains("\"seed\": 18446744073709551615,"))
        let refused = try Binary.run(["simulate", file, "--seed", "18446744073709551616"])
        #expect(refused.status == 64 && refused.stderr.contains("a seed is a whole number from 0 to 18_446_744_073_709_551_615"), "\(refused.stderr)")
    }
}
