/// Turns a segmented scenario into a plain one: each input and metric that varies along
/// dimensions becomes one node per combination of segments (`orders[home]`, `orders[de]`),
/// each read resolves to the node of its segment, and `sum`/`mean` become sums of nodes.
///
/// Flattening happens once, before checking and compiling, so the engine evaluates every
/// segment's node as the vector program it is, with the lattice, chained plans and every
/// analysis unchanged: a model with S segments costs S times the nodes that vary, and
/// nothing more.
struct SegmentFlattening {
    struct RawInput {
        var name: String
        var location: SourceLocation
        var definition: Segmented<Input>
    }

    struct RawMetric {
        var name: String
        var location: SourceLocation
        var formula: Segmented<Formula>
        var initial: Segmented<Formula>?
        var unit: String?
        var bounds: Bounds?
    }

    let dimensions: [Dimension]
    /// The dimensions each input and metric varies along, in declaration order.
    private(set) var dimensionsOf: [String: [Int]] = [:]

    /// Infers what varies along what: a name varies along a dimension when its definition is
    /// keyed by that dimension's segments, or when it reads (outside a reduction or a
    /// selector) a name that varies along it. A fixed point, since metrics read each other.
    init(dimensions: [Dimension], inputs: [RawInput], metrics: [RawMetric]) {
        self.dimensions = dimensions
        var known: [String: Set<Int>] = [:]
        for input in inputs { known[input.name] = input.definition.declaredDimensions }
        for metric in metrics { known[metric.name] = metric.formula.declaredDimensions.union(metric.initial?.declaredDimensions ?? []) }
        var changed = true
        while changed {
            changed = false
            func grow(_ name: String, _ formulas: [Formula]) {
                let grown = formulas.reduce(known[name] ?? []) { $0.union(reads($1.expression, known)) }
                if grown != known[name] {
                    known[name] = grown
                    changed = true
                }
            }
            for input in inputs { grow(input.name, input.definition.leaves.flatMap(\.elements)) }
            for metric in metrics { grow(metric.name, metric.formula.leaves + (metric.initial?.leaves ?? [])) }
        }
        dimensionsOf = known.mapValues { $0.sorted() }
    }

    /// The dimensions a formula's value varies along, given what each name varies along.
    private func reads(_ expression: Expression, _ known: [String: Set<Int>]) -> Set<Int> {
        switch expression.kind {
        case .name(let read), .lag(let read, _):
            let (base, selectors) = SegmentName.parse(read)
            return (known[base] ?? []).subtracting(selectors.compactMap(dimension(ofSegment:)))
        case .call(let function, let arguments) where Self.isReduction(function):
            guard let first = arguments.first else { return [] }
            if arguments.count == 2, case .name(let name) = arguments[1].value.kind, let reduced = dimensions.firstIndex(where: { $0.name == name }) {
                return reads(first.value, known).subtracting([reduced])
            }
            return []
        default:
            return expression.kind.children.reduce([]) { $0.union(reads($1, known)) }
        }
    }

    static func isReduction(_ function: String) -> Bool { function == "sum" || function == "mean" }

    /// Nodes the flattened model has: every name once per combination of its segments.
    var nodeCount: Int {
        dimensionsOf.values.reduce(0) { total, varying in
            total + varying.reduce(1) { $0.multipliedReportingOverflow(by: dimensions[$1].segments.count).partialValue }
        }
    }

    /// Beyond this many nodes a model is a mistake (three dimensions of a hundred segments),
    /// and flattening it would only exhaust memory.
    static let nodeLimit = 20_000

    private func dimension(ofSegment segment: String) -> Int? {
        dimensions.firstIndex { $0.segments.contains(segment) }
    }

    /// Every combination of segments of `chosen` dimensions, in declaration order.
    private func combinations(_ chosen: [Int]) -> [[Int: String]] {
        chosen.reduce([[:]]) { partial, dimension in
            partial.flatMap { combination in
                dimensions[dimension].segments.map { combination.merging([dimension: $0]) { $1 } }
            }
        }
    }

    private func name(_ base: String, at combination: [Int: String]) -> String {
        SegmentName.make(base, (dimensionsOf[base] ?? []).map { combination[$0]! })
    }

    // MARK: Flattening

