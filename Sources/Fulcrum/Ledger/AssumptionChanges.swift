/// What was edited between two versions of a scenario, in the words of its assumptions:
/// inputs, metrics, features and their effects, the goal and the budget.
public enum AssumptionChanges {
    /// One line per change; nil when either text no longer loads (a table it reads is gone).
    public static func between(_ old: String, _ new: String, file: String) -> [String]? {
        guard old != new else { return [] }
        guard let a = try? ScenarioLoader.load(text: old, file: file), let b = try? ScenarioLoader.load(text: new, file: file) else { return nil }
        var changes: [String] = []
        func compare(_ kind: String, _ before: [String: String], _ after: [String: String]) {
            for name in Set(before.keys).union(after.keys).sorted() {
                switch (before[name], after[name]) {
                case (nil, let added?): changes.append("\(kind) \(name) added: \(added)")
                case (let removed?, nil): changes.append("\(kind) \(name) removed (was \(removed))")
                case (let x?, let y?) where x != y: changes.append("\(kind) \(name): \(x) -> \(y)")
                default: break
                }
            }
        }
        compare("input", Dictionary(a.inputs.map { ($0.name, $0.formula.text) }, uniquingKeysWith: { x, _ in x }),
                Dictionary(b.inputs.map { ($0.name, $0.formula.text) }, uniquingKeysWith: { x, _ in x }))
        compare("metric", Dictionary(a.metrics.map { ($0.name, $0.formula.text) }, uniquingKeysWith: { x, _ in x }),
                Dictionary(b.metrics.map { ($0.name, $0.formula.text) }, uniquingKeysWith: { x, _ in x }))
        func features(_ s: Scenario) -> [String: String] {
            Dictionary(s.features.map { f in
                (f.id, "effort \(NumberFormat.auto(f.effort)), launch \(f.launch), success \(NumberFormat.auto(f.success)); "
                    + f.effects.map { "\($0.target) \($0.kind.rawValue) \($0.magnitude.text)" }.joined(separator: "; "))
            }, uniquingKeysWith: { x, _ in x })
        }
        compare("feature", features(a), features(b))
        if a.primary.metric != b.primary.metric || a.primary.target != b.primary.target {
            changes.append("goal: \(a.primary.metric) target \(a.primary.target.map(NumberFormat.auto) ?? "none") -> \(b.primary.metric) target \(b.primary.target.map(NumberFormat.auto) ?? "none")")
        }
        if a.budget != b.budget || a.costBudget != b.costBudget {
            changes.append("budget: \(a.budget.map(NumberFormat.auto) ?? "none") -> \(b.budget.map(NumberFormat.auto) ?? "none")"
                + (a.costBudget != b.costBudget ? ", cost \(a.costBudget.map(NumberFormat.auto) ?? "none") -> \(b.costBudget.map(NumberFormat.auto) ?? "none")" : ""))
        }
        if changes.isEmpty { changes.append("the text changed, the assumptions did not (comments or layout)") }
        return changes
    }
}
