import Foundation
import Testing

/// The `fulcrum` binary, end to end.
enum Binary {
    static let url: URL = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("fulcrum")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        let root = URL(fileURLWithPath: ScenarioFiles.directory).deletingLastPathComponent()
        for configuration in ["release", "debug"] {
            let candidate = root.appendingPathComponent(".build/\(configuration)/fulcrum")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return beside
    }()

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String]) throws -> Run {
        try launch(url, arguments)
    }

    static func launch(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil,
                       directory: String? = nil) throws -> Run {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let (out, err) = (Pipe(), Pipe())
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
    }
}

@Suite(.serialized) struct CommandLineTests {
    static let scenarios = ScenarioFiles.all

    @Test func everyExampleIsShipped() {
        #expect(Self.scenarios == ["b2b-saas.yaml", "growth-to-profit.yaml", "marketplace-new-market.yaml", "online-store.yaml", "store-second-market.yaml",
                                  "subscription-app.yaml"])
    }

    @Test(arguments: scenarios)
    func validateSummarisesEveryShippedScenario(_ file: String) throws {
        let run = try Binary.run(["validate", ScenarioFiles.directory + "/" + file])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains(": OK") && run.stdout.contains("Metrics in evaluation order") && run.stdout.contains("Plans ("))
    }

    @Test(arguments: scenarios)
    func simulateEveryPlanOfEveryShippedScenarioAsJSON(_ file: String) throws {
        let path = ScenarioFiles.directory + "/" + file
        let summary = try JSONSerialization.jsonObject(with: Data(try Binary.run(["validate", path, "--format", "json"]).stdout.utf8)) as! [String: Any]
        let plans = (summary["plans"] as! [[String: Any]]).map { $0["name"] as! String }
        #expect(plans.count >= 2)
        let features = summary["features"] as! [[String: Any]]
        #expect((5...10).contains(features.count))
        #expect(Set(features.compactMap { $0["focus"] as? String }).isSuperset(of: ["acquisition", "retention", "monetization"]))
        #expect(summary["budget"] is Double || summary["budget"] is Int)
        for plan in ["baseline"] + plans {
            let run = try Binary.run(["simulate", path, "--plan", plan, "--samples", "3000", "--format", "json"])
            #expect(run.status == 0, "\(plan): \(run.stderr)")
            let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
            for key in ["scenario", "samples", "seed", "plan", "primary", "periods"] { #expect(json[key] != nil, "missing \(key)") }
            let primary = json["primary"] as! [String: Any]
            for key in ["metric", "aggregate", "mean", "sd", "mcse", "p5", "p50", "p95", "prob_target"] {
                #expect(primary[key] != nil, "missing primary.\(key)")
            }
            let p5 = primary["p5"] as! Double, p50 = primary["p50"] as! Double, p95 = primary["p95"] as! Double
            #expect(p5 <= p50 && p50 <= p95)
            #expect(primary["prob_target"] is Double, "every shipped scenario has a target")
            let periods = json["periods"] as! [[String: Any]]
            #expect(periods.count == (summary["horizon"] as! Int))
            let first = (periods[0]["metrics"] as! [String: [String: Any]]).values.first!
            #expect(Set(first.keys) == ["mean", "p5", "p50", "p95"])
        }
    }

    @Test(arguments: scenarios)
    func tableMarkdownAndCSVRender(_ file: String) throws {
        let path = ScenarioFiles.directory + "/" + file
        let table = try Binary.run(["simulate", path, "--samples", "2000"])
        #expect(table.status == 0)
        let widest = table.stdout.split(separator: "\n").map(\.count).max() ?? 0
        #expect(widest <= 80, "the table fits an 80-column terminal (widest line \(widest))")
        let markdown = try Binary.run(["simulate", path, "--samples", "2000", "--format", "markdown"])
        #expect(markdown.stdout.hasPrefix("## ") && markdown.stdout.contains("| ---: |"))
        let csv = try Binary.run(["simulate", path, "--samples", "2000", "--format", "csv"])
        let rows = csv.stdout.split(separator: "\n")
        #expect(rows.first == "section,metric,t,mean,sd,mcse,p5,p10,p25,p50,p75,p90,p95,prob_target")
        #expect(rows.dropFirst().allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == 14 })
    }

    @Test(arguments: scenarios)
    func rankEveryShippedScenario(_ file: String) throws {
        let path = ScenarioFiles.directory + "/" + file
        let run = try Binary.run(["rank", path, "--samples", "2000", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        for key in ["scenario", "samples", "seed", "baseline", "features"] { #expect(json[key] != nil, "missing \(key)") }
        let features = json["features"] as! [[String: Any]]
        #expect(features.map { $0["rank"] as! Int } == Array(1...features.count))
        let means = features.map { ($0["contribution"] as! [String: Any])["mean"] as! Double }
        #expect(means == means.sorted(by: >), "rank 1 has the largest expected standalone contribution")
        for feature in features {
            let contribution = feature["contribution"] as! [String: Any]
            for key in ["mean", "sd", "mcse", "p5", "p50", "p95", "prob_positive"] { #expect(contribution[key] != nil) }
            #expect(feature["per_effort"] != nil && feature["shapley"] != nil && feature["marginal"] != nil)
        }
        let table = try Binary.run(["rank", path, "--samples", "2000"])
        let widest = table.stdout.split(separator: "\n").map(\.count).max() ?? 0
        #expect(table.status == 0 && widest <= 80, "widest line \(widest)")
        let csv = try Binary.run(["rank", path, "--samples", "2000", "--format", "csv", "--by", "shapley"])
        #expect(csv.stdout.split(separator: "\n").count == features.count + 1)
        let markdown = try Binary.run(["rank", path, "--samples", "2000", "--format", "markdown", "--by", "per-effort"])
        #expect(markdown.stdout.hasPrefix("## ") && markdown.stdout.contains("| RICE # |"))
    }

    @Test(arguments: scenarios)
    func compareEveryShippedScenario(_ file: String) throws {
        let path = ScenarioFiles.directory + "/" + file
        let run = try Binary.run(["compare", path, "--samples", "2000", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        let plans = json["plans"] as! [[String: Any]]
        #expect(plans.last?["name"] as? String == "baseline")
        for plan in plans {
            for key in ["name", "features", "effort", "primary"] { #expect(plan[key] != nil) }
            let primary = plan["primary"] as! [String: Any]
            for key in ["mean", "sd", "mcse", "p5", "p50", "p95", "prob_target"] { #expect(primary[key] != nil) }
        }
        let pairs = json["pairs"] as! [[String: Any]]
        #expect(pairs.count == plans.count * (plans.count - 1) / 2)
        for pair in pairs {
            for key in ["a", "b", "diff", "prob_a_better", "crossover_period"] { #expect(pair.keys.contains(key)) }
        }
        let table = try Binary.run(["compare", path, "--samples", "2000"])
        #expect((table.stdout.split(separator: "\n").map(\.count).max() ?? 0) <= 80)
        #expect(try Binary.run(["compare", path, "--plans", "baseline"]).status == 64)
        #expect(try Binary.run(["compare", path, "--plans", "baseline,nope"]).status == 64)
        #expect(try Binary.run(["compare", path, "--plans", "baseline,baseline"]).status == 64)
    }

    @Test(arguments: scenarios)
    func optimizeEveryShippedScenario(_ file: String) throws {
        let path = ScenarioFiles.directory + "/" + file
        let run = try Binary.run(["optimize", path, "--samples", "2000", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        for key in ["budget", "objective", "best", "frontier"] { #expect(json[key] != nil) }
        let best = json["best"] as! [String: Any]
        for key in ["features", "effort", "primary", "uplift"] { #expect(best[key] != nil) }
        #expect((best["effort"] as! Double) <= (json["budget"] as! Double))
        for point in json["frontier"] as! [[String: Any]] { for key in ["effort", "features", "mean"] { #expect(point[key] != nil) } }
        let table = try Binary.run(["optimize", path, "--samples", "2000", "--objective", "p10"])
        #expect(table.status == 0 && (table.stdout.split(separator: "\n").map(\.count).max() ?? 0) <= 80)
        let focus = try Binary.run(["compare", path, "--by", "focus", "--budget", "8", "--samples", "2000", "--format", "json"])
        let names = ((try JSONSerialization.jsonObject(with: Data(focus.stdout.utf8)) as! [String: Any])["plans"] as! [[String: Any]]).map { $0["name"] as! String }
        #expect(Set(names).isSuperset(of: ["best acquisition", "best retention", "best monetization", "baseline"]), "\(names)")
        #expect(names.last == "baseline" && names.dropLast().allSatisfy { $0.hasPrefix("best ") })
        #expect(try Binary.run(["optimize", path, "--require", "nope"]).status == 64)
    }

    @Test(arguments: scenarios)
    func alignTheFirstPlanOfEveryShippedScenario(_ file: String) throws {
        let path = ScenarioFiles.directory + "/" + file
        let summary = try JSONSerialization.jsonObject(with: Data(try Binary.run(["validate", path, "--format", "json"]).stdout.utf8)) as! [String: Any]
        let plan = (summary["plans"] as! [[String: Any]])[0]["name"] as! String
        let run = try Binary.run(["align", path, "--plan", plan, "--samples", "2000", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        for key in ["plan", "effort", "uplift", "best_same_effort", "efficiency", "features"] { #expect(json[key] != nil, "missing \(key)") }
        for feature in json["features"] as! [[String: Any]] { for key in ["id", "marginal", "aligned"] { #expect(feature[key] != nil) } }
        let table = try Binary.run(["align", path, "--plan", plan, "--samples", "2000"])
        #expect(table.status == 0 && (table.stdout.split(separator: "\n").map(\.count).max() ?? 0) <= 80)
        #expect(try Binary.run(["align", path, "--plan", plan, "--primary", "nope"]).status == 64)
    }

    @Test(arguments: scenarios)
    func stressSensitivityAndValueOfInformationOnEveryShippedScenario(_ file: String) throws {
        let path = ScenarioFiles.directory + "/" + file
        let stress = try Binary.run(["stress", path, "--samples", "2000", "--shock", "churn=+10%", "--format", "json"])
        if stress.status == 64 {
            // Not every scenario has an input called churn.
            #expect(stress.stderr.contains("'churn'"))
        } else {
            #expect(stress.status == 0, "\(stress.stderr)")
            let json = try JSONSerialization.jsonObject(with: Data(stress.stdout.utf8)) as! [String: Any]
            for key in ["target", "plans", "drivers"] { #expect(json[key] != nil) }
            let plans = json["plans"] as! [[String: Any]]
            #expect(plans.contains { $0["name"] as? String == "baseline" })
            for plan in plans { for key in ["name", "prob_target", "expected_shortfall"] { #expect(plan[key] != nil) } }
        }
        let sensitivity = try Binary.run(["sensitivity", path, "--samples", "2000", "--format", "json"])
        #expect(sensitivity.status == 0, "\(sensitivity.stderr)")
        let indices = (try JSONSerialization.jsonObject(with: Data(sensitivity.stdout.utf8)) as! [String: Any])["inputs"] as! [[String: Any]]
        for index in indices { for key in ["name", "first_order", "total_order", "first_order_ci", "total_order_ci"] { #expect(index.keys.contains(key)) } }
        let voi = try Binary.run(["voi", path, "--samples", "4000", "--format", "json"])
        #expect(voi.status == 0, "\(voi.stderr)")
        let value = try JSONSerialization.jsonObject(with: Data(voi.stdout.utf8)) as! [String: Any]
        for key in ["evpi", "inputs", "alternatives"] { #expect(value[key] != nil) }
        for command in [["stress", path, "--samples", "2000"], ["sensitivity", path, "--samples", "2000"], ["voi", path, "--samples", "2000"]] {
            let table = try Binary.run(command)
            #expect(table.status == 0 && (table.stdout.split(separator: "\n").map(\.count).max() ?? 0) <= 80, "\(command[0])")
        }
    }

    @Test func stressSolvesForWhatWouldHaveToBeTrue() throws {
        let path = ScenarioFiles.directory + "/online-store.yaml"
        let run = try Binary.run(["stress", path, "--samples", "4000", "--plans", "checkout_first", "--solve", "traffic",
                                  "--probability", "0.6", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let solve = (try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any])["solve"] as! [String: Any]
        #expect(solve["input"] as? String == "traffic" && (solve["shift"] as! Double) > 0)
        #expect(abs((solve["prob_target"] as! Double) - 0.6) < 0.01)
        #expect(try Binary.run(["stress", path, "--solve", "traffic"]).status == 64)
        #expect(try Binary.run(["stress", path, "--shock", "trafic=-10%"]).stderr.contains("did you mean 'traffic'?"))
    }

    /// A loss to stay above is a negative target, written as is; every plan clears it.
    @Test func aNegativeTargetIsANumber() throws {
        let path = ScenarioFiles.directory + "/online-store.yaml"
        let spaced = try Binary.run(["stress", path, "--samples", "2000", "--target", "-50000", "--format", "json"])
        #expect(spaced.status == 0, "\(spaced.stderr)")
        let joined = try Binary.run(["stress", path, "--samples", "2000", "--target=-5e4", "--format", "json"])
        #expect(joined.stdout == spaced.stdout)
        let stress = try JSONSerialization.jsonObject(with: Data(spaced.stdout.utf8)) as! [String: Any]
        #expect((stress["target"] as? Double) == -50000, "\(stress.keys.sorted())")
        #expect(try Binary.run(["stress", path, "--target", "--samples"]).stderr.contains("--samples"))
    }

    @Test func rankWithinAPlan() throws {
        let path = ScenarioFiles.directory + "/online-store.yaml"
        let run = try Binary.run(["rank", path, "--plan", "loyalty_first", "--samples", "2000", "--format", "json"])
        let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        let ids = (json["features"] as! [[String: Any]]).map { $0["id"] as! String }
        #expect(Set(ids) == ["loyalty_program", "reorder_reminders"])
        #expect(try Binary.run(["rank", path, "--by", "best"]).status == 64)
        #expect(try Binary.run(["rank", path, "--plan", "baseline"]).status == 64)
    }

    @Test func theReadmeExampleIsAValidScenario() throws {
        let readme = try String(contentsOfFile: ScenarioFiles.directory + "/../README.md", encoding: .utf8)
        let start = try #require(readme.range(of: "```yaml\n")), end = try #require(readme.range(of: "```", range: start.upperBound..<readme.endIndex))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("readme-\(UUID()).yaml")
        try String(readme[start.upperBound..<end.lowerBound]).write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try Binary.run(["validate", file.path])
        #expect(run.status == 0, "\(run.stderr)")
    }

    @Test func sameNumbersAtOneAndTwoThreads() throws {
        let path = ScenarioFiles.directory + "/subscription-app.yaml"
        let one = try Binary.run(["simulate", path, "--samples", "20000", "--threads", "1", "--format", "json"])
        let two = try Binary.run(["simulate", path, "--samples", "20000", "--threads", "2", "--format", "json"])
        #expect(one.status == 0 && one.stdout == two.stdout)
    }

    @Test func setOverridesAnInput() throws {
        let path = ScenarioFiles.directory + "/online-store.yaml"
        let run = try Binary.run(["simulate", path, "--samples", "2000", "--set", "traffic=0", "--format", "json"])
        let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        let periods = json["periods"] as! [[String: Any]]
        let newCustomers = (periods[0]["metrics"] as! [String: [String: Double]])["new_customers"]!
        #expect(newCustomers["mean"] == 0)
        let typo = try Binary.run(["simulate", path, "--set", "trafic=0"])
        #expect(typo.status == 1 && typo.stderr.contains("did you mean 'traffic'?"))
    }

    @Test func scenarioErrorsExitOneWithPositions() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("fulcrum-bad-\(UUID()).yaml")
        try "name: x\nhorizon: 3\nprimary: {metric: a}\ninputs:\n  a: normal(0, -1)\nfeaturs: {}\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try Binary.run(["validate", file.path])
        #expect(run.status == 1)
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("\(file.path):5:6: error: ") && lines[0].contains("sd must be >= 0"))
        #expect(lines[1].hasPrefix("\(file.path):6:1: error: unknown key 'featurs'"))
        let missing = try Binary.run(["simulate", "/nonexistent/scenario.yaml"])
        #expect(missing.status == 1 && missing.stderr.contains("no such file"))
    }

    @Test func usageErrorsExitSixtyFour() throws {
        let path = ScenarioFiles.directory + "/online-store.yaml"
        for arguments in [["--plan", "chekout_first"], ["--samples", "0"], ["--format", "xml"], ["--plan", "loyalty_first", "--features", "a"],
                          ["--features", "personalised_recommendations,free_shipping_threshold"]] {
            let run = try Binary.run(["simulate", path] + arguments)
            #expect(run.status == 64, "\(arguments): \(run.stderr)")
        }
        let misspelled = try Binary.run(["simulate", path, "--plan", "chekout_first"])
        #expect(misspelled.stderr.contains("did you mean 'checkout_first'?"))
    }

    @Test func outputFileIsWrittenOnlyWhenTheRunSucceeds() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fulcrum-out-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = ScenarioFiles.directory + "/online-store.yaml"
        let target = directory.appendingPathComponent("result.json")
        let ok = try Binary.run(["simulate", good, "--samples", "1000", "--format", "json", "--output", target.path])
        #expect(ok.status == 0 && ok.stdout.isEmpty)
        let written = try String(contentsOf: target, encoding: .utf8)
        #expect(written.hasPrefix("{"))
        let broken = directory.appendingPathComponent("broken.yaml")
        try "name: b\nhorizon: 2\nprimary: {metric: r}\ninputs: {x: 1}\nmetrics: {r: x / (t - 2)}\n".write(to: broken, atomically: true, encoding: .utf8)
        let failed = try Binary.run(["simulate", broken.path, "--output", target.path])
        #expect(failed.status == 1 && failed.stderr.contains("metric 'r' is inf in period 2"))
        #expect(try String(contentsOf: target, encoding: .utf8) == written, "a failed run leaves the previous file alone")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["broken.yaml", "result.json"])
    }
}
