import Testing
@testable import Fulcrum

@Suite struct KnapsackTests {
    /// Every subset, checked against the constraints: the reference answer.
    func bruteForce(_ items: [RoadmapKnapsack.Item], budget: Double, costBudget: Double = .infinity, forced: Set<Int>, forbidden: Set<Int>) -> Double? {
        var best: Double?
        for mask in 0..<(1 << items.count) {
            let chosen = Set(items.indices.filter { mask & (1 << $0) != 0 })
            guard forced.isSubset(of: chosen), forbidden.isDisjoint(with: chosen) else { continue }
            guard chosen.allSatisfy({ items[$0].requires.allSatisfy(chosen.contains) }) else { continue }
            guard chosen.allSatisfy({ a in chosen.allSatisfy { b in !items[a].excludes.contains(b) } }) else { continue }
            let effort = chosen.map { items[$0].effort }.reduce(0, +)
            guard effort <= budget + 1e-9, chosen.map({ items[$0].cost }).reduce(0, +) <= costBudget + 1e-9 else { continue }
            let value = chosen.map { items[$0].value }.reduce(0, +)
            if best == nil || value > best! { best = value }
        }
        return best
    }

    @Test func branchAndBoundMatchesBruteForceOnRandomConstrainedInstances() {
        var stream = RandomStream(generator: Philox(seed: 99), sample: 0, variable: 1)
        func uniform(_ n: Int) -> Int { min(n - 1, Int(stream.nextUniform() * Double(n))) }
        for instance in 0..<300 {
            let n = 4 + uniform(9)
            var items = (0..<n).map { _ in
                RoadmapKnapsack.Item(value: (stream.nextUniform() - 0.2) * 100, effort: Double(uniform(6)), requires: [], excludes: [])
            }
            for i in 1..<n where stream.nextUniform() < 0.3 { items[i].requires.append(uniform(i)) }
            for i in 0..<n where stream.nextUniform() < 0.2 {
                let other = uniform(n)
                if other != i { items[i].excludes.append(other) }
            }
            let budget = Double(uniform(16))
            let forced: Set<Int> = stream.nextUniform() < 0.2 ? [uniform(n)] : []
            let forbidden: Set<Int> = stream.nextUniform() < 0.2 ? [uniform(n)] : []
            let solver = RoadmapKnapsack(items: items, budget: budget)
            let expected = bruteForce(items, budget: budget, forced: forced, forbidden: forbidden)
            let found = solver.solve(forced: forced, forbidden: forbidden)
            #expect((found == nil) == (expected == nil), "instance \(instance)")
            if let found, let expected {
                #expect(abs(found.value - expected) < 1e-9, "instance \(instance): \(found.value) vs \(expected)")
                #expect(found.isProvenOptimal && found.upperBound == found.value)
                let chosen = Set(found.items)
                #expect(found.effort <= budget + 1e-9)
                #expect(chosen.allSatisfy { items[$0].requires.allSatisfy(chosen.contains) })
                #expect(forced.isSubset(of: chosen) && forbidden.isDisjoint(with: chosen))
            }
        }
    }

    /// Effort and money both limited: the two-constraint branch and bound against every subset.
    @Test func twoLimitsMatchBruteForceOnRandomInstances() {
        var stream = RandomStream(generator: Philox(seed: 7), sample: 0, variable: 2)
        func uniform(_ n: Int) -> Int { min(n - 1, Int(stream.nextUniform() * Double(n))) }
        var bindingCost = 0
        for instance in 0..<300 {
            let n = 4 + uniform(9)
            var items = (0..<n).map { _ in
                RoadmapKnapsack.Item(value: (stream.nextUniform() - 0.2) * 100, effort: Double(uniform(6)),
                                     cost: Double(uniform(5)) * 10_000, requires: [], excludes: [])
            }
            for i in 1..<n where stream.nextUniform() < 0.3 { items[i].requires.append(uniform(i)) }
            for i in 0..<n where stream.nextUniform() < 0.2 {
                let other = uniform(n)
                if other != i { items[i].excludes.append(other) }
            }
            let budget = Double(uniform(16)), costBudget = Double(uniform(12)) * 10_000
            let forced: Set<Int> = stream.nextUniform() < 0.2 ? [uniform(n)] : []
            let expected = bruteForce(items, budget: budget, costBudget: costBudget, forced: forced, forbidden: [])
            let found = RoadmapKnapsack(items: items, budget: budget, costBudget: costBudget).solve(forced: forced)
            #expect((found == nil) == (expected == nil), "instance \(instance)")
            if let found, let expected {
                #expect(abs(found.value - expected) < 1e-9, "instance \(instance): \(found.value) vs \(expected)")
                #expect(found.items.map { items[$0].cost }.reduce(0, +) <= costBudget + 1e-9 && found.effort <= budget + 1e-9)
                if let effortOnly = bruteForce(items, budget: budget, forced: forced, forbidden: []), effortOnly > expected + 1e-9 { bindingCost += 1 }
            }
        }
        #expect(bindingCost > 30, "the cost limit binds in many instances: \(bindingCost)")
    }

    @Test func greedyIsWrongWhereAPrerequisiteUnlocksValue() {
        // The platform is worth nothing alone but unlocks the app; greedy by value per
        // effort takes the two small features instead.
        let items = [
            RoadmapKnapsack.Item(value: 0, effort: 3, requires: [], excludes: []),
            RoadmapKnapsack.Item(value: 100, effort: 2, requires: [0], excludes: []),
            RoadmapKnapsack.Item(value: 30, effort: 2, requires: [], excludes: []),
            RoadmapKnapsack.Item(value: 30, effort: 2, requires: [], excludes: []),
        ]
        let best = RoadmapKnapsack(items: items, budget: 5).solve()
        #expect(best?.items == [0, 1] && best?.value == 100)
    }

    /// Values a constant above their efforts (a "strongly correlated" knapsack) are hard for
    /// the fractional bound; with a node limit of 500 the search stops early. Its answer must
    /// still be feasible, not claimed optimal, and its upper bound at least the optimum,
    /// found here by dynamic programming over the integer efforts.
    @Test func aSearchCutShortBoundsTheOptimum() {
        var stream = RandomStream(generator: Philox(seed: 3), sample: 0, variable: 4)
        let efforts = (0..<120).map { _ in 1 + Int(stream.nextUniform() * 100) }
        let items = efforts.map { RoadmapKnapsack.Item(value: Double($0 + 10), effort: Double($0), requires: [], excludes: []) }
        let budget = efforts.reduce(0, +) / 2
        var best = [Double](repeating: 0, count: budget + 1)
        for item in items {
            let w = Int(item.effort)
            for room in stride(from: budget, through: w, by: -1) { best[room] = max(best[room], best[room - w] + item.value) }
        }
        let optimum = best[budget]
        let found = RoadmapKnapsack(items: items, budget: Double(budget), nodeLimit: 500).solve()!
        #expect(!found.isProvenOptimal)
        #expect(found.items.map { efforts[$0] }.reduce(0, +) <= budget)
        #expect(found.value == found.items.map { items[$0].value }.reduce(0, +))
        #expect(found.value <= optimum && optimum <= found.upperBound, "\(found.value) <= \(optimum) <= \(found.upperBound)")
        // Every bound is at most the root's fractional one, which exceeds the optimum by less than one item's value.
        #expect(found.upperBound - optimum < items.map(\.value).max()!)
    }
}
