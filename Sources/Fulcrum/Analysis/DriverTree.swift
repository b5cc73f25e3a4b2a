/// The driver tree from the goal down: the metrics it is computed from, the inputs beneath
/// them, and every feature attached to the nodes it moves, so that a team sees each
/// feature's line of sight to the goal. What has no path to the goal is listed apart:
/// metrics that dilute focus, and features that cannot move the goal at all.
public struct DriverTree: Sendable {
    public struct Node: Sendable {
        public enum Kind: String, Sendable { case metric, input }

        public var name: String
        public var kind: Kind
        /// The formula as written.
        public var formula: String
        /// Names read in the same period, in the order they appear.
        public var reads: [String]
        /// Names read from earlier periods (`name[t-k]`).
        public var lagged: [String]
        public var features: [Attachment]
        /// Steps from the goal (the goal is 0), along the shortest path.
        public var depth: Int
    }

    /// A feature's effect on one node.
    public struct Attachment: Sendable {
        public var feature: String
        public var focus: String?
        public var kind: Effect.Kind
        public var magnitude: String
    }

    public var scenario: Scenario
    /// The goal's node first, then every node reachable from it, breadth first.
    public var nodes: [Node]
    /// Inputs and metrics with no path to the goal.
    public var unreachable: [String]
    /// Features none of whose effects reach the goal.
    public var featuresWithoutPath: [String]

    public init(_ scenario: Scenario) {
        self.scenario = scenario
        var attachments: [String: [Attachment]] = [:]
        for feature in scenario.features {
            for effect in feature.effects {
                attachments[effect.target, default: []].append(
                    Attachment(feature: feature.id, focus: feature.focus, kind: effect.kind, magnitude: effect.magnitude.text))
            }
        }
        func references(_ formula: Formula) -> (current: [String], lagged: [String]) {
            var current: [String] = [], lagged: [String] = []
            formula.expression.forEach { node in
                switch node.kind {
                case .name(let name) where scenario.input(named: name) != nil || scenario.metric(named: name) != nil:
                    if !current.contains(name) { current.append(name) }
                case .lag(let name, _):
                    if !lagged.contains(name) { lagged.append(name) }
                default: break
                }
            }
            return (current, lagged)
        }
        func node(_ name: String, depth: Int) -> Node? {
            if let metric = scenario.metric(named: name) {
                let (current, lagged) = references(metric.formula)
                let initial = metric.initial.map { references($0).current } ?? []
                return Node(name: name, kind: .metric, formula: metric.formula.text,
                            reads: current + initial.filter { !current.contains($0) }, lagged: lagged,
                            features: attachments[name] ?? [], depth: depth)
            }
            if let input = scenario.input(named: name) {
                let reads = input.elements.flatMap { references($0).current }
                return Node(name: name, kind: .input, formula: input.formula.text,
                            reads: reads.enumerated().filter { !reads[..<$0.offset].contains($0.element) }.map(\.element), lagged: [],
                            features: attachments[name] ?? [], depth: depth)
            }
            return nil
        }
        var nodes: [Node] = []
        var seen: Set<String> = [scenario.primary.metric]
        var queue = [(scenario.primary.metric, 0)]
        while !queue.isEmpty {
            let (name, depth) = queue.removeFirst()
            guard let found = node(name, depth: depth) else { continue }
            nodes.append(found)
            for next in found.reads + found.lagged where seen.insert(next).inserted { queue.append((next, depth + 1)) }
        }
        self.nodes = nodes
        unreachable = scenario.nodeNames.filter { !seen.contains($0) }
        featuresWithoutPath = scenario.features.filter { feature in feature.effects.allSatisfy { !seen.contains($0.target) } }.map(\.id)
    }
}
