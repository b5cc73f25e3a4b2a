import ArgumentParser
import Fulcrum

/// A comma-separated list of roadmaps on the command line (`compare --plans`, `stress
/// --plans`, `voi --alternatives`), read by one rule: each item is a plan name, `baseline`,
/// or feature ids joined by `+` (`referral+seo_content`), which bring what they require;
/// no empty item, and no roadmap named twice.
enum RoadmapList {
    static func names(_ text: String, option: String) throws -> [String] {
        let names = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        if names.contains("") { throw ValidationError("\(option) has an empty item in '\(text)'") }
        if let repeated = names.enumerated().first(where: { names[..<$0.offset].contains($0.element) }) {
            throw ValidationError("\(option) lists '\(repeated.element)' twice")
        }
        return names
    }

    static func roadmaps(_ text: String, option: String, in scenario: Scenario) throws -> [(name: String, roadmap: Roadmap)] {
        let list = try names(text, option: option).map { name in (name: name, roadmap: try roadmap(name, option: option, in: scenario)) }
        for (index, item) in list.enumerated() {
            if let earlier = list[..<index].first(where: { $0.roadmap == item.roadmap }) {
                throw ValidationError("\(option): '\(item.name)' is the same roadmap as '\(earlier.name)'")
            }
        }
        return list
    }

    private static func roadmap(_ name: String, option: String, in scenario: Scenario) throws -> Roadmap {
        if name == "baseline" || scenario.plan(named: name) != nil { return try RoadmapOptions(plan: name).roadmap(in: scenario) }
        let ids = name.split(separator: "+", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let known = scenario.features.map(\.id)
        for id in ids where scenario.feature(withID: id) == nil {
            let candidates = ids.count == 1 ? scenario.plans.map(\.name) + known + ["baseline"] : known
            let what = ids.count == 1 ? "neither a plan nor a feature" : "not a feature"
            throw ValidationError("\(option) names '\(id)', which is \(what)\(NameSuggestionHint.text(for: id, among: candidates))")
        }
        do {
            return try Roadmap(Array(Roadmap.requirementClosure(of: ids, in: scenario)), in: scenario, describedAs: "\(option) item '\(name)'")
        } catch {
            throw ValidationError(error.message)
        }
    }
}
