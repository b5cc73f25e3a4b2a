extension Optimization {
    /// Roadmaps simulated one by one before the search settles for knapsack and local search.
    public static let exhaustiveLimit = 4096
    /// Roadmaps simulated in one pass over the samples, to bound memory.
    static let roadmapsPerPass = 512

    public static func run(_ model: Model, settings: Settings) throws -> Optimization {
        let scenario = model.scenario
        let ids = scenario.features.map(\.id)
        let index = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
        if settings.objective == .probTarget && scenario.primary.target == nil {
            throw OptimizationError(message: "the prob-target objective needs a target: set primary.target in the scenario")
        }
        func evaluate(_ roadmaps: [Roadmap], routes: [Roadmap: Roadmap]) throws(EvaluationError) -> [RoadmapOutcomes.Outcome] {
            var outcomes: [RoadmapOutcomes.Outcome] = []
            var start = 0
            repeat {
                let chunk = Array(roadmaps[start..<min(roadmaps.count, start + roadmapsPerPass)])
                let run = try RoadmapOutcomes.run(model, roadmaps: [.baseline] + chunk, samples: settings.samples, seed: settings.seed,
                                                  threads: settings.threads, routes: Self.routes(to: chunk, among: routes)).outcomes
                outcomes += start == 0 ? run : Array(run.dropFirst())
                start += roadmapsPerPass
            } while start < roadmaps.count
            return outcomes
        }

        // Surrogate values: each feature's standalone change of the objective.
        let with = ids.map { Ranking.active(Roadmap.requirementClosure(of: [$0], in: scenario), in: scenario) }
        let without = ids.map { Ranking.active(Roadmap.requirementClosure(of: [$0], in: scenario).subtracting([$0]), in: scenario) }
        let standalone = try evaluate(with + without, routes: [:])
        let values = ids.indices.map {
            objectiveValue(standalone[1 + $0], settings.objective) - objectiveValue(standalone[1 + ids.count + $0], settings.objective)
        }
        let meanValues = ids.indices.map { standalone[1 + $0].uplift.mean - standalone[1 + ids.count + $0].uplift.mean }
        let items = scenario.features.enumerated().map { i, feature in
            RoadmapKnapsack.Item(value: values[i], effort: feature.effort, cost: feature.cost ?? 0, requires: feature.requires.compactMap { index[$0] },
                                 excludes: feature.excludes.compactMap { index[$0] })
        }
        let forced = Set(settings.required.compactMap { index[$0] }), forbidden = Set(settings.excluded.compactMap { index[$0] })
        func roadmap(_ chosen: [Int]) -> Roadmap { Roadmap(unchecked: chosen.map { ids[$0] }, in: scenario) }
        func candidate(_ roadmap: Roadmap, _ outcome: RoadmapOutcomes.Outcome) -> Candidate {
            Candidate(roadmap: roadmap, effort: roadmap.features.map { scenario.feature(withID: $0)!.effort }.reduce(0, +),
                      cost: roadmap.features.map { scenario.feature(withID: $0)!.cost ?? 0 }.reduce(0, +),
                      primary: outcome.primary, p10: outcome.p10,
                      uplift: MeanEstimate(mean: outcome.uplift.mean, mcse: outcome.uplift.mcse),
                      objective: objectiveValue(outcome, settings.objective))
        }
        let costBudget = settings.costBudget ?? .infinity
        guard let answer = RoadmapKnapsack(items: items, budget: settings.budget, costBudget: costBudget).solve(forced: forced, forbidden: forbidden) else {
            let limits = [settings.budget.isFinite ? "an effort budget of \(NumberFormat.auto(settings.budget))" : nil,
                          settings.costBudget.map { "a cost budget of \(NumberFormat.grouped($0, decimals: 0))" }].compactMap { $0 }
            throw OptimizationError(message: "no roadmap within \(limits.joined(separator: " and ")) includes \(settings.required.joined(separator: ", ")) with everything it requires")
        }
        let interaction = FeatureSeparability.interaction(in: scenario)

        var checked: [Candidate]
        let method: Method
        if settings.objective == .mean, interaction == nil {
            checked = try knapsackFrontier(items, answer: answer.items, settings: settings, forced: forced, forbidden: forbidden,
                                           roadmap: roadmap, evaluate: evaluate, candidate: candidate)
            method = answer.isProvenOptimal ? .additive : .additiveBounded(value: answer.value, upperBound: answer.upperBound)
        } else if let feasible = FeasibleRoadmaps.all(items, budget: settings.budget, costBudget: costBudget, forced: forced,
                                                      forbidden: forbidden, limit: exhaustiveLimit) {
            let roadmaps = feasible.map(roadmap)
            checked = zip(roadmaps, try evaluate(roadmaps, routes: [:]).dropFirst()).map { candidate($0, $1) }
            method = .exhaustive(roadmaps: roadmaps.count)
        } else {
            checked = try knapsackFrontier(items, answer: answer.items, settings: settings, forced: forced, forbidden: forbidden,
                                           roadmap: roadmap, evaluate: evaluate, candidate: candidate)
            let search = try localSearch(from: efficientFrontier(checked).last!, in: scenario, items: items, forced: forced, forbidden: forbidden,
                                         budget: settings.budget, costBudget: costBudget, ids: ids, objective: settings.objective,
                                         evaluate: evaluate, candidate: candidate)
            method = .localSearch(moves: search.path.count, simulated: checked.count + search.simulated,
                                  interaction: settings.objective == .mean ? interaction : nil, end: search.end)
            checked += search.path
        }
        let frontier = efficientFrontier(checked)
        let gap = checked.map { point in
            let sum = point.roadmap.features.compactMap { index[$0] }.map { meanValues[$0] }.reduce(0, +)
            return abs(point.uplift.mean - sum) / max(point.uplift.mcse, 1e-12 * max(1, abs(point.uplift.mean)))
        }.max() ?? 0
        return Optimization(scenario: scenario, samples: settings.samples, seed: settings.seed, budget: settings.budget,
                            costBudget: settings.costBudget, objective: settings.objective, best: frontier.last!, frontier: frontier, method: method, additivityGap: gap)
    }

    /// The knapsack's answers at ten budget levels and at the budget, simulated.
    private static func knapsackFrontier(
        _ items: [RoadmapKnapsack.Item], answer: [Int], settings: Settings, forced: Set<Int>, forbidden: Set<Int>,
        roadmap: ([Int]) -> Roadmap, evaluate: Evaluate,
        candidate: (Roadmap, RoadmapOutcomes.Outcome) -> Candidate
    ) throws(EvaluationError) -> [Candidate] {
        var sets: [[Int]] = []
        // Levels of effort up to the budget, or up to all the effort there is when only money is limited.
        let top = settings.budget.isFinite ? settings.budget : items.map(\.effort).reduce(0, +)
        for level in (1...10).map({ top * Double($0) / 10 }) {
            if let solution = RoadmapKnapsack(items: items, budget: level, costBudget: settings.costBudget ?? .infinity)
                .solve(forced: forced, forbidden: forbidden),
               !sets.contains(solution.items) {
                sets.append(solution.items)
            }
        }
        if !sets.contains(answer) { sets.append(answer) }
        let roadmaps = sets.map(roadmap)
        return zip(roadmaps, try evaluate(roadmaps, [:]).dropFirst()).map { candidate($0, $1) }
    }

    /// Simulates roadmaps on the same draws, the first outcome the baseline's; `routes` maps
    /// some roadmaps to a parent each extends (itself a roadmap or one of the routes).
    typealias Evaluate = (_ roadmaps: [Roadmap], _ routes: [Roadmap: Roadmap]) throws(EvaluationError) -> [RoadmapOutcomes.Outcome]

    /// The routes a pass over `roadmaps` uses: theirs and their ancestors', so that a pass
    /// schedules no roadmap of another pass.
    static func routes(to roadmaps: [Roadmap], among routes: [Roadmap: Roadmap]) -> [(roadmap: Roadmap, parent: Roadmap)] {
        var used: [(roadmap: Roadmap, parent: Roadmap)] = [], seen = Set<Roadmap>()
        for roadmap in roadmaps {
            var child = roadmap
            while seen.insert(child).inserted, let parent = routes[child] {
                used.append((child, parent))
                child = parent
            }
        }
        return used
    }

    /// The roadmaps no cheaper or equally cheap roadmap beats: each row is the best found at
    /// no more than its effort, so the objective rises with effort and the last row is the best.
    static func efficientFrontier(_ candidates: [Candidate]) -> [Candidate] {
        let ordered = candidates.sorted { a, b in
            if a.effort != b.effort { return a.effort < b.effort }
            if a.objective != b.objective { return a.objective > b.objective }
            return a.roadmap.features.lexicographicallyPrecedes(b.roadmap.features)
        }
        var frontier: [Candidate] = []
        for point in ordered where frontier.isEmpty || point.objective > frontier.last!.objective + 1e-9 * max(1, abs(frontier.last!.objective)) {
            frontier.append(point)
        }
        return frontier
    }
}
