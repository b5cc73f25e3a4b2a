/// One uncertain quantity of a scenario: an input that holds a distribution, an effect's
/// magnitude that does, or whether a feature works at all. Stress, sensitivity and
/// value-of-information analyses attribute the primary metric's uncertainty to these.
struct UncertainFactor: Sendable {
    enum Kind: Sendable { case input, effect, success }

    /// `traffic`, `loyalty_program.churn`, `loyalty_program.success`.
    var name: String
    var kind: Kind
    /// Its sample-level slot.
    var slot: Int
    /// Every slot holding it: an effect on every segment of a name (`checkout.traffic`) is
    /// one draw copied into each segment's slot, and varies as one.
    var slots: [Int]

    init(name: String, kind: Kind, slot: Int, slots: [Int]? = nil) {
        self.name = name
        self.kind = kind
        self.slot = slot
        self.slots = slots ?? [slot]
    }

    /// The factors that can move the primary metric under `roadmaps`: every random input,
    /// and the random effects and uncertain success of their features.
    static func factors(of model: Model, for roadmaps: [Roadmap]) -> [UncertainFactor] {
        let scenario = model.scenario
        var factors: [UncertainFactor] = []
        for step in model.sampleSteps where step.slot < scenario.inputs.count && step.program.drawsRandomly {
            factors.append(UncertainFactor(name: scenario.inputs[step.slot].name, kind: .input, slot: step.slot))
        }
        for element in model.seriesElements where model.sampleSteps.first(where: { $0.slot == element.slot })!.program.drawsRandomly {
            factors.append(UncertainFactor(name: element.name, kind: .input, slot: element.slot))
        }
        factors.sort { $0.slot < $1.slot }
        let used = Set(roadmaps.flatMap(\.features))
        for (feature, compiled) in zip(scenario.features, model.features) where used.contains(feature.id) {
            var shared: [String: Int] = [:]
            for (effect, compiledEffect) in zip(feature.effects, compiled.effects) {
                let step = model.sampleSteps.first { $0.slot == compiledEffect.magnitudeSlot }!
                guard step.program.drawsRandomly else { continue }
                let name = "\(feature.id).\(effect.drawKey ?? effect.target)"
                if let index = shared[name] {
                    factors[index].slots.append(compiledEffect.magnitudeSlot)
                } else {
                    shared[name] = factors.count
                    factors.append(UncertainFactor(name: name, kind: .effect, slot: compiledEffect.magnitudeSlot))
                }
            }
            if feature.success < 1 {
                factors.append(UncertainFactor(name: "\(feature.id).success", kind: .success, slot: compiled.successSlot))
            }
        }
        return factors
    }
}

extension Program {
    var drawsRandomly: Bool {
        instructions.contains { if case .draw = $0 { true } else { false } }
    }
}