    func inputs(_ raw: [RawInput], log: inout DiagnosticLog) -> [Input] {
        raw.flatMap { input in
            combinations(dimensionsOf[input.name] ?? []).compactMap { combination -> Input? in
                guard var leaf = input.definition.value(at: combination) else { return nil }
                let what = "input '\(name(input.name, at: combination))'"
                leaf.name = name(input.name, at: combination)
                leaf.formula = rewritten(leaf.formula, combination, what: what, log: &log)
                leaf.series = leaf.series?.map { rewritten($0, combination, what: what, log: &log) }
                return leaf
            }
        }
    }

    func metrics(_ raw: [RawMetric], log: inout DiagnosticLog) -> [Metric] {
        raw.flatMap { metric in
            combinations(dimensionsOf[metric.name] ?? []).compactMap { combination -> Metric? in
                let flat = name(metric.name, at: combination)
                guard let formula = metric.formula.value(at: combination) else { return nil }
                return Metric(name: flat, formula: rewritten(formula, combination, what: "metric '\(flat)'", log: &log),
                              initial: metric.initial?.value(at: combination).map { rewritten($0, combination, what: "the initial value of '\(flat)'", log: &log) },
                              unit: metric.unit, location: metric.location, bounds: metric.bounds)
            }
        }
    }

    /// An effect on a name that varies applies to every segment (`traffic`: one magnitude
    /// draw, shared) or to those its selector names (`open[de]`).
    func features(_ features: [Feature], log: inout DiagnosticLog) -> [Feature] {
        features.map { feature in
            var flat = feature
            flat.effects = feature.effects.flatMap { effect -> [Effect] in
                let (base, selectors) = SegmentName.parse(effect.target)
                guard let varying = dimensionsOf[base], !varying.isEmpty || !selectors.isEmpty else {
                    var copy = effect
                    copy.magnitude = rewritten(effect.magnitude, [:], what: "the effect of '\(feature.id)' on '\(effect.target)'", log: &log)
                    return [copy]
                }
                guard let fixed = assignment(base, selectors, varying: varying, at: effect.location, log: &log) else { return [] }
                return combinations(varying.filter { fixed[$0] == nil }).map { free in
                    let combination = fixed.merging(free) { $1 }
                    var copy = effect
                    copy.target = name(base, at: combination)
                    copy.drawKey = SegmentName.canonical(effect.target)
                    copy.magnitude = rewritten(effect.magnitude, combination, what: "the effect of '\(feature.id)' on '\(copy.target)'", log: &log)
                    return copy
                }
            }
            return flat
        }
    }

    /// The segments a read's selectors name, checked against what `base` varies along.
    private func assignment(_ base: String, _ selectors: [String], varying: [Int], at location: SourceLocation,
                            log: inout DiagnosticLog) -> [Int: String]? {
        var fixed: [Int: String] = [:]
        for selector in selectors {
            guard let dimension = dimension(ofSegment: selector) else {
                log.error("'\(selector)' in \(SegmentName.make(base, selectors)) is not a segment\(NameSuggestion.hint(for: selector, among: dimensions.flatMap(\.segments)))",
                          at: location)
                return nil
            }
            guard varying.contains(dimension) else {
                log.error(varying.isEmpty
                          ? "'\(base)' does not vary by segment, so \(SegmentName.make(base, selectors)) names nothing: read '\(base)'"
                          : "'\(base)' does not vary by \(dimensions[dimension].name), so \(SegmentName.make(base, selectors)) names nothing",
                          at: location)
                return nil
            }
            guard fixed[dimension] == nil else {
                log.error("\(SegmentName.make(base, selectors)) names two \(dimensions[dimension].name) segments", at: location)
                return nil
            }
            fixed[dimension] = selector
        }
        return fixed
    }

    private func rewritten(_ formula: Formula, _ combination: [Int: String], what: String, log: inout DiagnosticLog) -> Formula {
        var copy = formula
        copy.expression = rewrite(formula.expression, combination, formula: formula, what: what, log: &log)
        return copy
    }

