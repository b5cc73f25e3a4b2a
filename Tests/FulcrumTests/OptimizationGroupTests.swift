import Foundation
import Testing
@testable import Fulcrum

/// The optimizer's local search on features that pay only together (customers who need
/// every one of their requirements), where single-feature moves see no gain at all.
@Suite(.serialized) struct OptimizationGroupTests {
    /// Requirements at 0 lifted to 1 by their features; customer j pays profit_j * min(its requirements).
    static func nextRelease(costs: [Int], wants: [[Int]], profits: [Int], budget: Int) -> String {
        var lines = ["name: next release", "horizon: 1", "samples: 16", "primary: {metric: value}", "inputs:"]
        lines += costs.indices.map { "  r\($0): 0" }
        lines.append("metrics:")
        lines += wants.enumerated().map { j, w in
            "  c\(j): \(profits[j]) * " + (w.count == 1 ? "r\(w[0])" : "min(\(w.map { "r\($0)" }.joined(separator: ", ")))")
        }
        lines.append("  value: " + wants.indices.map { "c\($0)" }.joined(separator: " + "))
        lines.append("features:")
        lines += costs.enumerated().map { i, c in "  f\(i): {effort: \(c), effects: {r\(i): {delta: 1}}}" }
        lines.append("budget: \(budget)")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Costs 1 to `largestCost`, customers who each want one to three requirements and pay
    /// 5 to 50, from a linear congruential stream.
    static func randomRelease(seed: UInt64, requirements: Int, customers: Int, largestCost: Int) -> (costs: [Int], wants: [[Int]], profits: [Int]) {
        var state = seed
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        let costs = (0..<requirements).map { _ in 1 + next(largestCost) }
        let wants = (0..<customers).map { _ in Array(Set((0..<(1 + next(3))).map { _ in next(requirements) }).sorted()) }
        let profits = (0..<customers).map { _ in 5 + next(46) }
        return (costs, wants, profits)
    }

    static func optimize(_ yaml: String) throws -> (stdout: String, value: Double, kind: String) {
        let (stdout, json, path) = try optimizeJSON(yaml)
        let best = json["best"] as! [String: Any], method = json["method"] as! [String: Any]
        return (stdout.replacingOccurrences(of: path, with: "release.yaml"), best["objective_value"] as! Double, method["kind"] as! String)
    }

    static func optimizeJSON(_ yaml: String, format: String = "json") throws -> (stdout: String, json: [String: Any], path: String) {
        let path = try TestSupport.temporaryDirectory() + "/release.yaml"
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        let run = try Binary.run(["optimize", path, "--format", format])
        #expect(run.status == 0, "\(run.stderr)")
        let json = format == "json" ? try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any] : [:]
        return (run.stdout, json, path)
    }

    /// The value of a release in closed form: the profit of every customer whose
    /// requirements all ship.
    static func value(_ chosen: Set<Int>, wants: [[Int]], profits: [Int]) -> Double {
        Double(zip(wants, profits).filter { want, _ in want.allSatisfy(chosen.contains) }.map(\.1).reduce(0, +))
    }

    /// Fifteen customers, each needing its own two requirements of effort 1, and a budget of
    /// 10: the optimum serves the five who pay most. Every requirement alone is worth 0.
    @Test func groupsThatPayOnlyTogetherAreFound() throws {
        let profits = [12, 40, 7, 33, 25, 18, 50, 9, 21, 44, 15, 28, 36, 11, 5]
        let yaml = Self.nextRelease(costs: [Int](repeating: 1, count: 30), wants: (0..<15).map { [2 * $0, 2 * $0 + 1] },
                                    profits: profits, budget: 10)
        let result = try Self.optimize(yaml)
        #expect(result.kind == "local_search")
        #expect(result.value == Double(profits.sorted().suffix(5).reduce(0, +)))
    }

    /// Many neighbours tie when nothing is uncertain; which one the search takes must not
    /// depend on the process (a Set's order does).
    @Test func theSameAnswerInEveryProcess() throws {
        let (costs, wants, profits) = Self.randomRelease(seed: 42, requirements: 40, customers: 25, largestCost: 9)
        let yaml = Self.nextRelease(costs: costs, wants: wants, profits: profits, budget: costs.reduce(0, +) / 3)
        let runs = try (0..<4).map { _ in try Self.optimize(yaml).stdout }
        #expect(Set(runs).count == 1)
    }

