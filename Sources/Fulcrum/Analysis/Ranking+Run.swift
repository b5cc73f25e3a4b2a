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
        let removals = members.map { id in dependents(of: id, in: roadmap, scenario: scenario).union([id]) }
        let withoutInRoadmap = removals.map { activeRoadmap(Set(members).subtracting($0)) }
        let permutationOrders = exact ? [] : permutations(count: settings.shapleyPermutations, of: members.count, seed: settings.seed)
        let coalitions: [Roadmap] = exact
            ? (0..<(1 << members.count)).map { mask in activeRoadmap(members.indices.filter { mask & (1 << $0) != 0 }.map { members[$0] }) }
            : []
        let schedule = PlanSchedule([.baseline, roadmap] + withFeature + withoutFeature + withoutInRoadmap + coalitions, model: model,
                                    routes: leaveOneOutRoutes(members: members, removals: removals, in: scenario))

        let pass = RankingPass(
            candidates: candidates.count, members: members.count, criterion: settings.criterion,
            efforts: candidates.map { scenario.feature(withID: $0)!.effort },
            memberOfCandidate: candidates.map { members.firstIndex(of: $0) },
            baseline: schedule.plan(for: .baseline), full: schedule.plan(for: roadmap),
            with: withFeature.map(schedule.plan(for:)), without: withoutFeature.map(schedule.plan(for:)),
            withoutInRoadmap: withoutInRoadmap.map(schedule.plan(for:)), permutationOrders: permutationOrders,
            shapleyCoefficients: exact ? RankingPass.exactShapleyCoefficients(
                members: members.count, coalitions: coalitions.map(schedule.plan(for:)), aggregates: schedule.aggregateCount) : [])
        let engine = Engine.Settings(samples: settings.samples, seed: settings.seed, threads: settings.threads)
        let initial = RankingPass.Partial(candidates: candidates.count, members: members.count, permutations: permutationOrders.count)
        let emptyTally = RankingPass.Tally(candidates: candidates.count, members: members.count)
        // Paired differences make a block's partial grow with the square of the candidates.
        let accumulators: Int = candidates.count * (candidates.count + 3) + members.count * (permutationOrders.count + 2)
        let wave = Engine.blocksPerWave(partialBytes: accumulators * MemoryLayout<Moments>.stride)
        // Each sampled ordering runs on every P-th block only: one chain of prefixes per
        // sample instead of P, so the cost grows with the features, not features x orderings.
        let (total, tallies) = try Engine.independentPasses { () throws(EvaluationError) in
            var (total, tallies) = try Engine.run(
                model: model, schedule: schedule, settings: engine, initial: initial, tally: emptyTally, blocksPerWave: wave,
                observe: { partial, tally, block in pass.observe(block, into: &partial, &tally) },
                merge: { $0.merge($1) })
            for (p, order) in permutationOrders.enumerated() {
                let prefixes = activePrefixes(of: order, members: members, in: scenario)
                let orderingSchedule = PlanSchedule(prefixes, model: model,
                                                    routes: zip(prefixes.dropFirst(), prefixes).map { ($0, $1) })
                let plans = prefixes.map(orderingSchedule.plan(for:))
                var share = engine
                share.blocks = Engine.BlockSelection(first: p, stride: permutationOrders.count)
                let (ordering, orderingTallies) = try Engine.run(
                    model: model, schedule: orderingSchedule, settings: share, initial: initial, tally: emptyTally, blocksPerWave: wave,
                    observe: { partial, tally, block in pass.observe(ordering: p, prefixes: plans, block, into: &partial, &tally) },
                    merge: { $0.merge($1) })
                total.merge(ordering)
                tallies += orderingTallies
            }
            return (total, tallies)
        }
        var tally = tallies[0]
        for other in tallies.dropFirst() { tally.merge(other) }

        let points = try pointScores(model, candidates: candidates, with: withFeature, without: withoutFeature)
        return assemble(scenario: scenario, settings: settings, roadmap: roadmap, leftOut: leftOut, candidates: candidates,
                        total: total, tally: tally, points: points,
                        shapleyMethod: exact ? .exact : .permutations(permutationOrders.count))
    }
}
