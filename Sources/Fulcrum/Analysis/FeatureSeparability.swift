/// Whether the primary aggregate is, in every sample, a constant plus one term per feature:
/// then a roadmap's uplift is exactly the sum of its features' standalone contributions,
/// and a knapsack over those contributions finds the optimum of the expected value.
///
/// This is a proof from the model's structure, not a test on a few roadmaps: two features
/// combine non-linearly only where an expression reached by both multiplies, divides,
/// compares or passes through a function (or a lift applies to a value another feature
/// moves). Sums, differences, scaling by quantities no feature moves, lags and the
/// horizon's aggregate keep every feature's part separate.
enum FeatureSeparability {
    /// Nil when the primary aggregate separates; otherwise the first metric, input or
    /// feature target where two features' influences combine.
    static func interaction(in scenario: Scenario) -> String? {
        var reach: [String: Set<String>] = [:]
        var separable: [String: Bool] = [:]
        var effects: [String: [(feature: String, kind: Effect.Kind)]] = [:]
        for feature in scenario.features {
            for effect in feature.effects { effects[effect.target, default: []].append((feature.id, effect.kind)) }
        }
        let names = scenario.inputs.map(\.name) + scenario.metrics.map(\.name)
        for name in names {
            reach[name] = []
            separable[name] = true
        }
        func treated(_ name: String, _ base: Part) -> Part {
            let own = effects[name] ?? []
            let features = base.features.union(own.map(\.feature))
            let lifted = own.contains { $0.kind == .lift }
            return Part(features: features, separable: features.count <= 1 || (!lifted && base.separable))
        }
        // Inputs read other inputs' untreated draws: only their own effects reach them.
        for input in scenario.inputs {
            let part = treated(input.name, Part(features: [], separable: true))
            reach[input.name] = part.features
            separable[input.name] = part.separable
        }
        // Lags make the metrics' graph cyclic; both properties only ever grow worse, so this settles.
        var changed = true
        while changed {
            changed = false
            for metric in scenario.metrics {
                let part = treated(metric.name, analyse(metric.formula.expression, reach: reach, separable: separable))
                if part.features != reach[metric.name] || part.separable != separable[metric.name] {
                    reach[metric.name] = part.features
                    separable[metric.name] = part.separable
                    changed = true
                }
            }
        }
        guard separable[scenario.primary.metric] == false else { return nil }
        return names.first { separable[$0] == false && (effects[$0] != nil || dependsOnlyOnSeparable($0, scenario, separable)) }
            ?? scenario.primary.metric
    }

    /// The features an expression depends on, and whether it is a sum of one part per feature.
    struct Part {
        var features: Set<String>
        var separable: Bool

        static let constant = Part(features: [], separable: true)

        /// Any function of at most one feature's influence separates trivially.
        func combined(with other: Part, linear: Bool) -> Part {
            let features = self.features.union(other.features)
            if features.count <= 1 { return Part(features: features, separable: true) }
            return Part(features: features, separable: linear && separable && other.separable)
        }
    }

    static func analyse(_ e: Expression, reach: [String: Set<String>], separable: [String: Bool]) -> Part {
        func part(_ e: Expression) -> Part { analyse(e, reach: reach, separable: separable) }
        switch e.kind {
        case .number:
            return .constant
        case .name(let name), .lag(let name, _):
            return Part(features: reach[name] ?? [], separable: separable[name] ?? true)
        case .negate(let inner):
            return part(inner)
        case .chain(let first, let rest):
            var result = part(first)
            for link in rest {
                let operand = part(link.operand)
                switch link.op {
                case .add, .subtract:
                    result = result.combined(with: operand, linear: true)
                case .multiply:
                    // Scaling by something no feature moves keeps the parts apart.
                    result = result.combined(with: operand, linear: result.features.isEmpty || operand.features.isEmpty)
                case .divide:
                    result = result.combined(with: operand, linear: operand.features.isEmpty)
                default:
                    result = result.combined(with: operand, linear: false)
                }
            }
            return result
        case .not, .power, .interval, .call:
            return e.kind.children.reduce(Part.constant) { $0.combined(with: part($1), linear: false) }
        }
    }

    /// A metric that first loses separability from its own formula, not from what it reads.
    private static func dependsOnlyOnSeparable(_ name: String, _ scenario: Scenario, _ separable: [String: Bool]) -> Bool {
        guard let metric = scenario.metric(named: name) else { return false }
        var reads: [String] = []
        metric.formula.expression.forEach { node in
            switch node.kind {
            case .name(let read), .lag(let read, _): reads.append(read)
            default: break
            }
        }
        return reads.allSatisfy { $0 == name || separable[$0] != false }
    }
}
