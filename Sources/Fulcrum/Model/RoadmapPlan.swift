/// How one roadmap is evaluated: which nodes it computes, how it stores them, and from
/// which period.
///
/// With a reference plan on the same draws (the baseline, or a smaller roadmap it contains),
/// a roadmap recomputes only the nodes downstream of the features the reference lacks, and
/// only from the earliest launch among them: before that every weight of those features is
/// zero and its values equal the reference's. A node whose own inputs are the reference's
/// (a driver the new features lift, say) starts from the reference's treated value and
/// applies only the new features' effects: a roadmap that adds one feature to a large one
/// costs one effect per node, not all of them, which keeps leave-one-out families linear.
struct RoadmapPlan: Sendable {
    /// One feature's effect on one node, with its weight for each period (index t).
    struct Treatment: Sendable {
        var kind: Effect.Kind
        var successSlot: Int
        var magnitudeSlot: Int
        var weights: [Double]
    }

    /// Index of the reference plan among those evaluated together.
    let reference: Int?
    let start: Int
    /// The effects applied to each computed node: all of the roadmap's, or only those of
    /// the features the reference lacks where `extendsReference`.
    let treatments: [[Treatment]]
    /// Nodes whose untreated value is the reference's, so that their value is the
    /// reference's with the new effects applied on top. Exact up to rounding because deltas
    /// come before lifts: a new lift multiplies the reference's value, and a new delta is
    /// added to it only where the reference has no lift on the node.
    let extendsReference: [Bool]
    /// Computed nodes that are the same in every period: evaluated once per block.
    let invariantNodes: [Int]
    /// Computed nodes evaluated every period from `start`.
    let periodNodes: [Int]
    /// Offset of each computed node's storage in this plan's region, in blocks; nil if the
    /// plan does not compute the node.
    let storageOffset: [Int?]
    /// Periods stored per computed node: 1 (invariant) or the horizon.
    let storedPeriods: [Int]
    let storageBlocks: Int

    init(_ roadmap: Roadmap, model: Model) {
        self.init(features: roadmap.features.map { model.featureIndex($0)! }, model: model)
    }

    /// `features` are the roadmap's positions in the scenario, ascending; `reference` is the
    /// index and features of a plan evaluated earlier in the same run, all of which must be
    /// among `features`. Positions, not ids: a sampled Shapley ordering at 500 features
    /// builds a plan for each of its 501 prefixes, and hashing every id of each was most of
    /// `rank`'s fixed cost.
    init(features: [Int], model: Model, reference: (index: Int, features: [Int])? = nil) {
        let horizon = model.horizon
        let nodeCount = model.nodes.count
        // Only the new features' treatments are built here: a plan one feature larger than
        // its reference applies just those to the nodes that extend the reference's values.
        var newTreatments = [[Treatment]](repeating: [], count: nodeCount)
        var treated = [Bool](repeating: false, count: nodeCount)
        var treatedOverTime = [Bool](repeating: false, count: nodeCount)
        var inheritedLift = [Bool](repeating: false, count: nodeCount)
        var changed = [Bool](repeating: false, count: nodeCount)
        var start = horizon + 1
        var inherited = [Bool](repeating: false, count: model.features.count)
        for position in reference?.features ?? [] { inherited[position] = true }
        precondition(features.count(where: { inherited[$0] }) == reference?.features.count ?? 0,
                     "a reference plan must be contained in the roadmap")
        func treatment(_ feature: Model.CompiledFeature, _ effect: Model.FeatureEffect) -> Treatment {
            Treatment(kind: effect.kind, successSlot: feature.successSlot, magnitudeSlot: effect.magnitudeSlot, weights: effect.weights)
        }
        for position in features {
            let feature = model.features[position]
            guard feature.hasLaunched(by: horizon) else { continue }
            if !inherited[position] { start = min(start, feature.launch) }
            for effect in feature.effects {
                treated[effect.node] = true
                treatedOverTime[effect.node] = treatedOverTime[effect.node] || effect.weights[1...].contains { $0 != effect.weights[1] }
                if inherited[position] {
                    inheritedLift[effect.node] = inheritedLift[effect.node] || effect.kind == .lift
                } else {
                    changed[effect.node] = true
                    newTreatments[effect.node].append(treatment(feature, effect))
                }
            }
        }

        let order = model.nodes.indices.filter { model.nodes[$0].isInput } + model.evaluationOrder
        var varies = [Bool](repeating: false, count: model.nodes.count)
        var affected = [Bool](repeating: false, count: model.nodes.count)
        for n in order {
            let node = model.nodes[n]
            varies[n] = node.formulaVaries || treatedOverTime[n] || node.reads.contains { varies[$0] }
            affected[n] = changed[n] || node.reads.contains { affected[$0] } || node.lagReads.contains { affected[$0] }
        }
        // A lag can read a node evaluated later in the period order, so propagate to a fixed point.
        var growing = true
        while growing {
            growing = false
            for n in order where !affected[n]
                && (model.nodes[n].lagReads + model.nodes[n].reads).contains(where: { affected[$0] }) {
                affected[n] = true
                growing = true
            }
        }
        // Decided for the nodes the new features treat: the others have nothing to apply.
        // Without allocating, since optimize builds a plan for each of thousands of roadmaps.
        let extends = model.nodes.indices.map { n in
            reference != nil && changed[n] && model.nodes[n].bounds == nil
                && !model.nodes[n].reads.contains { affected[$0] } && !model.nodes[n].lagReads.contains { affected[$0] }
                && !(inheritedLift[n] && newTreatments[n].contains { $0.kind == .delta })
        }
        let computes: (Int) -> Bool = { n in
            reference == nil ? (!model.nodes[n].isInput || model.nodes[n].program != nil || treated[n]) : affected[n]
        }
        // A computed node that does not extend the reference applies every feature's
        // treatments, in feature order; a node not computed applies none.
        var treatments = model.nodes.indices.map { n in extends[n] ? newTreatments[n] : [] }
        let inFull = model.nodes.indices.map { n in treated[n] && !extends[n] && computes(n) }
        if inFull.contains(true) {
            for position in features where model.features[position].hasLaunched(by: horizon) {
                let feature = model.features[position]
                for effect in feature.effects where inFull[effect.node] { treatments[effect.node].append(treatment(feature, effect)) }
            }
        }
        // Deltas before lifts: v' = (v + sum of deltas) * product of (1 + lifts).
        treatments = treatments.map { list in
            list.count < 2 ? list : list.filter { $0.kind == .delta } + list.filter { $0.kind == .lift }
        }
        var offsets = [Int?](repeating: nil, count: model.nodes.count)
        var stored = [Int](repeating: 0, count: model.nodes.count)
        var blocks = 0
        for n in order where computes(n) {
            offsets[n] = blocks
            stored[n] = varies[n] ? horizon : 1
            blocks += stored[n]
        }
        self.reference = reference?.index
        self.start = reference == nil ? 1 : min(start, horizon + 1)
        self.treatments = treatments
        self.extendsReference = extends
        self.invariantNodes = order.filter { computes($0) && !varies[$0] }
        self.periodNodes = order.filter { computes($0) && varies[$0] }
        self.storageOffset = offsets
        self.storedPeriods = stored
        self.storageBlocks = blocks
    }
}
