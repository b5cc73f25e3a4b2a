extension Ranking {
    public static func run(_ model: Model, settings: Settings) throws(EvaluationError) -> Ranking {
        let scenario = model.scenario
        let (roadmap, leftOut): (Roadmap, [String]) = settings.roadmap.map { ($0, []) } ?? fullRoadmap(of: scenario)
        let candidates = settings.roadmap?.features ?? scenario.features.map(\.id)
        let members = roadmap.features
        let exact = members.count <= settings.exactShapleyLimit

        // Every roadmap the ranking needs, as the features that can work.
        func activeRoadmap(_ ids: some Sequence<String>) -> Roadmap { active(Set(ids), in: scenario) }
        let withFeature = candidates.map { activeRoadmap(Roadmap.requirementClosure(of: [$0], in: scenario)) }
        let withoutFeature = candidates.map { id in
            activeRoadmap(Roadmap.requirementClosure(of: [id], in: scenario).subtracting([id]))
        }
        let withoutInRoadmap = members.map { id in
            activeRoadmap(Set(members).subtracting([id]).subtracting(dependents(of: id, in: roadmap, scenario: scenario)))
        }
        let permutationOrders = exact ? [] : permutations(count: settings.shapleyPermutations, of: members.count, seed: settings.seed)
        let coalitions: [Roadmap] = exact
            ? (0..<(1 << members.count)).map { mask in activeRoadmap(members.indices.filter { mask & (1 << $0) != 0 }.map { members[$0] }) }
            : permutationOrders.flatMap { order in (0...order.count).map { activeRoadmap(order.prefix($0).map { members[$0] }) } }
        let schedule = PlanSchedule([.baseline, roadmap] + withFeature + withoutFeature + withoutInRoadmap + coalitions, model: model)

        let pass = RankingPass(
            candidates: candidates.count, members: members.count, criterion: settings.criterion,
            efforts: candidates.map { scenario.feature(withID: $0)!.effort },
            memberOfCandidate: candidates.map { members.firstIndex(of: $0) },
            baseline: schedule.plan(for: .baseline), full: schedule.plan(for: roadmap),
            with: withFeature.map(schedule.plan(for:)), without: withoutFeature.map(schedule.plan(for:)),
            withoutInRoadmap: withoutInRoadmap.map(schedule.plan(for:)),
            coalitions: coalitions.map(schedule.plan(for:)), permutationOrders: permutationOrders,
            shapleyCoefficients: exact ? RankingPass.exactShapleyCoefficients(
                members: members.count, coalitions: coalitions.map(schedule.plan(for:)), aggregates: schedule.aggregateCount) : [])
        let (total, tallies) = try Engine.run(
            model: model, schedule: schedule,
            settings: Engine.Settings(samples: settings.samples, seed: settings.seed, threads: settings.threads),
            initial: RankingPass.Partial(candidates: candidates.count, members: members.count, permutations: permutationOrders.count),
            tally: RankingPass.Tally(candidates: candidates.count, members: members.count),
            observe: { partial, tally, block in pass.observe(block, into: &partial, &tally) },
            merge: { $0.merge($1) })
        var tally = tallies[0]
        for other in tallies.dropFirst() { tally.merge(other) }

        let points = try pointScores(model, candidates: candidates, with: withFeature, without: withoutFeature)
        return assemble(scenario: scenario, settings: settings, roadmap: roadmap, leftOut: leftOut, candidates: candidates,
                        total: total, tally: tally, points: points,
                        shapleyMethod: exact ? .exact : .permutations(permutationOrders.count))
    }
}
