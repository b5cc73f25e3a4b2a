import Foundation
import Testing
@testable import Fulcrum

/// `fulcrum tree`: every feature's line of sight to the goal, and what has none.
@Suite struct DriverTreeTests {
    @Test func theGoalDecidesWhatIsOnThePath() throws {
        let scenario = try ScenarioLoader.load(path: ScenarioFiles.directory + "/growth-to-profit.yaml")
        let growth = DriverTree(scenario)
        #expect(growth.nodes.first?.name == "active_users" && growth.nodes.first?.depth == 0)
        #expect(Set(growth.nodes.map(\.name)) == ["active_users", "churn", "new_active", "signups", "activation"])
        #expect(growth.featuresWithoutPath == ["premium_tier", "infra_efficiency"])
        #expect(Set(growth.unreachable) == ["paid_share", "arpu", "cost_per_signup", "serving_cost", "revenue", "acquisition_spend", "running_cost", "margin"])
        let profit = DriverTree(try scenario.judged(byGoal: "profit"))
        #expect(profit.nodes.first?.name == "margin")
        #expect(profit.featuresWithoutPath.isEmpty && profit.unreachable.isEmpty)
        #expect(profit.nodes.first { $0.name == "signups" }?.features.map(\.feature) == ["referral_loop", "paid_campaign"])
        #expect(profit.nodes.first { $0.name == "active_users" }?.lagged == ["active_users"])
    }

    @Test(arguments: ScenarioFiles.all)
    func everyShippedScenarioHasATree(_ file: String) throws {
        let path = ScenarioFiles.directory + "/" + file
        let scenario = try ScenarioLoader.load(path: path)
        let tree = DriverTree(scenario)
        let onPath = Set(tree.nodes.map(\.name))
        #expect(onPath.union(tree.unreachable) == Set(scenario.nodeNames), "every input and metric is in the tree or listed apart")
        for feature in scenario.features {
            let reaches = feature.effects.contains { onPath.contains($0.target) }
            #expect(reaches != tree.featuresWithoutPath.contains(feature.id), "\(file): \(feature.id)")
        }
        for format in ["table", "markdown", "csv"] {
            let run = try Binary.run(["tree", path, "--format", format])
            #expect(run.status == 0 && run.stdout.contains(scenario.primary.metric), "\(file) \(format): \(run.stderr)")
        }
        let json = try Binary.run(["tree", path, "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        for key in ["scenario", "goal", "nodes", "unreachable", "features_without_path", "provenance"] { #expect(object[key] != nil, "\(key)") }
        let attached = (object["nodes"] as! [[String: Any]]).flatMap { ($0["features"] as! [[String: Any]]).map { $0["id"] as! String } }
        #expect(Set(attached).union(tree.featuresWithoutPath) == Set(scenario.features.map(\.id)))
    }

    @Test func anUnknownGoalIsAUsageError() throws {
        let run = try Binary.run(["tree", ScenarioFiles.directory + "/growth-to-profit.yaml", "--goal", "grwth"])
        #expect(run.status == 64 && run.stderr.contains("did you mean 'growth'?"), "\(run.stderr)")
    }
}
