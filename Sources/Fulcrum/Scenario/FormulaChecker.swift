/// Checks one formula against the names of a scenario and the rules of where it stands,
/// and reports what it reads.
struct FormulaChecker {
    enum Place {
        /// Inputs, effect magnitudes and initial values: drawn once per sample, before period 1.
        case sampleLevel
        /// Metric formulas: evaluated every period.
        case metric
    }

    struct References {
        /// Names read in the same period (inputs, and metrics for metric formulas).
        var current: [(name: String, location: SourceLocation)] = []
        /// `name[t-k]` reads.
        var lagged: [(name: String, location: SourceLocation)] = []
        /// Distribution calls and `A to B` intervals.
        var randomCount = 0
    }

    let inputs: Set<String>
    let metrics: Set<String>
    /// Inputs written as lists: one value per period, so only metrics can read them.
    var series: Set<String> = []
    let horizon: Int

    func check(_ formula: Formula, place: Place, what: String, log: inout DiagnosticLog) -> References {
        var references = References()
        visit(formula.expression, formula: formula, place: place, what: what, references: &references, log: &log)
        return references
    }

    private func visit(_ node: Expression, formula: Formula, place: Place, what: String,
                       references: inout References, log: inout DiagnosticLog) {
        let location = formula.location(of: node)
        switch node.kind {
        case .number:
            break
        case .name(let name):
            switch name {
            case "pi", "horizon": break
            case "t":
                if place == .sampleLevel { log.error("\(what) cannot use 't': it is drawn once per sample, before period 1", at: location) }
            default:
                resolve(name, at: location, place: place, what: what, log: &log)
                references.current.append((name, location))
            }
        case .lag(let name, _):
            if place == .sampleLevel {
                log.error("\(what) cannot use a lag: it is drawn once per sample, before period 1", at: location)
            } else if resolve(name, at: location, place: place, what: what, log: &log) {
                references.lagged.append((name, location))
            }
        case .interval(let low, let high):
            if place == .metric { log.error(randomInMetric("'A to B'", what), at: location) }
            references.randomCount += 1
            if let a = ConstantFolding.value(of: low, horizon: horizon), let b = ConstantFolding.value(of: high, horizon: horizon),
               case .failure(let error) = DistributionFamily.interval(a, b) {
                log.error("in \(what): \(error.message)", at: location)
            }
            for child in [low, high] { visit(child, formula: formula, place: place, what: what, references: &references, log: &log) }
        case .call(let name, let arguments):
            checkCall(name, arguments, at: location, formula: formula, place: place, what: what, references: &references, log: &log)
            for argument in arguments {
                visit(argument.value, formula: formula, place: place, what: what, references: &references, log: &log)
            }
        default:
            for child in node.kind.children {
                visit(child, formula: formula, place: place, what: what, references: &references, log: &log)
            }
        }
    }

    private func checkCall(_ name: String, _ arguments: [Expression.Argument], at location: SourceLocation, formula: Formula,
                           place: Place, what: String, references: inout References, log: inout DiagnosticLog) {
        if let function = BuiltinFunction(rawValue: name) {
            if let labelled = arguments.first(where: { $0.label != nil }) {
                log.error("\(name)(...) takes no named arguments; write \(function.usage)", at: formula.scalar.location(ofOffset: labelled.labelOffset))
            } else if !function.arity.contains(arguments.count) {
                log.error("\(name) takes \(function.arity.upperBound == Int.max ? "at least 1 argument" : "\(function.arity.lowerBound) argument\(function.arity.lowerBound == 1 ? "" : "s")"), got \(arguments.count): write \(function.usage)", at: location)
            }
            return
        }
        guard let family = DistributionFamily(rawValue: name) else {
            let candidates = BuiltinFunction.allNames.sorted()
            log.error("unknown function '\(name)'\(NameSuggestion.hint(for: name, among: candidates))", at: location)
            return
        }
        if place == .metric { log.error(randomInMetric("\(name)(...)", what), at: location) }
        references.randomCount += 1
        switch DistributionCall.resolve(family, arguments) {
        case .failure(let error):
            log.error("in \(what): \(error.message)", at: formula.scalar.location(ofOffset: error.offset))
        case .success(let call):
            let values = call.arguments.compactMap { ConstantFolding.value(of: $0, horizon: horizon) }
            if values.count == call.arguments.count, case .failure(let error) = family.make(form: call.form, values) {
                log.error("in \(what): \(error.message)", at: location)
            }
        }
    }

    private func randomInMetric(_ call: String, _ what: String) -> String {
        "\(what) uses the distribution \(call): metric formulas are evaluated every period, so state the uncertainty as an input and use its name here"
    }

    /// True when the name is known and may be read here.
    @discardableResult
    private func resolve(_ name: String, at location: SourceLocation, place: Place, what: String, log: inout DiagnosticLog) -> Bool {
        if series.contains(name), place == .sampleLevel {
            log.error("\(what) cannot use '\(name)': it is a series, one value per period, and this is drawn once per sample; read it in a metric", at: location)
            return false
        }
        if inputs.contains(name) { return true }
        if metrics.contains(name) {
            if place == .metric { return true }
            log.error("\(what) cannot use metric '\(name)': it is drawn once per sample, before any metric is evaluated; use inputs only", at: location)
            return false
        }
        let candidates = place == .metric ? inputs.union(metrics) : inputs
        log.error("unknown name '\(name)' in \(what)\(NameSuggestion.hint(for: name, among: candidates.sorted()))", at: location)
        return false
    }
}
