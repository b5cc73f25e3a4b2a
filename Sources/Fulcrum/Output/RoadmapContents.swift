/// What each roadmap of a report ships, for roadmaps whose name does not already say it
/// ("best retention", a plan name): a reader must be able to see what was chosen.
enum RoadmapContents {
    static func lines(_ roadmaps: [(name: String, roadmap: Roadmap)], markdown: Bool) -> [String] {
        let unnamed = roadmaps.filter { $0.name != "baseline" && $0.name != $0.roadmap.features.joined(separator: "+") }
        guard !unnamed.isEmpty else { return [] }
        var out = ["What each roadmap ships:"]
        for item in unnamed {
            let contents = item.roadmap.isBaseline ? "nothing (the same as the baseline)" : item.roadmap.features.joined(separator: ", ")
            let line = "\(item.name): \(contents)"
            out.append(markdown ? "- " + line : Prose.wrapped(line, bullet: "*"))
        }
        return out + [""]
    }
}
