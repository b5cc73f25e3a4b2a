/// Features that may pay only together: those that move the quantities one metric reads
/// (the requirements behind a customer's `min`, the factors of a product). One of them
/// alone can be worth nothing, so the optimizer's local search also tries each group at once.
enum FeatureGroups {
    /// Groups of 2 to `limit` feature indices, from the metrics on a path to the goal.
    static func of(_ scenario: Scenario, limit: Int = 8) -> [Set<Int>] {
        let tree = DriverTree(scenario)
        let index = Dictionary(uniqueKeysWithValues: scenario.features.enumerated().map { ($1.id, $0) })
        let attached = Dictionary(uniqueKeysWithValues: tree.nodes.map { node in (node.name, node.features.compactMap { index[$0.feature] }) })
        var groups: [Set<Int>] = []
        for node in tree.nodes where node.kind == .metric {
            let group = Set(([node.name] + node.reads).flatMap { attached[$0] ?? [] })
            if (2...limit).contains(group.count), !groups.contains(group) { groups.append(group) }
        }
        return groups
    }
}
