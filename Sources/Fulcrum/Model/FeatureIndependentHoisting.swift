/// Lifts the parts of metric formulas that no feature can change into hidden nodes.
///
/// `signups * (1 + growth) ^ (t - 1)` must be recomputed by every roadmap that changes
/// `signups`, but `(1 + growth) ^ (t - 1)` is the same in all of them. As a hidden node
/// it is computed once, by the baseline, and every other roadmap reads it from there.
/// Whole subtrees are lifted and nothing is reordered, so results are unchanged.
struct FeatureIndependentHoisting {
    struct Hidden {
        var name: String
        /// The metric whose formula it came from, for messages.
        var parent: String
        var formula: Formula
    }

    private(set) var hidden: [Hidden] = []
    private let affectable: Set<String>
    private let horizon: Int

    /// Names of every node a feature can change: effect targets and what reads them.
    static func affectableNames(_ scenario: Scenario) -> Set<String> {
        var affectable = Set(scenario.features.flatMap { $0.effects.map(\.target) })
        var growing = true
        while growing {
            growing = false
            for metric in scenario.metrics where !affectable.contains(metric.name) {
                if reads(metric.formula.expression).contains(where: affectable.contains) {
                    affectable.insert(metric.name)
                    growing = true
                }
            }
        }
        return affectable
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
        affectable = Self.affectableNames(scenario)
        horizon = scenario.horizon
    }

    /// The metric's formula with its feature-independent parts replaced by hidden nodes'
    /// names (appended to `hidden`); unchanged for metrics no feature can reach.
    mutating func rewrite(_ metric: Metric) -> Formula {
        guard affectable.contains(metric.name) else { return metric.formula }
        var formula = metric.formula
        formula.expression = rewrite(metric.formula.expression, in: metric)
        return formula
    }

    private mutating func rewrite(_ expression: Expression, in metric: Metric) -> Expression {
        switch expression.kind {
        case .number, .name, .lag:
            return expression
        default:
            break
        }
        if ConstantFolding.value(of: expression, horizon: horizon) == nil,
           Self.reads(expression).isDisjoint(with: affectable) {
            let name = "\(metric.name)#\(hidden.count + 1)"
            var formula = metric.formula
            formula.expression = expression
            hidden.append(Hidden(name: name, parent: metric.name, formula: formula))
            return Expression(.name(name), offset: expression.offset)
        }
        var copy = expression
        copy.kind = expression.kind.mapChildren { rewrite($0, in: metric) }
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