    /// A hundred requirements and half the effort: about 2,500 swaps, more than a move
    /// simulates. The answer's value is checked in closed form, and so is the claim that no
    /// add or remove beats it; the output says the swaps were screened.
    @Test func aScreenedSearchSaysSoAndNoAddOrRemoveBeatsIt() throws {
        let (costs, wants, profits) = Self.randomRelease(seed: 7, requirements: 100, customers: 60, largestCost: 2)
        let budget = costs.reduce(0, +) / 2
        let (_, json, _) = try Self.optimizeJSON(Self.nextRelease(costs: costs, wants: wants, profits: profits, budget: budget))
        let method = json["method"] as! [String: Any], best = json["best"] as! [String: Any]
        #expect(method["kind"] as? String == "local_search" && method["optimal"] as? Bool == false)
        #expect(method["stopped"] as? String == "screened")
        let swaps = try #require(method["swaps"] as? Int), simulated = try #require(method["swaps_simulated"] as? Int)
        #expect(simulated == Optimization.swapShortlist(features: 100) && swaps > simulated + 100, "\(simulated) of \(swaps)")
        let chosen = Set((best["features"] as! [String]).map { Int($0.dropFirst())! })
        let value = Self.value(chosen, wants: wants, profits: profits)
        #expect(value == best["objective_value"] as! Double)
        #expect(chosen.map { costs[$0] }.reduce(0, +) <= budget)
        let effort = chosen.map { costs[$0] }.reduce(0, +)
        for feature in 0..<100 {
            if chosen.contains(feature) {
                #expect(Self.value(chosen.subtracting([feature]), wants: wants, profits: profits) <= value)
            } else if effort + costs[feature] <= budget {
                #expect(Self.value(chosen.union([feature]), wants: wants, profits: profits) <= value)
            }
        }
        let text = try Self.optimizeJSON(Self.nextRelease(costs: costs, wants: wants, profits: profits, budget: budget), format: "table").stdout
        #expect(text.replacingOccurrences(of: "\n", with: " ").contains("only the \(simulated) that their adds' and removes' gains predict best, so a better roadmap may be one swap away"))
    }

    /// Forty customers who each pay only for their own two requirements, and room for thirty:
    /// every requirement alone is worth nothing, but the customers' group moves do not touch
    /// each other, so a move takes several at once and the search ends at the optimum, the
    /// thirty who pay most, well before the move limit.
    @Test func aMoveTakesImprovementsThatDoNotOverlapTogether() throws {
        let wants = (0..<40).map { [2 * $0, 2 * $0 + 1] }, profits = (0..<40).map { 10 + $0 }
        let yaml = Self.nextRelease(costs: [Int](repeating: 1, count: 80), wants: wants, profits: profits, budget: 60)
        let (_, json, _) = try Self.optimizeJSON(yaml)
        let method = json["method"] as! [String: Any], best = json["best"] as! [String: Any]
        #expect(best["objective_value"] as? Double == Double(profits.suffix(30).reduce(0, +)))
        let moves = try #require(method["moves"] as? Int)
        #expect(moves < 30 / 2, "\(moves) moves")
    }

    /// Forty customers in a chain: each one's second requirement requires the customer
    /// before's, so only the next customer's group move is possible, one customer per move,
    /// and the search is still improving when it reaches the move limit, which the output says.
    @Test func aSearchStoppedAtTheMoveLimitSaysSo() throws {
        let wants = (0..<40).map { [2 * $0, 2 * $0 + 1] }, profits = (0..<40).map { 10 + $0 }
        var lines = Self.nextRelease(costs: [Int](repeating: 1, count: 80), wants: wants, profits: profits, budget: 60)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for j in 1..<40 {
            let line = lines.firstIndex(of: "  f\(2 * j + 1): {effort: 1, effects: {r\(2 * j + 1): {delta: 1}}}")!
            lines[line] = "  f\(2 * j + 1): {effort: 1, requires: [f\(2 * j - 1)], effects: {r\(2 * j + 1): {delta: 1}}}"
        }
        let yaml = lines.joined(separator: "\n")
        let (_, json, _) = try Self.optimizeJSON(yaml)
        let method = json["method"] as! [String: Any], best = json["best"] as! [String: Any]
        #expect(method["stopped"] as? String == "move_limit" && method["moves"] as? Int == Optimization.moveLimit)
        let chosen = Set((best["features"] as! [String]).map { Int($0.dropFirst())! })
        #expect(Self.value(chosen, wants: wants, profits: profits) == best["objective_value"] as! Double)
        let text = try Self.optimizeJSON(yaml, format: "table").stdout.replacingOccurrences(of: "\n", with: " ")
        #expect(text.contains("stopped after \(Optimization.moveLimit) moves while still improving"))
    }
}
