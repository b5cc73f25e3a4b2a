import Foundation
import Testing
@testable import Fulcrum

/// Files built to break the loader: each must give an answer or a located error, at once.
@Suite struct HostileInputTests {
    @Test func anAliasBombIsRefusedAtOnce() throws {
        var lines = ["name: x", "horizon: 3", "primary: {metric: m}", "inputs: {a: 1}", "metrics: {m: a}", "bomb:",
                     "  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]"]
        var previous = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h", "i"] {
            lines.append("  \(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]")
            previous = name
        }
        lines.append("samples: *i")
        let started = Date()
        do {
            _ = try ScenarioLoader.load(text: lines.joined(separator: "\n"), file: "bomb.yaml")
            Issue.record("an alias bomb was accepted")
        } catch {
            #expect(error.all.count == 1 && error.all[0].message.contains("anchors and aliases ('&a', '*a')"), "\(error)")
            #expect(error.all[0].location == SourceLocation(file: "bomb.yaml", line: 7, column: 6))
        }
        #expect(Date().timeIntervalSince(started) < 1, "refused without expanding")
    }

    /// Found by the fuzzer: an alias bomb used as a mapping key made Yams hash it for its
    /// duplicate-key check, which took seconds, before any anchor could be refused.
    @Test func anAliasBombAsAKeyIsRefusedBeforeParsing() throws {
        var lines = ["name: x", "bomb:", "  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]"]
        var previous = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h"] {
            lines.append("  \(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]")
            previous = name
        }
        lines.append("  i: [*h, *h: x]")
        let started = Date()
        #expect(throws: Diagnostics.self) { try ScenarioLoader.load(text: lines.joined(separator: "\n"), file: "key.yaml") }
        #expect(Date().timeIntervalSince(started) < 1)
    }

    @Test func ampersandsAndAsterisksInTextAreNotAnchors() throws {
        let scenario = try ScenarioLoader.load(text: """
            name: "R&D & *ops*"
            description: |
              * measured & compared
              & more
            horizon: 3
            primary: {metric: m}
            inputs: {a: 1}
            metrics: {m: a * 2}
            features:
              f: {title: 'Q&A', effort: 1, effects: {a: {lift: 2 * 5%}}}
            """, file: "t.yaml")
        #expect(scenario.name == "R&D & *ops*")
        #expect(scenario.description == "* measured & compared\n& more\n")
    }

    @Test func privateUseCharactersInTheFileKeepTheirMeaning() throws {
        let marks = "\u{E000}\u{E001}\u{E002}\u{E003}\u{E004}"
        let scenario = try ScenarioLoader.load(text: """
            name: "quoted \(marks)"
            description: plain \(marks)
            horizon: 3
            primary: {metric: m}
            inputs: {a: 1}
            metrics: {m: a}
            features:
              f:
                title: "\(marks)"
                effort: 1
                effects: {a: { lift: pert(0, 0.05, 0.12) }}
            """, file: "p.yaml")
        #expect(scenario.name == "quoted \(marks)")
        #expect(scenario.description == "plain \(marks)")
        #expect(scenario.features[0].title == marks)
    }

    @Test func anApostropheInPlainTextDoesNotOpenAQuote() throws {
        let scenario = try ScenarioLoader.load(text: """
            name: x
            description: since the '90s
            horizon: 3
            primary: { metric: m }
            inputs: {a: 1}
            metrics: {m: a}
            features:
              f:
                effort: 1
                effects:
                  a: { lift: pert(0, 0.05, 0.12) }
            """, file: "q.yaml")
        #expect(scenario.description == "since the '90s")
        #expect(scenario.features[0].effects.count == 1)
    }

    @Test func quotedScalarsWithEscapesStayQuoted() throws {
        let scenario = try ScenarioLoader.load(text: """
            name: "a \\" b, [c]"
            horizon: 3
            primary: { metric: m }
            inputs: {a: 1}
            metrics: {m: a}
            features: {f: {title: 'it''s', effort: 1, effects: {a: {lift: pert(0, 0.05, 0.12)}}}}
            """, file: "e.yaml")
        #expect(scenario.name == "a \" b, [c]")
        #expect(scenario.features[0].title == "it's")
    }

    @Test func aSumOverTheHorizonThatOverflowsNamesTheMetric() throws {
        #expect {
            try TestSupport.simulate("""
                name: huge
                horizon: 3
                primary: {metric: m}
                inputs: {a: 1e308}
                metrics: {m: a}
                """, samples: 100)
        } throws: { error in
            "\(error)".contains("test.yaml:3:19") && "\(error)".contains("the sum of 'm' over the horizon is inf")
        }
    }

    /// Without hanging: the time limit only stops a run that would never finish. A wall
    /// time asserted here failed under the suite's own load, when gamma(0.01, 1)'s thousand
    /// octaves took the primary's 16-bit sketch 1.35 GB and seconds (now megabytes; see
    /// `aSketchOfValuesAcrossTwoThousandOctavesKeepsOnlyWhatTheyTouch`).
    @Test(.timeLimit(.minutes(2))) func distributionsWithExtremeButAcceptedShapesFinish() throws {
        for call in ["gamma(1e7, 1)", "gamma(0.01, 1)", "beta(1e7, 1e7)", "beta(0.01, 0.01)", "poisson(1e6)"] {
            let simulation = try TestSupport.simulate("""
                name: extreme
                horizon: 1
                primary: {metric: a}
                inputs: {a: \(call)}
                """, samples: 2000)
            #expect(simulation.primary.mean.isFinite, "\(call)")
        }
    }
}

/// Found by the fuzzer: a `{` in a plain key opened a flow context for the expression guard,
/// so a later key was guarded differently, Yams saw two keys, and the restored names were
/// equal: a dictionary of names then trapped on the duplicate.
@Suite struct GuardedDuplicateKeyTests {
    @Test func keysEqualOnceRestoredAreDuplicates() throws {
        let path = ScenarioFiles.directory + "/../Fuzz/corpus/duplicate-key-after-guard.yaml"
        let run = try Binary.run(["simulate", path, "--samples", "100"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("duplicate key 'conver{ion' in one mapping (first at line 13)"), "\(run.stderr)")
    }
}
