/// `fulcrum validate`: a one-screen summary of a checked scenario.
public enum ScenarioSummary {
    public static func render(_ scenario: Scenario, as format: OutputFormat) -> String {
        switch format {
        case .json: json(scenario).serialized() + "\n"
        default: text(scenario)
        }
    }

    /// Metric names in the order they are evaluated within a period.
    static func evaluationOrder(_ scenario: Scenario) -> [String] {
        guard let model = try? Model(scenario) else { return scenario.metrics.map(\.name) }
        return model.evaluationOrder.filter { model.nodes[$0].isMetric }.map { model.nodes[$0].name }
    }

    /// Mean of an input whose expression is one distribution with constant parameters.
    static func mean(of input: Input, horizon: Int) -> Double? {
        input.series == nil ? input.formula.statedMoments(horizon: horizon)?.mean : nil
    }

    static func text(_ s: Scenario) -> String {
        let periods = "\(s.horizon) \(SimulationReport.plural(s.period, s.horizon))"
        var out = ["\(s.file): OK", ""] + Prose.heading(s.name, markdown: false)
            + ["\(periods), \(NumberFormat.grouped(Double(s.samples), decimals: 0)) samples, seed \(s.seed)"]
        func describe(_ goal: Primary) -> String {
            var text = "\(goal.metric) (\(goal.aggregate.rawValue)"
            if let discount = goal.discount, goal.aggregate == .npv { text += " at \(NumberFormat.percent(discount)) per \(s.period)" }
            text += ")"
            if let target = goal.target { text += ", target \(NumberFormat.auto(target))" }
            if let unit = goal.unit { text += " \(unit)" }
            return text
        }
        out.append("primary: " + (s.primary.goal.map { "goal '\($0)', " } ?? "") + describe(s.primary))
        for goal in s.goals where goal.name != s.primary.goal { out.append("other goal '\(goal.name)': \(describe(goal.primary)) (--goal \(goal.name))") }
        for dimension in s.dimensions { out.append("segments: \(dimension.name): \(dimension.segments.joined(separator: ", "))") }
        if let budget = s.budget { out.append("budget: \(NumberFormat.auto(budget)) (effort)") }
        if let cost = s.costBudget { out.append("budget: \(NumberFormat.grouped(cost, decimals: 0)) (cost)") }

        out += ["", "Inputs (\(s.inputs.count))"]
        var inputs = TextTable(headers: ["name", "expression", "mean"], alignments: [.left, .left, .right])
        for input in s.inputs {
            inputs.append([input.name, clipped(input.formula.text, 44), mean(of: input, horizon: s.horizon).map(NumberFormat.auto) ?? ""])
        }
        out.append(inputs.terminal())
        if !s.correlations.isEmpty {
            out.append("  correlated (Spearman): " + s.correlations.map { "\($0.first) ~ \($0.second) \(NumberFormat.auto($0.rho))" }.joined(separator: "; "))
        }

        out += ["", "Metrics in evaluation order (\(s.metrics.count))"]
        var metrics = TextTable(headers: ["name", "formula"], alignments: [.left, .left])
        for name in evaluationOrder(s) {
            let metric = s.metric(named: name)!
            let initial = metric.initial.map { "  [initial \($0.text)]" } ?? ""
            metrics.append([name, clipped(metric.formula.text + initial, 62)])
        }
        if !s.metrics.isEmpty { out.append(metrics.terminal()) }

        out += ["", "Features (\(s.features.count))"]
        let costs = s.features.contains { $0.cost != nil }
        var features = TextTable(headers: ["id", "effort"] + (costs ? ["cost"] : []) + ["focus", "launch", "ramp", "success", "effects"],
                                 alignments: [.left, .right] + (costs ? [.right] : []) + [.left, .right, .right, .right, .left])
        for f in s.features {
            let effects = f.effects.map { "\($0.target) \($0.kind.rawValue)" }.joined(separator: ", ")
            features.append([f.id, NumberFormat.auto(f.effort)] + (costs ? [f.cost.map { NumberFormat.grouped($0, decimals: 0) } ?? ""] : [])
                            + [f.focus ?? "", String(f.launch), String(f.ramp),
                             NumberFormat.percent(f.success), effects])
        }
        if !s.features.isEmpty { out.append(features.terminal()) }

        out += ["", "Plans (\(s.plans.count), plus baseline)"]
        for plan in s.plans {
            let effort = plan.features.compactMap { s.feature(withID: $0)?.effort }.reduce(0, +)
            out.append("  \(plan.name): \(plan.features.isEmpty ? "(none)" : plan.features.joined(separator: ", ")) (effort \(NumberFormat.auto(effort)))")
        }
        return out.joined(separator: "\n") + "\n"
    }

    private static func clipped(_ text: String, _ width: Int) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count <= width ? flat : String(flat.prefix(width - 3)) + "..."
    }

    static func json(_ s: Scenario) -> JSONValue {
        .object([
            ("scenario", .string(s.name)), ("file", .string(s.file)), ("valid", .bool(true)),
            ("horizon", .number(Double(s.horizon))), ("period", .string(s.period)),
            ("samples", .number(Double(s.samples))), ("seed", .integer(s.seed)),
            ("primary", .object([("goal", s.primary.goal.map { .string($0) } ?? .null), ("metric", .string(s.primary.metric)),
                                 ("aggregate", .string(s.primary.aggregate.rawValue)), ("target", .number(s.primary.target))])),
            ("goals", .array(s.goals.map { goal in
                .object([("name", .string(goal.name)), ("metric", .string(goal.primary.metric)),
                         ("aggregate", .string(goal.primary.aggregate.rawValue)), ("target", .number(goal.primary.target))])
            })),
            ("inputs", .array(s.inputs.map { .string($0.name) })),
            ("metrics", .array(evaluationOrder(s).map { .string($0) })),
            ("features", .array(s.features.map { f in
                .object([("id", .string(f.id)), ("effort", .number(f.effort)), ("cost", .number(f.cost)), ("focus", f.focus.map { .string($0) } ?? .null)])
            })),
            ("segments", .object(s.dimensions.map { ($0.name, .array($0.segments.map { .string($0) })) })),
            ("budget", .number(s.budget)), ("cost_budget", .number(s.costBudget)),
            ("plans", .array(s.plans.map { .object([("name", .string($0.name)), ("features", .array($0.features.map { .string($0) }))]) })),
        ])
    }
}
