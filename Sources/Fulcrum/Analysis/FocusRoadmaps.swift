/// For each focus tag (acquisition, retention, ...), the best roadmap of that tag's
/// features alone within the budget: how "acquire or keep customers" becomes two roadmaps
/// that can be compared on the same draws.
public enum FocusRoadmaps {
    /// The tags in the order features first use them.
    public static func tags(_ scenario: Scenario) -> [String] {
        var tags: [String] = []
        for feature in scenario.features { if let tag = feature.focus, !tags.contains(tag) { tags.append(tag) } }
        return tags
    }

    /// One roadmap per tag, named "best TAG", then the baseline.
    public static func best(_ model: Model, settings: SamplingSettings, budget: Double, costBudget: Double?) throws -> [(name: String, roadmap: Roadmap)] {
        let scenario = model.scenario
        let best = try tags(scenario).map { tag in
            let others = scenario.features.filter { $0.focus != tag }.map(\.id)
            let optimum = try Optimization.run(model, settings: .init(samples: settings.samples, seed: settings.seed, threads: settings.threads,
                                                                      budget: budget, costBudget: costBudget, excluded: others))
            return (name: "best \(tag)", roadmap: optimum.best.roadmap)
        }
        return best + [(name: "baseline", roadmap: .baseline)]
    }
}
