/// Goals change (growth, then profitability): re-judging the same roadmaps against another
/// goal, target or horizon takes one option, never a copy of the file.
extension Scenario {
    /// This scenario as if its file said `primary: goal`, the goal's target were `target`
    /// and `horizon` were `horizon`: what `--goal`, `--target` and `--horizon` do.
    public func judged(byGoal goal: String? = nil, target: Double? = nil, horizon: Int? = nil) throws(GoalChoiceError) -> Scenario {
        var adjusted = self
        if let goal {
            guard let named = self.goal(named: goal) else {
                let names = goals.map(\.name)
                if names.isEmpty {
                    throw GoalChoiceError(message: "--goal '\(goal)': the scenario has no named goals; add a 'goals' section (see docs/FORMAT.md)")
                }
                throw GoalChoiceError(message: "--goal '\(goal)' is not a goal of the scenario\(NameSuggestion.hint(for: goal, among: names)); goals: \(names.joined(separator: ", "))")
            }
            adjusted.primary = named.primary
        }
        if let target { adjusted.primary.target = target }
        if let horizon {
            guard (1...100_000).contains(horizon) else { throw GoalChoiceError(message: "--horizon must be between 1 and 100000, got \(horizon)") }
            adjusted.horizon = horizon
        }
        return adjusted
    }
}

public struct GoalChoiceError: Error, Sendable {
    public var message: String
}
