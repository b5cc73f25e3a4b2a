/// A set of features shipped together; the baseline is the empty roadmap.
public struct Roadmap: Hashable, Sendable, CustomStringConvertible {
    /// Feature ids in the scenario's order, so equal sets compare equal.
    public let features: [String]

    public static let baseline = Roadmap(orderedFeatures: [])

    private init(orderedFeatures: [String]) {
        features = orderedFeatures
    }

    /// The roadmap of `ids`, unchecked against `requires` and `excludes` (coalitions of a
    /// Shapley value may break them), put in the scenario's order so equal sets compare equal.
    init(unchecked ids: some Sequence<String>, in scenario: Scenario) {
        let chosen = Set(ids)
        features = scenario.features.map(\.id).filter(chosen.contains)
    }

    /// The roadmap of the features at `positions` in the scenario, ascending and unchecked:
    /// no ids to hash, for the thousands of roadmaps a ranking at hundreds of features builds.
    init(positions: some Sequence<Int>, in scenario: Scenario) {
        features = positions.map { scenario.features[$0].id }
    }

    /// The roadmap of `ids`, checked against `requires` and `excludes`.
    public init(_ ids: [String], in scenario: Scenario, describedAs description: String) throws(RoadmapError) {
        if let problem = Roadmap.problem(with: ids, in: scenario, describedAs: description) {
            throw RoadmapError(message: problem)
        }
        let chosen = Set(ids)
        features = scenario.features.map(\.id).filter { chosen.contains($0) }
    }

    public var isBaseline: Bool { features.isEmpty }
    public var description: String { isBaseline ? "baseline" : features.joined(separator: ", ") }

    /// The features of `ids` and every feature they require, transitively.
    public static func requirementClosure(of ids: [String], in scenario: Scenario) -> Set<String> {
        var closure = Set<String>()
        var pending = ids
        while let id = pending.popLast() {
            guard closure.insert(id).inserted, let feature = scenario.feature(withID: id) else { continue }
            pending.append(contentsOf: feature.requires)
        }
        return closure
    }

    /// Why `ids` is not a valid roadmap, or nil.
    static func problem(with ids: [String], in scenario: Scenario, describedAs description: String) -> String? {
        let known = scenario.features.map(\.id)
        for id in ids where scenario.feature(withID: id) == nil {
            return "\(description) names '\(id)', which is not a feature\(NameSuggestion.hint(for: id, among: known))"
        }
        var seen = Set<String>()
        for id in ids where !seen.insert(id).inserted {
            return "\(description) lists '\(id)' twice"
        }
        for id in ids {
            let feature = scenario.feature(withID: id)!
            if let missing = feature.requires.first(where: { !seen.contains($0) }) {
                return "\(description) includes '\(id)', which requires '\(missing)': add '\(missing)' or drop '\(id)'"
            }
            if let clash = feature.excludes.first(where: { seen.contains($0) }) {
                return "\(description) includes both '\(id)' and '\(clash)', which exclude each other"
            }
        }
        return nil
    }
}

public struct RoadmapError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
