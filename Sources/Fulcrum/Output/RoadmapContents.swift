/// What each roadmap of a report ships, for roadmaps whose name does not already say it
/// ("best retention", a plan name): a reader must be able to see what was chosen.
enum RoadmapContents {
    static func blocks(_ roadmaps: [(name: String, roadmap: Roadmap)]) -> [ReportDocument.Block] {
        let unnamed = roadmaps.filter { $0.name != "baseline" && $0.name != $0.roadmap.features.joined(separator: "+") }
        guard !unnamed.isEmpty else { return [] }
        return [.line("What each roadmap ships:"), .bullets(unnamed.map { item in
            "\(item.name): \(item.roadmap.isBaseline ? "nothing (the same as the baseline)" : item.roadmap.features.joined(separator: ", "))"
        }), .blank]
    }
}