    private func rewrite(_ e: Expression, _ combination: [Int: String], formula: Formula, what: String, log: inout DiagnosticLog) -> Expression {
        func again(_ child: Expression) -> Expression { rewrite(child, combination, formula: formula, what: what, log: &log) }
        switch e.kind {
        case .name(let read), .lag(let read, _):
            let (base, selectors) = SegmentName.parse(read)
            guard let varying = dimensionsOf[base] else { return e }
            guard let fixed = assignment(base, selectors, varying: varying, at: formula.location(of: e), log: &log) else { return e }
            var full = fixed
            for dimension in varying where full[dimension] == nil {
                guard let segment = combination[dimension] else {
                    log.error("\(what) reads '\(base)', which varies by \(dimensions[dimension].name), where no \(dimensions[dimension].name) is known: use sum(\(base)), mean(\(base)) or \(base)[\(dimensions[dimension].segments[0])]",
                              at: formula.location(of: e))
                    return e
                }
                full[dimension] = segment
            }
            let flat = name(base, at: full)
            if case .lag(_, let periods) = e.kind { return Expression(.lag(flat, periods: periods), offset: e.offset) }
            return Expression(.name(flat), offset: e.offset)
        case .call(let function, let arguments) where Self.isReduction(function):
            return reduction(function, arguments, e, combination, formula: formula, what: what, log: &log)
        case .number: return e
        case .negate(let inner): return Expression(.negate(again(inner)), offset: e.offset)
        case .not(let inner): return Expression(.not(again(inner)), offset: e.offset)
        case .chain(let first, let rest):
            return Expression(.chain(first: again(first), rest: rest.map { Expression.Link(op: $0.op, operand: again($0.operand)) }), offset: e.offset)
        case .power(let a, let b): return Expression(.power(again(a), again(b)), offset: e.offset)
        case .interval(let a, let b): return Expression(.interval(again(a), again(b)), offset: e.offset)
        case .call(let function, let arguments):
            return Expression(.call(function, arguments.map { Expression.Argument(label: $0.label, labelOffset: $0.labelOffset, value: again($0.value)) }),
                              offset: e.offset)
        }
    }

    /// `sum(x)` / `mean(x)` over every dimension x varies along, or `sum(x, market)` over one.
    private func reduction(_ function: String, _ arguments: [Expression.Argument], _ e: Expression, _ combination: [Int: String],
                           formula: Formula, what: String, log: inout DiagnosticLog) -> Expression {
        let location = formula.location(of: e)
        let zero = Expression(.number(0), offset: e.offset)
        guard !dimensions.isEmpty else {
            log.error("\(function)(...) \(function == "sum" ? "adds up" : "averages") a value over segments, and the scenario declares no 'segments'", at: location)
            return zero
        }
        guard (1...2).contains(arguments.count), arguments.allSatisfy({ $0.label == nil }) else {
            log.error("\(function) is written \(function)(x) or \(function)(x, dimension)", at: location)
            return zero
        }
        let inner = arguments[0].value
        let varying = reads(inner, dimensionsOf.mapValues(Set.init))
        var reduced = varying.sorted()
        if arguments.count == 2 {
            guard case .name(let name) = arguments[1].value.kind, let dimension = dimensions.firstIndex(where: { $0.name == name }) else {
                log.error("the second argument of \(function) names a dimension: \(dimensions.map(\.name).joined(separator: ", "))",
                          at: formula.location(of: arguments[1].value))
                return zero
            }
            guard varying.contains(dimension) else {
                log.error("\(function)(..., \(name)): the value does not vary by \(name)", at: location)
                return zero
            }
            reduced = [dimension]
        }
        guard !reduced.isEmpty else {
            log.error("\(function)(...) of a value that does not vary by segment: \(function) \(function == "sum" ? "adds up" : "averages") a value over its segments",
                      at: location)
            return zero
        }
        let terms = combinations(reduced).map { rewrite(inner, combination.merging($0) { $1 }, formula: formula, what: what, log: &log) }
        let total = terms.count == 1 ? terms[0]
            : Expression(.chain(first: terms[0], rest: terms.dropFirst().map { .init(op: .add, operand: $0) }), offset: e.offset)
        guard function == "mean" else { return total }
        return Expression(.chain(first: total, rest: [.init(op: .divide, operand: Expression(.number(Double(terms.count)), offset: e.offset))]),
                          offset: e.offset)
    }
}
