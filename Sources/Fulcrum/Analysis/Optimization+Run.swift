extension Optimization {
    public static func run(_ model: Model, settings: Settings) throws -> Optimization {
        let scenario = model.scenario
        let ids = scenario.features.map(\.id)
        let index = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
        if settings.objective == .probTarget && scenario.primary.target == nil {
            throw OptimizationError(message: "the prob-target objective needs a target: set primary.target in the scenario")
        }
        func evaluate(_ roadmaps: [Roadmap]) throws(EvaluationError) -> [RoadmapOutcomes.Outcome] {
            try RoadmapOutcomes.run(model, roadmaps: [.baseline] + roadmaps, samples: settings.samples, seed: settings.seed,
                                    threads: settings.threads).outcomes
        }

        // Surrogate values: each feature's standalone change of the objective.
        let with = ids.map { Ranking.active(Roadmap.requirementClosure(of: [$0], in: scenario), in: scenario) }
        let without = ids.map { Ranking.active(Roadmap.requirementClosure(of: [$0], in: scenario).subtracting([$0]), in: scenario) }
        let standalone = try evaluate(with + without)
        let values = ids.indices.map {
            objectiveValue(standalone[1 + $0], settings.objective) - objectiveValue(standalone[1 + ids.count + $0], settings.objective)
        }
        let items = scenario.features.enumerated().map { i, feature in
            RoadmapKnapsack.Item(value: values[i], effort: feature.effort, requires: feature.requires.compactMap { index[$0] },
                                 excludes: feature.excludes.compactMap { index[$0] })
        }
        let forced = Set(settings.required.compactMap { index[$0] }), forbidden = Set(settings.excluded.compactMap { index[$0] })
        func roadmap(_ chosen: [Int]) -> Roadmap { Roadmap(unchecked: chosen.map { ids[$0] }, in: scenario) }

        guard let answer = RoadmapKnapsack(items: items, budget: settings.budget).solve(forced: forced, forbidden: forbidden) else {
            throw OptimizationError(message: "no roadmap within a budget of \(NumberFormat.auto(settings.budget)) includes \(settings.required.joined(separator: ", ")) with everything it requires")
        }
        let levels = (1...10).map { settings.budget * Double($0) / 10 }
        var frontierSets: [[Int]] = []
        for level in levels {
            if let solution = RoadmapKnapsack(items: items, budget: level).solve(forced: forced, forbidden: forbidden),
               !frontierSets.contains(solution.items) {
                frontierSets.append(solution.items)
            }
        }
        if !frontierSets.contains(answer.items) { frontierSets.append(answer.items) }
        let checked = frontierSets.map(roadmap)
        let outcomes = try evaluate(checked)
        func candidate(_ roadmap: Roadmap, _ outcome: RoadmapOutcomes.Outcome) -> Candidate {
            Candidate(roadmap: roadmap, effort: roadmap.features.map { scenario.feature(withID: $0)!.effort }.reduce(0, +),
                      primary: outcome.primary, p10: outcome.p10,
                      uplift: MeanEstimate(mean: outcome.uplift.mean, mcse: outcome.uplift.mcse),
                      objective: objectiveValue(outcome, settings.objective))
        }
        let frontier = zip(checked, outcomes.dropFirst()).map { candidate($0, $1) }
        let meanValues = ids.indices.map { standalone[1 + $0].uplift.mean - standalone[1 + ids.count + $0].uplift.mean }
        let gap = zip(frontierSets, outcomes.dropFirst()).map { chosen, outcome in
            abs(outcome.uplift.mean - chosen.map { meanValues[$0] }.reduce(0, +)) / max(outcome.uplift.mcse, 1e-12 * max(1, abs(outcome.uplift.mean)))
        }.max() ?? 0
        var best = frontier.first { $0.roadmap == roadmap(answer.items) }!
        var method = Method.exact
        if settings.objective != .mean || gap > 3 {
            var moves = 0
            while moves < 25, let better = try improvement(of: best, in: scenario, items: items, forced: forced, forbidden: forbidden,
                                                            budget: settings.budget, ids: ids, evaluate: evaluate, candidate: candidate) {
                best = better
                moves += 1
            }
            method = .localSearch(moves: moves)
        }
        return Optimization(scenario: scenario, samples: settings.samples, seed: settings.seed, budget: settings.budget,
                            objective: settings.objective, best: best,
                            frontier: frontier.sorted { $0.effort < $1.effort }, method: method, additivityGap: gap)
    }

    /// The best neighbour (one feature added, removed or swapped, within budget and every
    /// constraint), simulated on the same draws, if it beats the current roadmap.
    private static func improvement(
        of current: Candidate, in scenario: Scenario, items: [RoadmapKnapsack.Item], forced: Set<Int>, forbidden: Set<Int>, budget: Double, ids: [String],
        evaluate: ([Roadmap]) throws(EvaluationError) -> [RoadmapOutcomes.Outcome],
        candidate: (Roadmap, RoadmapOutcomes.Outcome) -> Candidate
    ) throws(EvaluationError) -> Candidate? {
        let chosen = Set(current.roadmap.features.compactMap { ids.firstIndex(of: $0) })
        let outside = ids.indices.filter { !chosen.contains($0) && !forbidden.contains($0) }
        var neighbours: [Set<Int>] = outside.map { chosen.union([$0]) } + chosen.subtracting(forced).map { chosen.subtracting([$0]) }
        for removed in chosen.subtracting(forced) { for added in outside { neighbours.append(chosen.subtracting([removed]).union([added])) } }
        let feasible = Set(neighbours).filter { set in
            set.map { items[$0].effort }.reduce(0, +) <= budget + 1e-9
                && set.allSatisfy { items[$0].requires.allSatisfy(set.contains) }
                && set.allSatisfy { a in set.allSatisfy { !items[a].excludes.contains($0) } }
        }.map { set in Roadmap(unchecked: set.map { ids[$0] }, in: scenario) }
        guard !feasible.isEmpty else { return nil }
        let outcomes = try evaluate(feasible)
        let best = zip(feasible, outcomes.dropFirst()).map { candidate($0, $1) }.max { $0.objective < $1.objective }!
        // Neighbours come from other runs on the same draws: a gain below 1e-9 is rounding.
        return best.objective > current.objective + 1e-9 * max(1, abs(current.objective)) ? best : nil
    }
}
