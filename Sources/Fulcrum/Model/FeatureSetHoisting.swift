/// Lifts each part of a metric's formula that fewer features can change than the formula
/// around it into a hidden node.
///
/// `signups * (1 + growth) ^ (t - 1)` must be recomputed by every roadmap that changes
/// `signups`, but `(1 + growth) ^ (t - 1)` is the same in all of them: as a hidden node it
/// is computed once, by the baseline. Likewise in `subscribers[t-1] * (1 - churn) + new`,
/// `1 - churn` has one value per combination of the features that reach `churn`, not one
/// per combination of all that reach `subscribers`, and a `CoalitionLattice` computes it
/// only that often. Whole subtrees are lifted and nothing is reordered, so results are
/// unchanged.
struct FeatureSetHoisting {
    struct Hidden {
        var name: String
        /// The metric whose formula it came from, for messages.
        var parent: String
        var formula: Formula
    }

    private(set) var hidden: [Hidden] = []
    /// The features whose effects reach each input and metric.
    private let reach: [String: Set<String>]
    private let horizon: Int

    /// Effect targets, then what reads them (through any lag), to a fixed point.
    static func featureSets(_ scenario: Scenario) -> [String: Set<String>] {
        var reach: [String: Set<String>] = [:]
        for feature in scenario.features {
            for effect in feature.effects { reach[effect.target, default: []].insert(feature.id) }
        }
        var growing = true
        while growing {
            growing = false
            for metric in scenario.metrics {
                let grown = reads(metric.formula.expression).reduce(reach[metric.name] ?? []) { $0.union(reach[$1] ?? []) }
                if grown != reach[metric.name] ?? [] {
                    reach[metric.name] = grown
                    growing = true
                }
            }
        }
        return reach
    }

    static func reads(_ expression: Expression) -> Set<String> {
        var names = Set<String>()
        expression.forEach { node in
            switch node.kind {
            case .name(let name), .lag(let name, _): names.insert(name)
            default: break
            }
        }
        return names
    }

    init(scenario: Scenario) {
        reach = Self.featureSets(scenario)
        horizon = scenario.horizon
    }

    private func features(of expression: Expression) -> Set<String> {
        Self.reads(expression).reduce(into: Set<String>()) { $0.formUnion(reach[$1] ?? []) }
    }

    /// The metric's formula with its parts replaced by hidden nodes' names (appended to
    /// `hidden`); unchanged for metrics no feature can reach.
    mutating func rewrite(_ metric: Metric) -> Formula {
        let whole = features(of: metric.formula.expression)
        guard !whole.isEmpty else { return metric.formula }
        var formula = metric.formula
        formula.expression = rewriteChildren(of: metric.formula.expression, within: whole, in: metric)
        return formula
    }

    private mutating func rewrite(_ expression: Expression, within enclosing: Set<String>, in metric: Metric) -> Expression {
        switch expression.kind {
        case .number, .name, .lag:
            return expression
        default:
            break
        }
        let own = features(of: expression)
        guard ConstantFolding.value(of: expression, horizon: horizon) == nil, own.isStrictSubset(of: enclosing) else {
            return rewriteChildren(of: expression, within: enclosing, in: metric)
        }
        var formula = metric.formula
        formula.expression = rewriteChildren(of: expression, within: own, in: metric)
        let name = "\(metric.name)#\(hidden.count + 1)"
        hidden.append(Hidden(name: name, parent: metric.name, formula: formula))
        return Expression(.name(name), offset: expression.offset)
    }

    private mutating func rewriteChildren(of expression: Expression, within enclosing: Set<String>, in metric: Metric) -> Expression {
        var copy = expression
        copy.kind = expression.kind.mapChildren { rewrite($0, within: enclosing, in: metric) }
        return copy
    }
}

extension Expression.Kind {
    /// The same node with each child replaced.
    func mapChildren(_ transform: (Expression) -> Expression) -> Expression.Kind {
        switch self {
        case .number, .name, .lag: self
        case .negate(let e): .negate(transform(e))
        case .not(let e): .not(transform(e))
        case .chain(let first, let rest): .chain(first: transform(first), rest: rest.map { .init(op: $0.op, operand: transform($0.operand)) })
        case .power(let a, let b): .power(transform(a), transform(b))
        case .interval(let a, let b): .interval(transform(a), transform(b))
        case .call(let name, let arguments):
            .call(name, arguments.map { .init(label: $0.label, labelOffset: $0.labelOffset, value: transform($0.value)) })
        }
    }
}
