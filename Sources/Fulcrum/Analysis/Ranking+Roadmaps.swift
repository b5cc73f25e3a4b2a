/// The roadmaps a ranking evaluates, and the Shapley bookkeeping over them.
extension Ranking {
    /// The features of `ids` that can work: each whose requirements are all present,
    /// repeatedly, since a feature cannot deliver without its prerequisites. This makes the
    /// value of every subset of a roadmap well defined, as Shapley values need.
    static func active(_ ids: Set<String>, in scenario: Scenario) -> Roadmap {
        var kept = scenario.features.map { ids.contains($0.id) }
        Prerequisites(scenario).dropUnmet(&kept)
        return Roadmap(positions: kept.indices.filter { kept[$0] }, in: scenario)
    }

    /// The roadmaps of the first 0, 1, ..., n members of `order`, each with the features that
    /// can work, as `active` gives them. On positions: at 500 features each ordering has 501
    /// prefixes, and building every one as a set of ids was a sixth of `rank`'s fixed cost.
    static func activePrefixes(of order: [Int], members: [String], in scenario: Scenario) -> [Roadmap] {
        let prerequisites = Prerequisites(scenario)
        var chosen = [Bool](repeating: false, count: scenario.features.count)
        var prefixes = [Roadmap.baseline]
        for member in order {
            chosen[prerequisites.position[members[member]]!] = true
            var kept = chosen
            prerequisites.dropUnmet(&kept)
            prefixes.append(Roadmap(positions: kept.indices.filter { kept[$0] }, in: scenario))
        }
        return prefixes
    }

    /// Every feature that can ship together, keeping the first declared of any two that
    /// exclude each other; and those left out.
    static func fullRoadmap(of scenario: Scenario) -> (roadmap: Roadmap, leftOut: [String]) {
        // Exclusion either way round, looked up once: per pair of features it cost a scan.
        var excluded: [String: Set<String>] = [:]
        for feature in scenario.features {
            for other in feature.excludes {
                excluded[feature.id, default: []].insert(other)
                excluded[other, default: []].insert(feature.id)
            }
        }
        var chosen = Set<String>()
        for feature in scenario.features where excluded[feature.id].map({ $0.isDisjoint(with: chosen) }) ?? true {
            chosen.insert(feature.id)
        }
        let roadmap = active(chosen, in: scenario)
        return (roadmap, scenario.features.map(\.id).filter { !roadmap.features.contains($0) })
    }

    /// Features of `roadmap` that need `id`, directly or through others.
    static func dependents(of id: String, in roadmap: Roadmap, scenario: Scenario) -> Set<String> {
        // Backwards along `requires` from `id`, through every feature: linear in the
        // features, where each roadmap feature's closure scanned them all per step (cubic
        // over a ranking's members).
        var requiredBy: [String: [String]] = [:]
        for feature in scenario.features { for requirement in feature.requires { requiredBy[requirement, default: []].append(feature.id) } }
        var reached = Set<String>(), pending = [id]
        while let next = pending.popLast() {
            for dependent in requiredBy[next] ?? [] where reached.insert(dependent).inserted { pending.append(dependent) }
        }
        return reached.subtracting([id]).intersection(roadmap.features)
    }

    /// Routes to the roadmaps each without one member's removal set, as a tree: the roadmap
    /// without the removals of a range of members extends the one without those of the range
    /// twice as wide, by the other half's features. Every level adds each feature once, so
    /// the family costs about n log n feature effects; built each from a roadmap that lacks
    /// the later-launching features, it cost n² / 2. Members are ordered by launch, so that
    /// a half that launches late is recomputed only from its launch.
    static func leaveOneOutRoutes(members: [String], removals: [Set<String>], in scenario: Scenario) -> [(roadmap: Roadmap, parent: Roadmap)] {
        let order = members.indices.sorted {
            (scenario.feature(withID: members[$0])!.launch, $0) < (scenario.feature(withID: members[$1])!.launch, $1)
        }
        let all = Set(members)
        func without(_ range: Range<Int>) -> Roadmap {
            active(all.subtracting(range.lazy.flatMap { removals[order[$0]] }), in: scenario)
        }
        var routes: [(roadmap: Roadmap, parent: Roadmap)] = []
        var pending = [(range: 0..<members.count, roadmap: without(0..<members.count))]
        while let (range, roadmap) = pending.popLast() {
            guard range.count > 1 else { continue }
            let middle = range.lowerBound + range.count / 2
            for half in [range.lowerBound..<middle, middle..<range.upperBound] {
                let narrower = without(half)
                routes.append((narrower, roadmap))
                pending.append((half, narrower))
            }
        }
        return routes
    }

    /// |S|! (n - |S| - 1)! / n! for |S| = 0 ..< n: the weight of a subset without the
    /// feature in its exact Shapley value.
    static func shapleyWeights(_ n: Int) -> [Double] {
        (0..<n).map { size in
            var weight = 1.0 / Double(n)
            // 1 / (n choose size) / n, built up without factorials.
            for k in 0..<size { weight *= Double(k + 1) / Double(n - 1 - k) }
            return weight
        }
    }

    /// `count` orderings of 0..<n, from the seed (a Fisher-Yates shuffle on Philox draws),
    /// the same at any thread count.
    static func permutations(count: Int, of n: Int, seed: UInt64) -> [[Int]] {
        let generator = Philox(seed: seed)
        let variable = RandomVariableCatalog.fnv1a("ranking.shapley.permutations")
        return (0..<count).map { p in
            var stream = RandomStream(generator: generator, sample: p, variable: variable)
            var order = Array(0..<n)
            for i in stride(from: n - 1, to: 0, by: -1) {
                let j = min(i, Int(stream.nextUniform() * Double(i + 1)))
                order.swapAt(i, j)
            }
            return order
        }
    }
}

/// The features with prerequisites, by position in the scenario, so that keeping only the
/// features that can work is a pass over flags: a ranking asks it of thousands of roadmaps.
private struct Prerequisites {
    let position: [String: Int]
    let requiring: [(feature: Int, requires: [Int])]

    init(_ scenario: Scenario) {
        var position: [String: Int] = [:]
        for (p, feature) in scenario.features.enumerated() { position[feature.id] = p }
        self.position = position
        // A prerequisite that is not a feature is never met.
        requiring = scenario.features.indices.filter { !scenario.features[$0].requires.isEmpty }.map { p in
            (feature: p, requires: scenario.features[p].requires.map { position[$0] ?? -1 })
        }
    }

    /// Clears each kept feature whose prerequisites are not all kept, repeatedly, since a
    /// feature that loses its prerequisite is itself a missing prerequisite.
    func dropUnmet(_ kept: inout [Bool]) {
        var changed = true
        while changed {
            changed = false
            for (feature, requires) in requiring where kept[feature] && !requires.allSatisfy({ $0 >= 0 && kept[$0] }) {
                kept[feature] = false
                changed = true
            }
        }
    }
}
