extension StressTest {
    public struct Settings: Sendable {
        public var samples: Int
        public var seed: UInt64
        public var threads: Int
        public var target: Double
        /// Roadmaps to stress; the first one gets drivers, shocks and the reverse test.
        public var plans: [(name: String, roadmap: Roadmap)]
        public var shocks: [Shock]
        public var solve: (name: String, probability: Double)?

        public init(samples: Int, seed: UInt64, threads: Int, target: Double, plans: [(name: String, roadmap: Roadmap)],
                    shocks: [Shock] = [], solve: (name: String, probability: Double)? = nil) {
            self.samples = samples
            self.seed = seed
            self.threads = threads
            self.target = target
            self.plans = plans
            self.shocks = shocks
            self.solve = solve
        }
    }

    public static func run(_ model: Model, settings: Settings) throws -> StressTest {
        let scenario = model.scenario
        let roadmaps = settings.plans.map(\.roadmap)
        func outcomes(_ adjustments: SampleAdjustments, _ roadmaps: [Roadmap]) throws(EvaluationError) -> [RoadmapOutcomes.Outcome] {
            try RoadmapOutcomes.run(model, roadmaps: roadmaps, samples: settings.samples, seed: settings.seed, threads: settings.threads,
                                    adjustments: adjustments, target: settings.target).outcomes
        }
        let unshocked = try outcomes(SampleAdjustments(), roadmaps)
        let plans = zip(settings.plans, unshocked).map { named, outcome in
            PlanResult(name: named.name, roadmap: named.roadmap, probTarget: outcome.primary.probTarget ?? 0,
                       expectedShortfall: outcome.expectedShortfall ?? 0, probMissByTenPercent: outcome.probMissByTenPercent ?? 0)
        }
        var columns = [ShockColumn(label: "unshocked", probTarget: plans.map(\.probTarget))]
        let slots = try settings.shocks.map { shock in try self.slots(for: shock.name, in: model) }
        for (shock, shocked) in zip(settings.shocks, slots) {
            let adjustments = SampleAdjustments(shocks: Dictionary(uniqueKeysWithValues: shocked.map { ($0, shock.adjustment) }))
            columns.append(ShockColumn(label: shock.label, probTarget: try outcomes(adjustments, roadmaps).map { $0.primary.probTarget ?? 0 }))
        }
        if settings.shocks.count > 1 {
            let all = SampleAdjustments(shocks: Dictionary(zip(slots, settings.shocks.map(\.adjustment)).flatMap { shocked, adjustment in shocked.map { ($0, adjustment) } },
                                                           uniquingKeysWith: { _, last in last }))
            columns.append(ShockColumn(label: "all shocks", probTarget: try outcomes(all, roadmaps).map { $0.primary.probTarget ?? 0 }))
        }
        let reference = settings.plans[0].roadmap
        let drivers = try missDrivers(model, reference: reference, settings: settings).drivers
        var solution: Solution?
        if let solve = settings.solve {
            solution = try reverse(solve.name, probability: solve.probability, model: model, reference: reference, settings: settings)
        }
        return StressTest(scenario: scenario, samples: settings.samples, seed: settings.seed, target: settings.target, plans: plans,
                          reference: settings.plans[0].name, drivers: drivers, shocks: columns, solution: solution)
    }

    /// The sample-level slots of an input (every element of a series, whose value before
    /// period 1 copies the shocked last one; every segment of a segmented input) or of an
    /// effect written `feature.target` (every segment's copy of an effect on a segmented name).
    static func slots(for written: String, in model: Model) throws -> [Int] {
        let scenario = model.scenario
        let name = SegmentName.canonical(written)
        let inputs = scenario.inputIndices(named: name)
        if !inputs.isEmpty {
            return inputs.flatMap { index in
                let input = scenario.inputs[index]
                guard input.series != nil else { return [model.inputSlots[index]] }
                return model.seriesElements.filter { $0.name.hasPrefix(input.name + "[") }.map(\.slot)
            }
        }
        if let dot = name.firstIndex(of: "."), let f = model.featureIndex(String(name[..<dot])) {
            let target = String(name[name.index(after: dot)...])
            let effects = scenario.features[f].effects.indices.filter {
                let effect = scenario.features[f].effects[$0]
                return effect.target == target || effect.drawKey == target
            }
            if !effects.isEmpty { return effects.map { model.features[f].effects[$0].magnitudeSlot } }
        }
        let candidates = scenario.inputs.map(\.name) + scenario.features.flatMap { f in f.effects.map { "\(f.id).\($0.target)" } }
        throw StressError(message: "'\(name)' is neither an input nor an effect written feature.target\(NameSuggestion.hint(for: name, among: candidates))")
    }
}

extension StressTest.Shock {
    var adjustment: SampleAdjustments.Shock {
        relative.map { .scale(1 + $0) } ?? .set(value ?? 0)
    }
}
