/// Many roadmaps on the same draws, each node computed only as often as it has distinct
/// values.
///
/// In a given period a node depends only on the features whose effects reach it (its
/// feature set), and of those only on the ones launched by then. Exact Shapley values
/// need all 2^n subsets of a roadmap, but a node reached by k of the n features has at
/// most 2^k versions: sign-ups lifted by one feature have two, where a chain of reference
/// plans recomputes them in half of all subsets. Working back from what the aggregates
/// read, the lattice lists each (node, version, period) that is needed once, in
/// evaluation order.
///
/// The values are bit-identical to the chained plans': the same programs, and the same
/// treatments in the same order, applied to the same operands.
struct CoalitionLattice: Sendable {
    /// Where a version of a node is kept.
    enum Location: Sendable, Equatable {
        /// A sample-level slot: the untreated draw of an input, or a metric's initial value.
        case sample(Int)
        /// A vector of the lattice's own storage.
        case stored(Int)
    }

    struct Read: Sendable {
        var node: Int
        var lag: Int
        var location: Location
    }

    struct Treatment: Sendable {
        var kind: Effect.Kind
        var successSlot: Int
        var magnitudeSlot: Int
        var weight: Double
    }

    /// One version of one node in one period; its reads and treatments are ranges of the
    /// lattice's flat lists, so that evaluating a step touches no reference counts.
    struct Step: Sendable {
        var node: Int
        var output: Int
        var reads: Range<Int>
        var treatments: Range<Int>
    }

    /// Adds weight × a primary value to a roadmap's aggregate.
    struct Accumulation: Sendable {
        var roadmap: Int
        var weight: Double
        var location: Location
    }

    let roadmaps: [Roadmap]
    /// Every step, period by period, each period in evaluation order.
    let steps: [Step]
    /// The steps of period t (index 0 is empty).
    let stepsOfPeriod: [Range<Int>]
    let reads: [Read]
    let treatments: [Treatment]
    /// Accumulations after each period's steps, in roadmap order.
    let accumulations: [Accumulation]
    let accumulationsOfPeriod: [Range<Int>]
    /// Vectors of storage the steps write.
    let storedVectors: Int

