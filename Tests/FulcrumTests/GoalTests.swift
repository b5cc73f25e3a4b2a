import Foundation
import Testing
@testable import Fulcrum

/// Named goals: `--goal`, `--target` and `--horizon` answer exactly as the edited file would.
@Suite(.serialized) struct GoalTests {
    static let shipped = ScenarioFiles.directory + "/growth-to-profit.yaml"

    /// A copy of the shipped scenario with one line changed, beside a scratch directory.
    private func edited(_ replace: String, with replacement: String) throws -> String {
        let text = try String(contentsOfFile: Self.shipped, encoding: .utf8)
        #expect(text.contains(replace))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fulcrum-goal-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("growth-to-profit.yaml").path
        try text.replacingOccurrences(of: replace, with: replacement).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The JSON without `provenance`, which names the file and options and so must differ.
    static func withoutProvenance(_ run: Binary.Run) throws -> NSDictionary {
        var json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        #expect(json["provenance"] != nil)
        json["provenance"] = nil
        return json as NSDictionary
    }

    static let commands: [[String]] = [
        ["simulate", "--plan", "grow_fast"], ["rank"], ["compare"], ["optimize"], ["stress"], ["sensitivity"], ["voi"],
    ]

    @Test(arguments: commands)
    func goalOptionEqualsTheEditedFile(_ command: [String]) throws {
        let profit = try edited("primary: growth", with: "primary: profit")
        let common = ["--samples", "2000", "--format", "json"]
        let viaOption = try Binary.run(command + [Self.shipped, "--goal", "profit"] + common)
        let viaFile = try Binary.run(command + [profit] + common)
        #expect(viaOption.status == 0 && viaFile.status == 0, "\(viaOption.stderr) \(viaFile.stderr)")
        #expect(try Self.withoutProvenance(viaOption) == Self.withoutProvenance(viaFile), "\(command)")
    }

    @Test func targetAndHorizonOptionsEqualTheEditedFile() throws {
        let file = try edited("horizon: 12", with: "horizon: 9")
        let retargeted = try edited("target: 175000", with: "target: 150000")
        let common = ["--samples", "2000", "--format", "json"]
        let horizon = try Binary.run(["stress", Self.shipped, "--horizon", "9"] + common)
        let shortened = try Binary.run(["stress", file] + common)
        #expect(horizon.status == 0 && shortened.status == 0)
        #expect(try Self.withoutProvenance(horizon) == Self.withoutProvenance(shortened))
        let target = try Binary.run(["stress", Self.shipped, "--target", "150_000"] + common)
        let edited = try Binary.run(["stress", retargeted] + common)
        #expect(target.status == 0 && edited.status == 0)
        #expect(try Self.withoutProvenance(target) == Self.withoutProvenance(edited))
    }

    @Test func alignShowsThePlanUnderBothGoals() throws {
        let run = try Binary.run(["align", Self.shipped, "--plan", "grow_fast", "--goal", "profit", "--samples", "3000", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        let first = json["verdict"] as? [String: Any] ?? json
        #expect((first["primary"] as? String) == "active_users" || run.stdout.contains("\"active_users\""))
        let alternative = try #require(json["alternative"] as? [String: Any])
        #expect(alternative["primary"] as? String == "margin")
        let text = try Binary.run(["align", Self.shipped, "--plan", "grow_fast", "--goal", "profit", "--samples", "3000"]).stdout
        #expect(text.contains("From growth to profit"))
        #expect(text.contains("Against margin, summed over 12 months"), "the goal's own aggregate, not the primary's")
    }

    @Test func growthAndProfitDisagreeOnTheShippedPlans() throws {
        let scenario = try ScenarioLoader.load(path: Self.shipped)
        func mean(_ goal: String, _ plan: String) throws -> Double {
            let judged = try scenario.judged(byGoal: goal)
            let roadmap = try Roadmap(judged.plan(named: plan)!.features, in: judged, describedAs: plan)
            return try Simulation.run(try Model(judged), roadmap: roadmap, settings: .init(samples: 4000, seed: 3, threads: 2)).primary.mean
        }
        #expect(try mean("growth", "grow_fast") > mean("growth", "profitable"))
        #expect(try mean("profit", "profitable") > mean("profit", "grow_fast"))
    }

    @Test func badGoalsAreLocatedOrRefused() throws {
        let unknown = try Binary.run(["rank", Self.shipped, "--goal", "proft", "--samples", "200"])
        #expect(unknown.status == 64 && unknown.stderr.contains("--goal 'proft' is not a goal of the scenario (did you mean 'profit'?)"), "\(unknown.stderr)")
        let store = try Binary.run(["rank", ScenarioFiles.directory + "/online-store.yaml", "--goal", "x", "--samples", "200"])
        #expect(store.status == 64 && store.stderr.contains("has no named goals"), "\(store.stderr)")
        do {
            _ = try ScenarioLoader.load(text: """
                name: g
                horizon: 2
                goals:
                  growth: {metric: users, aggregate: last}
                  profit: {metric: margn}
                primary: grwth
                inputs: {users: 1, margin: 2}
                """, file: "g.yaml")
            Issue.record("accepted")
        } catch {
            let messages = error.all.map(\.description)
            #expect(messages.contains { $0.hasPrefix("g.yaml:6:10: error: 'primary' names 'grwth', which is not one of the goals (did you mean 'growth'?)") }, "\(messages)")
            #expect(messages.contains { $0.hasPrefix("g.yaml:5:20: error: goal 'profit' names 'margn', which is neither an input nor a metric (did you mean 'margin'?)") }, "\(messages)")
        }
    }
}

/// Roadmaps named on the command line: plans, `baseline`, and feature ids joined by `+`.
@Suite struct RoadmapListTests {
    static let app = ScenarioFiles.directory + "/subscription-app.yaml"

    @Test func featureIdsJoinedByPlusAreRoadmaps() throws {
        let joined = try Binary.run(["compare", Self.app, "--plans", "onboarding_checklist+win_back_campaign,baseline", "--samples", "2000", "--format", "json"])
        #expect(joined.status == 0, "\(joined.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(joined.stdout.utf8)) as! [String: Any]
        let roadmaps = (json["plans"] as? [[String: Any]]) ?? []
        #expect(roadmaps.contains { ($0["features"] as? [String]) == ["onboarding_checklist", "win_back_campaign"] }, "\(joined.stdout.prefix(600))")
        for (command, option) in [("stress", "--plans"), ("voi", "--alternatives")] {
            let run = try Binary.run([command, Self.app, option, "baseline,referral_rewards+premium_tier", "--samples", "1000"])
            #expect(run.status == 0, "\(command): \(run.stderr)")
            #expect(run.stdout.contains("referral_rewards+premium_tier"), "\(command) names the roadmap as written")
        }
    }

    @Test func alignTakesFeaturesAsWellAsAPlan() throws {
        let shipped = ScenarioFiles.directory + "/growth-to-profit.yaml"
        let common = ["--samples", "1500", "--format", "json"]
        let byPlan = try Binary.run(["align", shipped, "--plan", "grow_fast"] + common)
        let byFeatures = try Binary.run(["align", shipped, "--features", "referral_loop,paid_campaign,onboarding_revamp"] + common)
        #expect(byPlan.status == 0 && byFeatures.status == 0, "\(byFeatures.stderr)")
        func verdict(_ run: Binary.Run) throws -> NSDictionary {
            var json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
            for key in ["provenance", "plan"] { json[key] = nil }
            return json as NSDictionary
        }
        #expect(try verdict(byPlan) == verdict(byFeatures))
        let neither = try Binary.run(["align", shipped, "--samples", "100"])
        #expect(neither.status == 64 && neither.stderr.contains("--plan NAME or --features a,b"))
    }

    /// One roadmap on a command that weighs roadmaps is that roadmap against the baseline;
    /// on optimize, the features to choose among.
    @Test func aSingleRoadmapEqualsTheListItStandsFor() throws {
        let common = ["--samples", "1500", "--format", "json"]
        let scenario = try ScenarioLoader.load(path: Self.app)
        let monetize = try #require(scenario.plan(named: "monetize")).features
        let others = scenario.features.map(\.id).filter { !monetize.contains($0) }
        #expect(!others.isEmpty && scenario.features.allSatisfy { $0.requires.isEmpty || !monetize.contains($0.id) })
        let cases: [([String], [String])] = [
            (["compare", "--features", "referral_rewards,premium_tier"], ["compare", "--plans", "referral_rewards+premium_tier,baseline"]),
            (["stress", "--plan", "monetize"], ["stress", "--plans", "monetize,baseline"]),
            (["voi", "--features", "premium_tier"], ["voi", "--alternatives", "premium_tier,baseline"]),
            (["optimize", "--budget", "6", "--plan", "monetize"],
             ["optimize", "--budget", "6", "--exclude", others.joined(separator: ",")]),
        ]
        for (single, list) in cases {
            let a = try Binary.run(single + [Self.app] + common), b = try Binary.run(list + [Self.app] + common)
            #expect(a.status == 0 && b.status == 0, "\(single): \(a.stderr) \(b.stderr)")
            #expect(try GoalTests.withoutProvenance(a) == GoalTests.withoutProvenance(b), "\(single)")
        }
        for (command, list) in [("compare", "--plans"), ("stress", "--plans"), ("voi", "--alternatives")] {
            let both = try Binary.run([command, Self.app, "--plan", "monetize", list, "baseline,monetize", "--samples", "100"])
            #expect(both.status == 64 && both.stderr.contains("give \(list) or --plan/--features, not both"), "\(command): \(both.stderr)")
        }
        let baseline = try Binary.run(["compare", Self.app, "--plan", "baseline", "--samples", "100"])
        #expect(baseline.status == 64 && baseline.stderr.contains("has no features to weigh against the baseline"), "\(baseline.stderr)")
        let outside = try Binary.run(["optimize", Self.app, "--budget", "6", "--plan", "monetize", "--require", "referral_rewards", "--samples", "100"])
        #expect(outside.status == 64 && outside.stderr.contains("--require names 'referral_rewards', which is not among the candidates of --plan 'monetize'"),
                "\(outside.stderr)")
    }

    /// "best retention" and "best within budget" say which features they are, in every format.
    @Test func chosenRoadmapsShowTheirFeatures() throws {
        let json = try Binary.run(["compare", Self.app, "--by", "focus", "--budget", "10", "--samples", "1500", "--format", "json"])
        let plans = try #require((try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])?["plans"] as? [[String: Any]])
        let retention = try #require(plans.first { $0["name"] as? String == "best retention" }?["features"] as? [String])
        #expect(!retention.isEmpty)
        for format in ["table", "markdown"] {
            let run = try Binary.run(["compare", Self.app, "--by", "focus", "--budget", "10", "--samples", "1500", "--format", format])
            #expect(run.stdout.contains("best retention: \(retention.joined(separator: ", "))"), "\(format): \(run.stdout.prefix(900))")
        }
        let csv = try Binary.run(["compare", Self.app, "--by", "focus", "--budget", "10", "--samples", "1500", "--format", "csv"])
        #expect(csv.stdout.contains(retention.joined(separator: ";")) && csv.stdout.hasPrefix("kind,name,t,effort,mean,sd,mcse,p5,p50,p95,prob_target,prob_a_better,crossover_period,features\n"))
        let stress = try Binary.run(["stress", Self.app, "--samples", "1500"])
        #expect(stress.stdout.contains("What each roadmap ships:\n* best within budget: "), "\(stress.stdout.prefix(900))")
        let stressCSV = try Binary.run(["stress", Self.app, "--samples", "1500", "--format", "csv"])
        #expect(stressCSV.stdout.split(separator: "\n").contains { $0.hasPrefix("plan,best within budget,") && $0.contains("_") })
    }

    @Test func badItemsAreUsageErrors() throws {
        let unknown = try Binary.run(["compare", Self.app, "--plans", "referral_rewards+premum_tier,baseline", "--samples", "200"])
        #expect(unknown.status == 64 && unknown.stderr.contains("'premum_tier', which is not a feature (did you mean 'premium_tier'?)"), "\(unknown.stderr)")
        let same = try Binary.run(["compare", Self.app, "--plans", "premium_tier+referral_rewards,referral_rewards+premium_tier", "--samples", "200"])
        #expect(same.status == 64 && same.stderr.contains("is the same roadmap as"), "\(same.stderr)")
    }

    @Test func tablesShowNamesWhole() throws {
        let long = "onboarding_checklist+personalised_first_week+win_back_campaign"
        for (command, option) in [("compare", "--plans"), ("stress", "--plans")] {
            let run = try Binary.run([command, Self.app, option, long + ",baseline", "--samples", "1000"])
            #expect(run.status == 0 && !run.stdout.contains("…"), "\(command) cut the name: \(run.stdout.prefix(800))")
            for id in long.split(separator: "+") { #expect(run.stdout.contains(id + "+") || run.stdout.contains(id), "\(command): \(id)") }
            #expect(run.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 }, "\(command) folds, not widens, past 80 columns")
        }
        let optimize = try Binary.run(["optimize", Self.app, "--samples", "1000"])
        #expect(!optimize.stdout.contains("…"), "the frontier lists every feature")
    }
}

/// `--set` reaches features too: an effect's magnitude, `success` and `launch`.
@Suite struct FeatureOverrideTests {
    static let shipped = ScenarioFiles.directory + "/growth-to-profit.yaml"

    @Test func eachEqualsTheEditedFile() throws {
        let text = try String(contentsOfFile: Self.shipped, encoding: .utf8)
        let cases: [(String, String, String)] = [
            ("referral_loop.signups=20%", "signups: { lift: 10% to 25% }", "signups: { lift: 20% }"),
            ("referral_loop.success=0.5", "    success: 0.8\n    effects:\n      signups", "    success: 0.5\n    effects:\n      signups"),
            ("referral_loop.launch=4", "    launch: 2\n    ramp: 3\n    success: 0.8", "    launch: 4\n    ramp: 3\n    success: 0.8"),
        ]
        for (set, original, replacement) in cases {
            #expect(text.contains(original), "\(original)")
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fulcrum-set-\(UUID())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let edited = directory.appendingPathComponent("edited.yaml").path
            try text.replacingOccurrences(of: original, with: replacement).write(toFile: edited, atomically: true, encoding: .utf8)
            let common = ["--plan", "grow_fast", "--samples", "2000", "--format", "json"]
            let viaSet = try Binary.run(["simulate", Self.shipped, "--set", set] + common)
            let viaFile = try Binary.run(["simulate", edited] + common)
            #expect(viaSet.status == 0 && viaFile.status == 0, "\(viaSet.stderr) \(viaFile.stderr)")
            #expect(try GoalTests.withoutProvenance(viaSet) == GoalTests.withoutProvenance(viaFile), "\(set)")
            let untouched = try Binary.run(["simulate", Self.shipped] + common)
            #expect(try GoalTests.withoutProvenance(viaSet) != GoalTests.withoutProvenance(untouched), "\(set) changed nothing")
        }
    }

    @Test func mistakesAreLocated() throws {
        let cases: [(String, String)] = [
            ("referral_loop.signup=1", "--set#1:1:1: error: --set names 'referral_loop.signup', but feature 'referral_loop' has no effect on 'signup' (did you mean 'signups'?)"),
            ("referral_loop.success=2", "--set#1:1:23: error: --set referral_loop.success must be a probability in (0, 1], got '2'"),
            ("referral_loop.launch=0", "--set#1:1:22: error: --set referral_loop.launch must be a whole period >= 1, got '0'"),
            ("refferal_loop.launch=2", "--set#1:1:1: error: --set names feature 'refferal_loop', which is not a feature (did you mean 'referral_loop'?)"),
        ]
        for (set, message) in cases {
            let run = try Binary.run(["simulate", Self.shipped, "--set", set, "--samples", "100"])
            #expect(run.status == 1 && run.stderr.contains(message), "\(set): \(run.stderr)")
        }
    }
}
