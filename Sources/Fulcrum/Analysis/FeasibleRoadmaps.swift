/// Every roadmap that fits the budget and respects `requires`, `excludes` and the user's
/// `--require`/`--exclude`, listed by depth-first search with the budget and exclusions
/// cutting branches as soon as they break.
enum FeasibleRoadmaps {
    /// The feasible sets of item indices, or nil when there are more than `limit`.
    static func all(_ items: [RoadmapKnapsack.Item], budget: Double, costBudget: Double = .infinity, forced: Set<Int>,
                    forbidden: Set<Int>, limit: Int) -> [[Int]]? {
        var found: [[Int]] = []
        var chosen: [Int] = []
        var tooMany = false
        // Requirements are checked at the leaves, so a search can also run long without
        // finding feasible sets; it gives up after a bounded number of steps either way.
        var steps = 0
        func visit(_ next: Int, effort: Double, cost: Double) {
            steps += 1
            if steps > 64 * limit { tooMany = true }
            guard !tooMany else { return }
            if next == items.count {
                guard chosen.allSatisfy({ items[$0].requires.allSatisfy(chosen.contains) }) else { return }
                if found.count == limit { tooMany = true; return }
                found.append(chosen)
                return
            }
            if !forced.contains(next) { visit(next + 1, effort: effort, cost: cost) }
            let item = items[next]
            guard !forbidden.contains(next), effort + item.effort <= budget + 1e-9 * max(1, budget),
                  cost + item.cost <= costBudget + 1e-9 * max(1, costBudget),
                  !chosen.contains(where: { items[$0].excludes.contains(next) || item.excludes.contains($0) }) else { return }
            chosen.append(next)
            visit(next + 1, effort: effort + item.effort, cost: cost + item.cost)
            chosen.removeLast()
        }
        visit(0, effort: 0, cost: 0)
        return tooMany ? nil : found
    }
}