    /// Nil when the model has more than 64 features (versions are bit masks) or the
    /// versions would need more than `storageLimit` vectors, where chained plans are the
    /// better trade.
    init?(roadmaps: [Roadmap], model: Model, storageLimit: Int) {
        guard model.features.count <= 64 else { return nil }
        let horizon = model.horizon
        let order = model.nodes.indices.filter { model.nodes[$0].isInput } + model.evaluationOrder
        let reads = model.nodes.map { node in Self.reads(of: node.program) }
        let reach = Self.featureSets(model: model, reads: reads, order: order)
        let launched = (0...horizon).map { t in
            model.features.indices.reduce(UInt64(0)) { mask, f in
                model.features[f].hasLaunched(by: t) ? mask | 1 << UInt64(f) : mask
            }
        }
        let masks = roadmaps.map { roadmap in
            roadmap.features.reduce(UInt64(0)) { $0 | 1 << UInt64(model.featureIndex($1)!) }
        }
        /// An input's version without active features is its untreated draw, never a step.
        func isDrawn(_ node: Int, _ version: UInt64) -> Bool { model.nodes[node].isInput && model.nodes[node].program == nil && version == 0 }

        // Demands flow from the aggregates back through reads: later periods first, and
        // within a period from the last node in evaluation order to the first.
        var demanded = [[Set<UInt64>]](repeating: Array(repeating: [], count: model.nodes.count), count: horizon + 1)
        let primary = model.primaryNode
        for t in 1...horizon where model.periodWeights[t - 1] != 0 {
            for mask in masks where !isDrawn(primary, mask & reach[primary] & launched[t]) {
                demanded[t][primary].insert(mask & reach[primary] & launched[t])
            }
        }
        for t in stride(from: horizon, through: 1, by: -1) {
            for node in order.reversed() {
                for version in demanded[t][node] {
                    for read in reads[node] where t - read.lag >= 1 {
                        let p = t - read.lag, wanted = version & reach[read.node] & launched[p]
                        if !isDrawn(read.node, wanted) { demanded[p][read.node].insert(wanted) }
                    }
                }
            }
        }

        // Each version keeps as many periods as the longest lag that reads its node.
        var depth = [Int](repeating: 1, count: model.nodes.count)
        for node in model.nodes.indices { for read in reads[node] { depth[read.node] = max(depth[read.node], read.lag + 1) } }
        var base: [[UInt64: Int]] = Array(repeating: [:], count: model.nodes.count)
        var vectors = 0
        for node in model.nodes.indices {
            let versions = Set(demanded.flatMap { $0[node] })
            for version in versions.sorted() {
                base[node][version] = vectors
                vectors += depth[node]
            }
        }
        guard vectors <= storageLimit else { return nil }

        func location(_ node: Int, _ version: UInt64, _ period: Int) -> Location {
            if period <= 0 {
                let definition = model.nodes[node]
                return .sample(definition.initialSlot ?? (definition.isInput ? model.inputSlots[node] : 0))
            }
            let wanted = version & reach[node] & launched[period]
            if isDrawn(node, wanted) { return .sample(model.inputSlots[node]) }
            return .stored(base[node][wanted]! + period % depth[node])
        }
        var steps: [Step] = [], stepsOfPeriod = [0..<0]
        var allReads: [Read] = [], allTreatments: [Treatment] = []
        var accumulations: [Accumulation] = [], accumulationsOfPeriod = [0..<0]
        for t in 1...horizon {
            let firstStep = steps.count, firstAccumulation = accumulations.count
            for node in order {
                for version in demanded[t][node].sorted() {
                    let readStart = allReads.count, treatmentStart = allTreatments.count
                    allReads += reads[node].map { Read(node: $0.node, lag: $0.lag, location: location($0.node, version, t - $0.lag)) }
                    allTreatments += Self.treatments(of: node, version: version, period: t, model: model)
                    steps.append(Step(node: node, output: base[node][version]! + t % depth[node],
                                      reads: readStart..<allReads.count, treatments: treatmentStart..<allTreatments.count))
                }
            }
            let weight = model.periodWeights[t - 1]
            if weight != 0 {
                accumulations += masks.indices.map { Accumulation(roadmap: $0, weight: weight, location: location(primary, masks[$0], t)) }
            }
            stepsOfPeriod.append(firstStep..<steps.count)
            accumulationsOfPeriod.append(firstAccumulation..<accumulations.count)
        }
        self.roadmaps = roadmaps
        self.steps = steps
        self.stepsOfPeriod = stepsOfPeriod
        self.reads = allReads
        self.treatments = allTreatments
        self.accumulations = accumulations
        self.accumulationsOfPeriod = accumulationsOfPeriod
        self.storedVectors = vectors
    }

    /// The (node, lag) pairs a period-level program reads.
    private static func reads(of program: Program?) -> [(node: Int, lag: Int)] {
        var found: [(node: Int, lag: Int)] = []
        func note(_ operand: Operand) {
            if case .node(let node, let lag) = operand, !found.contains(where: { $0 == (node, lag) }) { found.append((node, lag)) }
        }
        for instruction in program?.instructions ?? [] { instruction.operands.forEach(note) }
        return found
    }

    /// The features whose effects reach each node, through reads of any lag (a fixed point,
    /// since a stock reads itself).
    private static func featureSets(model: Model, reads: [[(node: Int, lag: Int)]], order: [Int]) -> [UInt64] {
        var reach = [UInt64](repeating: 0, count: model.nodes.count)
        for (f, feature) in model.features.enumerated() {
            for effect in feature.effects { reach[effect.node] |= 1 << UInt64(f) }
        }
        var growing = true
        while growing {
            growing = false
            for node in order {
                let grown = reads[node].reduce(reach[node]) { $0 | reach[$1.node] }
                if grown != reach[node] { reach[node] = grown; growing = true }
            }
        }
        return reach
    }

    /// The active features' effects on `node` in period `t`: deltas before lifts, each in
    /// feature order, as `RoadmapPlan` applies them.
    private static func treatments(of node: Int, version: UInt64, period t: Int, model: Model) -> [Treatment] {
        var list: [Treatment] = []
        for (f, feature) in model.features.enumerated() where version & 1 << UInt64(f) != 0 {
            for effect in feature.effects where effect.node == node && effect.weights[t] != 0 {
                list.append(Treatment(kind: effect.kind, successSlot: feature.successSlot, magnitudeSlot: effect.magnitudeSlot,
                                      weight: effect.weights[t]))
            }
        }
        return list.filter { $0.kind == .delta } + list.filter { $0.kind == .lift }
    }
}
