import Foundation
import Testing

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

    static func optimize(_ yaml: String) throws -> (stdout: String, value: Double, kind: String) {
        let path = try TestSupport.temporaryDirectory() + "/release.yaml"
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        let run = try Binary.run(["optimize", path, "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        let best = json["best"] as! [String: Any], method = json["method"] as! [String: Any]
        return (run.stdout.replacingOccurrences(of: path, with: "release.yaml"), best["objective_value"] as! Double, method["kind"] as! String)
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
        var state: UInt64 = 42
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        let costs = (0..<40).map { _ in 1 + next(9) }
        let wants = (0..<25).map { _ in Array(Set((0..<(1 + next(3))).map { _ in next(40) }).sorted()) }
        let profits = (0..<25).map { _ in 5 + next(46) }
        let yaml = Self.nextRelease(costs: costs, wants: wants, profits: profits, budget: costs.reduce(0, +) / 3)
        let runs = try (0..<4).map { _ in try Self.optimize(yaml).stdout }
        #expect(Set(runs).count == 1)
    }
}
