import Foundation

/// The rules of SCENARIO-FORMAT.md that span several keys: names, references, cycles,
/// lags, correlations and plans.
enum ScenarioChecker {
    static func check(_ scenario: Scenario, log: inout DiagnosticLog) {
        checkNames(scenario, log: &log)
        let checker = FormulaChecker(inputs: Set(scenario.inputs.map(\.name)), metrics: Set(scenario.metrics.map(\.name)),
                                     series: Set(scenario.inputs.filter { $0.series != nil }.map(\.name)), horizon: scenario.horizon)
        checkInputs(scenario, checker, log: &log)
        checkMetrics(scenario, checker, log: &log)
        checkPrimary(scenario, log: &log)
        checkFeatures(scenario, checker, log: &log)
        checkCorrelations(scenario, log: &log)
        checkPlans(scenario, log: &log)
    }

    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }

    private static func checkName(_ qualified: String, kind: String, at location: SourceLocation, log: inout DiagnosticLog) {
        // One segment's node, `orders[de]`, is checked by its name: its segments were checked where declared.
        let name = kind == "feature" ? qualified : SegmentName.parse(qualified).base
        if !isValidName(name) {
            log.error("\(kind) name '\(name)' is not a valid name: use letters, digits and '_', starting with a letter or '_'", at: location)
        } else if ExpressionParser.reservedWords.contains(name) || BuiltinFunction.allNames.contains(name) {
            log.error("'\(name)' is reserved and cannot name \(kind == "input" ? "an" : "a") \(kind)", at: location)
        }
    }

    private static func checkNames(_ scenario: Scenario, log: inout DiagnosticLog) {
        if scenario.name.trimmingCharacters(in: .whitespaces).isEmpty {
            log.error("'name' must not be empty: it titles every output", at: SourceLocation(file: scenario.file, line: 1, column: 1))
        }
        for input in scenario.inputs { checkName(input.name, kind: "input", at: input.location, log: &log) }
        for metric in scenario.metrics {
            checkName(metric.name, kind: "metric", at: metric.location, log: &log)
            if let input = scenario.input(named: metric.name) {
                log.error("'\(metric.name)' is both an input (line \(input.location.line)) and a metric: inputs and metrics share one namespace", at: metric.location)
            }
        }
        for feature in scenario.features { checkName(feature.id, kind: "feature", at: feature.location, log: &log) }
        for plan in scenario.plans where plan.name == "baseline" {
            log.error("'baseline' is the reserved name of the empty roadmap and cannot name a plan", at: plan.location)
        }
        if scenario.inputs.isEmpty {
            log.error("'inputs' must declare at least one input", at: SourceLocation(file: scenario.file, line: 1, column: 1))
        }
    }

    private static func checkInputs(_ scenario: Scenario, _ checker: FormulaChecker, log: inout DiagnosticLog) {
        let index = Dictionary(uniqueKeysWithValues: scenario.inputs.enumerated().map { ($1.name, $0) })
        let dependencies = scenario.inputs.map { input in
            input.elements.enumerated().flatMap { offset, element in
                let what = input.series == nil ? "input '\(input.name)'" : "element \(offset + 1) of input '\(input.name)'"
                return checker.check(element, place: .sampleLevel, what: what, log: &log).current.compactMap { index[$0.name] }
            }
        }
        if case .failure(let cycle) = DependencyOrder.sort(count: scenario.inputs.count, dependencies: dependencies) {
            let names = cycle.nodes.reversed().map { scenario.inputs[$0].name }
            log.error("inputs depend on each other in a cycle: \((names + [names[0]]).joined(separator: " -> "))",
                      at: scenario.inputs[cycle.nodes.last!].formula.location)
        }
    }

    private static func checkMetrics(_ scenario: Scenario, _ checker: FormulaChecker, log: inout DiagnosticLog) {
        let index = Dictionary(uniqueKeysWithValues: scenario.metrics.enumerated().map { ($1.name, $0) })
        var dependencies: [[Int]] = []
        for metric in scenario.metrics {
            let references = checker.check(metric.formula, place: .metric, what: "metric '\(metric.name)'", log: &log)
            dependencies.append(references.current.compactMap { index[$0.name] })
            for lag in references.lagged {
                if let lagged = scenario.metric(named: lag.name), lagged.initial == nil {
                    log.error("metric '\(lag.name)' is read with a lag here but has no 'initial': write it as {formula: ..., initial: ...} to give its value before period 1",
                              at: lag.location)
                }
            }
            if let initial = metric.initial {
                _ = checker.check(initial, place: .sampleLevel, what: "the initial value of '\(metric.name)'", log: &log)
            }
        }
        if case .failure(let cycle) = DependencyOrder.sort(count: scenario.metrics.count, dependencies: dependencies) {
            let names = cycle.nodes.reversed().map { scenario.metrics[$0].name }
            log.error("metrics depend on each other within one period in a cycle: \((names + [names[0]]).joined(separator: " -> ")); read one of them with a lag, such as \(names[0])[t-1]",
                      at: scenario.metrics[cycle.nodes.last!].formula.location)
        }
    }

    /// Every named goal, and `primary` when it is written out rather than naming one.
    private static func checkPrimary(_ scenario: Scenario, log: inout DiagnosticLog) {
        let written = scenario.goals.map { ("goal '\($0.name)'", $0.primary) } + (scenario.primary.goal == nil ? [("the primary", scenario.primary)] : [])
        for (what, primary) in written where !primary.metric.isEmpty {
            let segmented = scenario.nodeNames.filter { SegmentName.parse($0).base == primary.metric && $0 != primary.metric }
            if let example = segmented.first, scenario.input(named: primary.metric) == nil && scenario.metric(named: primary.metric) == nil {
                log.error("\(what) names '\(primary.metric)', which varies by segment: a goal is one number, so judge by a metric that adds the segments up (sum(\(primary.metric))) or by one segment (\(example))",
                          at: primary.metricLocation)
            } else if scenario.input(named: primary.metric) == nil && scenario.metric(named: primary.metric) == nil {
                log.error("\(what) names '\(primary.metric)', which is neither an input nor a metric\(NameSuggestion.hint(for: primary.metric, among: scenario.nodeNames))",
                          at: primary.metricLocation)
            }
        }
    }

    private static func checkFeatures(_ scenario: Scenario, _ checker: FormulaChecker, log: inout DiagnosticLog) {
        let ids = scenario.features.map(\.id)
        for feature in scenario.features {
            for (key, references) in [("requires", feature.requires), ("excludes", feature.excludes)] {
                for id in references where scenario.feature(withID: id) == nil {
                    log.error("feature '\(feature.id)' \(key) '\(id)', which is not a feature\(NameSuggestion.hint(for: id, among: ids))",
                              at: feature.referenceLocations["\(key) \(id)"] ?? feature.location)
                }
                if references.contains(feature.id) {
                    log.error("feature '\(feature.id)' \(key) itself", at: feature.referenceLocations["\(key) \(feature.id)"] ?? feature.location)
                }
            }
            let required = Roadmap.requirementClosure(of: [feature.id], in: scenario)
            for id in required {
                let other = scenario.feature(withID: id)
                if feature.excludes.contains(id) || other?.excludes.contains(feature.id) == true {
                    log.error("feature '\(feature.id)' can never ship: it requires '\(id)' but excludes it", at: feature.location)
                }
            }
            for effect in feature.effects {
                if scenario.input(named: effect.target) == nil && scenario.metric(named: effect.target) == nil {
                    log.error("feature '\(feature.id)' has an effect on '\(effect.target)', which is neither an input nor a metric\(NameSuggestion.hint(for: effect.target, among: scenario.nodeNames))",
                              at: effect.location)
                }
                _ = checker.check(effect.magnitude, place: .sampleLevel, what: "the effect of '\(feature.id)' on '\(effect.target)'", log: &log)
            }
        }
    }

    private static func checkCorrelations(_ scenario: Scenario, log: inout DiagnosticLog) {
        var variables: [String] = []
        var pairs: [(Int, Int, Correlation)] = []
        for correlation in scenario.correlations {
            var resolved: [Int] = []
            for (name, location) in [(correlation.first, correlation.firstLocation), (correlation.second, correlation.secondLocation)] {
                if let problem = correlatable(name, in: scenario) {
                    log.error(problem, at: location)
                } else {
                    if !variables.contains(name) { variables.append(name) }
                    resolved.append(variables.firstIndex(of: name)!)
                }
            }
            guard resolved.count == 2 else { continue }
            if resolved[0] == resolved[1] {
                log.error("'\(correlation.first)' cannot be correlated with itself", at: correlation.location)
            } else if pairs.contains(where: { Set([$0.0, $0.1]) == Set(resolved) }) {
                log.error("the pair \(correlation.first), \(correlation.second) is correlated twice", at: correlation.location)
            } else {
                pairs.append((resolved[0], resolved[1], correlation))
            }
        }
        guard !pairs.isEmpty, log.isEmpty else { return }
        var matrix = Matrix.identity(variables.count)
        for (i, j, correlation) in pairs {
            matrix[i, j] = CorrelationMatrix.pearson(fromSpearman: correlation.rho)
            matrix[j, i] = matrix[i, j]
        }
        do {
            _ = try cholesky(matrix)
        } catch LAPACKError.notPositiveDefinite(let minor) {
            let involved = pairs.filter { max($0.0, $0.1) < minor && ($0.0 == minor - 1 || $0.1 == minor - 1) }
            let listed = involved.map { "[\($0.2.first), \($0.2.second), \(DistributionFamily.short($0.2.rho))]" }.joined(separator: ", ")
            log.error("the correlations are not positive definite (no joint distribution has them all); check the pairs \(listed)",
                      at: involved.last?.2.location ?? pairs[0].2.location)
        } catch {
            log.error("cannot check the correlation matrix: \(error)", at: pairs[0].2.location)
        }
    }

    /// Nil when `name` may take part in a correlation, else why not.
    private static func correlatable(_ name: String, in scenario: Scenario) -> String? {
        if let input = scenario.input(named: name) {
            if input.series != nil { return "input '\(name)' is a series; correlate inputs drawn once per sample" }
            return RandomVariableCatalog.isSingleDistribution(input.formula.expression) ? nil
                : "input '\(name)' can be correlated only when its expression is a single distribution, such as normal(10, 2)"
        }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 2, let feature = scenario.feature(withID: parts[0]) {
            guard let effect = feature.effects.first(where: { $0.target == parts[1] }) else {
                return "feature '\(parts[0])' has no effect on '\(parts[1])'\(NameSuggestion.hint(for: parts[1], among: feature.effects.map(\.target)))"
            }
            return RandomVariableCatalog.isSingleDistribution(effect.magnitude.expression) ? nil
                : "the effect '\(name)' can be correlated only when its magnitude is a single distribution"
        }
        let candidates = scenario.inputs.map(\.name) + scenario.features.flatMap { f in f.effects.map { "\(f.id).\($0.target)" } }
        return "'\(name)' is neither an input nor an effect written feature_id.target\(NameSuggestion.hint(for: name, among: candidates))"
    }

    private static func checkPlans(_ scenario: Scenario, log: inout DiagnosticLog) {
        for plan in scenario.plans {
            if let problem = Roadmap.problem(with: plan.features, in: scenario, describedAs: "plan '\(plan.name)'") {
                log.error(problem, at: plan.location)
            }
        }
    }
}
