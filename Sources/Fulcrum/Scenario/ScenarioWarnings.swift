import Foundation

/// The segments of one definition (`orders[home]`, `orders[de]`) share its line: one
/// warning about the line is enough.
private func onePerDefinition(_ warnings: [Diagnostic]) -> [Diagnostic] {
    var seen = Set<String>()
    return warnings.filter { warning in
        let general = warning.message.replacing(/\[[^\]]*\]/, with: "")
        return seen.insert("\(warning.location) \(general)").inserted
    }
}

/// Files that are valid and probably wrong: each warning says what the file means as
/// written and what was probably meant. Commands print them and go on; `--strict` makes
/// them errors.
enum ScenarioWarnings {
    static func check(_ scenario: Scenario) -> [Diagnostic] {
        var warnings: [Diagnostic] = []
        let written = scenario.inputs.map(\.formula) + scenario.features.flatMap { $0.effects.map(\.magnitude) }
        for formula in written { warnings += rangeWrittenAsSubtraction(formula) }
        for feature in scenario.features {
            for effect in feature.effects {
                if effect.kind == .lift, let mean = effect.magnitude.statedMoments(horizon: scenario.horizon)?.mean, abs(mean) > 1 {
                    warnings.append(Diagnostic(
                        "a lift of \(NumberFormat.auto(mean)) is \(mean > 0 ? "+" : "")\(NumberFormat.percent(mean)), not \(NumberFormat.auto(mean))%: write \(NumberFormat.auto(mean))% for a percentage",
                        at: effect.magnitude.location))
                }
                if scenario.input(named: effect.target) != nil {
                    let readers = scenario.inputs.filter { input in input.elements.contains { reads(effect.target, $0) } }.map(\.name)
                    if !readers.isEmpty {
                        warnings.append(Diagnostic(
                            "\(feature.id) moves input '\(effect.target)', but input\(readers.count == 1 ? "" : "s") \(readers.map { "'\($0)'" }.joined(separator: ", ")) read\(readers.count == 1 ? "s" : "") its untreated draw and will not see the effect: make \(readers.count == 1 ? "it a metric" : "them metrics") to pass the effect on",
                            at: effect.location))
                    }
                }
            }
        }
        warnings += withoutPathToAnyGoal(scenario)
        return onePerDefinition(warnings)
    }

    /// `40-60` or `5%-10%`: two numbers subtracted, the first below the second, where a range
    /// (`40 to 60`) was almost certainly meant.
    private static func rangeWrittenAsSubtraction(_ formula: Formula) -> [Diagnostic] {
        guard case .chain(let first, let rest) = formula.expression.kind, rest.count == 1, rest[0].op == .subtract,
              let low = first.constantValue, let high = rest[0].operand.constantValue, low < high, low >= 0 else { return [] }
        let text = formula.text.trimmingCharacters(in: .whitespaces)
        let parts = text.split(separator: "-", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        let suggestion = parts.count == 2 ? "\(parts[0]) to \(parts[1])" : "A to B"
        return [Diagnostic("'\(text)' is a subtraction (\(NumberFormat.auto(low - high))); for a range write '\(suggestion)'",
                           at: formula.scalar.location(ofOffset: formula.expression.offset))]
    }

    private static func reads(_ name: String, _ formula: Formula) -> Bool {
        var found = false
        formula.expression.forEach { node in
            if case .name(let read) = node.kind, read == name { found = true }
        }
        return found
    }

    /// Metrics and features that no goal's tree reaches dilute focus.
    private static func withoutPathToAnyGoal(_ scenario: Scenario) -> [Diagnostic] {
        let goals = scenario.goals.isEmpty ? [scenario.primary] : scenario.goals.map(\.primary)
        var reached = Set<String>()
        for goal in goals {
            var judged = scenario
            judged.primary = goal
            reached.formUnion(DriverTree(judged).nodes.map(\.name))
        }
        let goalNames = goals.map(\.metric).joined(separator: ", ")
        var warnings: [Diagnostic] = []
        for metric in scenario.metrics where !reached.contains(metric.name) {
            warnings.append(Diagnostic("metric '\(metric.name)' has no path to any goal (\(goalNames)): it cannot change a verdict; make a goal read it, or remove it",
                                       at: metric.location))
        }
        for feature in scenario.features where feature.effects.allSatisfy({ !reached.contains($0.target) }) {
            warnings.append(Diagnostic("feature '\(feature.id)' moves nothing on a path to any goal (\(goalNames)): it can only ever add effort",
                                       at: feature.location))
        }
        return warnings
    }
}
