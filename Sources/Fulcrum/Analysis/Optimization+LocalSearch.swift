extension Optimization {
    /// Moves the local search makes at most: each is a pass or two over the samples.
    static let moveLimit = 25

    /// Swaps a move simulates when screening them saves roadmaps: the ones its adds and
    /// removes predict best. Twice the features (at least one pass's worth) keeps a move's
    /// cost linear in features where every swap would cost their square.
    static func swapShortlist(features: Int) -> Int { max(roadmapsPerPass, 2 * features) }

    /// The outcome of one move: the best neighbour if it beats the current roadmap, the
    /// neighbours simulated, and the swaps there were and were simulated.
    struct Move {
        var best: Candidate?
        var simulated: Int
        var swaps: Int
        var swapsSimulated: Int
    }

    /// The knapsack answer improved by one-feature moves, group moves and combinations of
    /// them while that helps on the same draws, and how the search ended.
    static func localSearch(
        from start: Candidate, in scenario: Scenario, items: [RoadmapKnapsack.Item], forced: Set<Int>, forbidden: Set<Int>,
        budget: Double, costBudget: Double, ids: [String], objective: Objective,
        evaluate: Evaluate,
        candidate: (Roadmap, RoadmapOutcomes.Outcome) -> Candidate
    ) throws(EvaluationError) -> (path: [Candidate], simulated: Int, end: SearchEnd) {
        let groups = FeatureGroups.of(scenario)
        var path: [Candidate] = [], best = start, simulated = 0
        while true {
            let move = try improvement(of: best, in: scenario, items: items, groups: groups, forced: forced, forbidden: forbidden,
                                       budget: budget, costBudget: costBudget, ids: ids, objective: objective, evaluate: evaluate,
                                       candidate: candidate)
            simulated += move.simulated
            guard let next = move.best else {
                let end: SearchEnd = move.swapsSimulated < move.swaps
                    ? .screened(swapsSimulated: move.swapsSimulated, swaps: move.swaps) : .localOptimum
                return (path, simulated, end)
            }
            path.append(next)
            best = next
            if path.count == moveLimit { return (path, simulated, .moveLimit) }
        }
    }

    /// The best neighbour of the current roadmap (one feature added, removed or swapped, or
    /// a group of features that may pay only together added, making room by dropping the
    /// features the roadmap loses least by per effort; within budget and every constraint),
    /// simulated on the same draws, if it beats the current roadmap.
    ///
    /// Adds and removes are simulated first. When there are more swaps than `swapShortlist`
    /// and the probes together, every roadmap with one more feature is simulated then too,
    /// whatever its effort; a swap's gain is predicted as its add's gain plus its remove's,
    /// exact when the two features do not interact in the current roadmap, and only the
    /// best-predicted swaps are simulated.
    private static func improvement(
        of current: Candidate, in scenario: Scenario, items: [RoadmapKnapsack.Item], groups: [Set<Int>], forced: Set<Int>, forbidden: Set<Int>,
        budget: Double, costBudget: Double, ids: [String], objective: Objective,
        evaluate: Evaluate,
        candidate: (Roadmap, RoadmapOutcomes.Outcome) -> Candidate
    ) throws(EvaluationError) -> Move {
        let position = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
        let chosen = Set(current.roadmap.features.compactMap { position[$0] })
        func fits(_ effort: Double, _ cost: Double) -> Bool {
            effort <= budget + 1e-9 * max(1, budget) && cost <= costBudget + 1e-9 * max(1, costBudget)
        }
        func conflict(_ a: Int, _ b: Int) -> Bool { items[a].excludes.contains(b) || items[b].excludes.contains(a) }
        func totalEffort(_ set: Set<Int>) -> Double { set.map { items[$0].effort }.reduce(0, +) }
        func totalCost(_ set: Set<Int>) -> Double { set.map { items[$0].cost }.reduce(0, +) }
        let effort = totalEffort(chosen), cost = totalCost(chosen)
        func fits(_ set: Set<Int>) -> Bool { fits(totalEffort(set), totalCost(set)) }
        func admissible(_ set: Set<Int>) -> Bool {
            fits(set) && set.allSatisfy { items[$0].requires.allSatisfy(set.contains) } && set.allSatisfy { a in set.allSatisfy { !conflict(a, $0) } }
        }
        // A feature others in the roadmap require cannot leave it alone; one whose
        // prerequisites are not all in the roadmap cannot join it alone.
        let required = Set(chosen.flatMap { items[$0].requires })
        let removable = chosen.subtracting(forced).subtracting(required).sorted()
        let addable = (0..<ids.count).filter { !chosen.contains($0) && !forbidden.contains($0) && items[$0].requires.allSatisfy(chosen.contains) }
        let conflicts = Dictionary(uniqueKeysWithValues: addable.map { a in (a, chosen.filter { conflict(a, $0) }) })
        let adds = addable.filter { conflicts[$0]!.isEmpty && fits(effort + items[$0].effort, cost + items[$0].cost) }
        var swaps: [(removed: Int, added: Int)] = []
        for added in addable where conflicts[added]!.count <= 1 {
            for removed in removable where !items[added].requires.contains(removed) && conflicts[added]!.allSatisfy({ $0 == removed })
                && fits(effort - items[removed].effort + items[added].effort, cost - items[removed].cost + items[added].cost) {
                swaps.append((removed, added))
            }
        }
        // A roadmap of ids costs a sort and its strings' hashes: each set's is made once.
        var made: [Set<Int>: Roadmap] = [:]
        func roadmap(_ set: Set<Int>) -> Roadmap {
            if let known = made[set] { return known }
            let roadmap = Roadmap(unchecked: set.sorted().map { ids[$0] }, in: scenario)
            made[set] = roadmap
            return roadmap
        }
        // Each neighbour extends the current roadmap or the one without its removed feature,
        // and those come from a tree of removals: a move costs a few effects per neighbour,
        // not the whole roadmap's.
        let here = roadmap(chosen)
        var routes: [Roadmap: Roadmap] = [:]
        let members = chosen.sorted(), canLeave = Set(removable)
        for route in Ranking.leaveOneOutRoutes(members: members.map { ids[$0] }, removals: members.map { canLeave.contains($0) ? [ids[$0]] : [] },
                                               in: scenario) where route.roadmap != route.parent {
            routes[route.roadmap] = route.parent
        }
        for added in addable { routes[roadmap(chosen.union([added]))] = here }
        var neighbours = Set(adds.map { chosen.union([$0]) } + removable.map { chosen.subtracting([$0]) })
        @discardableResult func include(_ swaps: [(removed: Int, added: Int)]) -> [Set<Int>] {
            swaps.map { swap in
                let without = chosen.subtracting([swap.removed]), set = without.union([swap.added])
                neighbours.insert(set)
                routes[roadmap(set)] = roadmap(without)
                return set
            }
        }
        // Adds and removes go first: their gains predict the swaps worth simulating and say
        // which features a group move can drop at least loss. Swaps that need no screening
        // share their pass over the samples.
        let shortlist = swapShortlist(features: ids.count)
        let screened = swaps.count > shortlist + addable.count + removable.count
        var chosenSwaps = screened ? [] : swaps
        let first = (screened ? addable : adds).map { chosen.union([$0]) } + removable.map { chosen.subtracting([$0]) } + include(chosenSwaps)
        var simulated: [Set<Int>: RoadmapOutcomes.Outcome] = [:]
        if !first.isEmpty {
            let outcomes = try evaluate(first.map(roadmap), routes)
            for (set, outcome) in zip(first, outcomes.dropFirst()) { simulated[set] = outcome }
        }
        func gain(_ set: Set<Int>) -> Double { objectiveValue(simulated[set]!, objective) - current.objective }
        if screened {
            let predicted = swaps.map { gain(chosen.union([$0.added])) + gain(chosen.subtracting([$0.removed])) }
            chosenSwaps = swaps.indices.sorted { i, j in
                predicted[i] != predicted[j] ? predicted[i] > predicted[j]
                    : (swaps[i].removed, swaps[i].added) < (swaps[j].removed, swaps[j].added)
            }.prefix(shortlist).map { swaps[$0] }
            include(chosenSwaps)
        }
        // A group makes room by dropping what the roadmap loses least by, per effort: a
        // feature's standalone value says nothing of the customers it completes in this roadmap.
        let loss = Dictionary(uniqueKeysWithValues: removable.map { ($0, -gain(chosen.subtracting([$0])) / max(items[$0].effort, 1e-9)) })
        for group in groups where !group.isSubset(of: chosen) && group.isDisjoint(with: forbidden) {
            var set = chosen.union(group)
            let droppable = removable.filter { !group.contains($0) }.sorted { a, b in loss[a]! != loss[b]! ? loss[a]! < loss[b]! : a < b }
            for feature in droppable where !fits(set) { set.remove(feature) }
            if admissible(set) { neighbours.insert(set) }
        }
        // In one canonical order, so that ties between neighbours (common when the model is
        // deterministic) go the same way in every process: a Set's order is not.
        let ordered = neighbours.map { $0.sorted() }.sorted { $0.lexicographicallyPrecedes($1) }
        let pending = ordered.filter { simulated[Set($0)] == nil }
        if !pending.isEmpty {
            let outcomes = try evaluate(pending.map { roadmap(Set($0)) }, routes)
            for (set, outcome) in zip(pending, outcomes.dropFirst()) { simulated[Set(set)] = outcome }
        }
        // Improving neighbours that change disjoint features are also tried together: where
        // they do not interact their gains add, and one move takes what would take many.
        let threshold = current.objective + 1e-9 * max(1, abs(current.objective))
        // Those that free effort first, then by gain per extra effort; ties in canonical order.
        let improving = ordered.map(Set.init).filter { objectiveValue(simulated[$0]!, objective) > threshold }
            .map { set in (set: set, gain: gain(set), extra: totalEffort(set) - effort) }
            .enumerated().sorted { a, b in
                let (x, y) = (a.element, b.element)
                if (x.extra <= 0) != (y.extra <= 0) { return x.extra <= 0 }
                let (p, q) = x.extra <= 0 ? (x.gain, y.gain) : (x.gain / x.extra, y.gain / y.extra)
                return p != q ? p > q : a.offset < b.offset
            }.map(\.element.set)
        var combined = chosen, touched = Set<Int>(), parts = 0
        for neighbour in improving {
            let change = neighbour.symmetricDifference(chosen)
            let next = combined.subtracting(chosen.subtracting(neighbour)).union(neighbour.subtracting(chosen))
            if change.isDisjoint(with: touched), admissible(next) {
                (combined, parts) = (next, parts + 1)
                touched.formUnion(change)
            }
        }
        var candidates = ordered.map { set in candidate(roadmap(Set(set)), simulated[Set(set)]!) }
        if parts > 1, simulated[combined] == nil {
            let outcome = try evaluate([roadmap(combined)], [:])[1]
            simulated[combined] = outcome
            candidates.append(candidate(roadmap(combined), outcome))
        }
        var move = Move(best: nil, simulated: simulated.count, swaps: swaps.count, swapsSimulated: chosenSwaps.count)
        let best = candidates.max { $0.objective < $1.objective }
        // Neighbours come from other runs on the same draws: a gain below 1e-9 is rounding.
        if let best, best.objective > threshold { move.best = best }
        return move
    }
}
