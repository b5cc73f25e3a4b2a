/// The order in which many roadmaps are evaluated on the same draws, so that each costs
/// little and memory stays small.
///
/// Every roadmap is placed in a prefix tree of features sorted by launch: its parent is
/// the same roadmap without its latest-launching feature, and serves as its reference
/// plan, so each step recomputes only what that one feature changes, from its launch on.
/// Missing prefixes are added. Plans are evaluated depth first, so only the plans on the
/// current path hold node values: storage regions are reused, and a run over 2^n roadmaps
/// needs about n + 1 of them: a plan at depth d of the tree uses region d, which the next
/// plan at that depth may overwrite only after the whole subtree below it is done.
struct PlanSchedule: Sendable {
    let plans: [RoadmapPlan]
    /// Storage region of each plan.
    let regions: [Int]
    let regionCount: Int
    private let index: [Roadmap: Int]

    /// The plan evaluating `roadmap`, which must be one of those scheduled.
    func plan(for roadmap: Roadmap) -> Int { index[roadmap]! }

    /// One roadmap computed in full, its node values kept for the whole block.
    init(single roadmap: Roadmap, model: Model) {
        plans = [RoadmapPlan(roadmap, model: model)]
        regions = [0]
        regionCount = 1
        index = [roadmap: 0]
    }

    /// With `keepingValues`, no plan's storage is reused, so every plan's node values stay
    /// readable after the block (for analyses that look at periods, not just aggregates).
    init(_ roadmaps: [Roadmap], model: Model, keepingValues: Bool = false) {
        let order = model.features.indices.sorted {
            (model.features[$0].launch, $0) < (model.features[$1].launch, $1)
        }
        let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { (model.features[$1].id, $0) })
        /// A roadmap as feature positions in launch order.
        func key(_ roadmap: Roadmap) -> [Int] { roadmap.features.map { position[$0]! }.sorted() }
        func roadmap(_ key: [Int]) -> Roadmap {
            Roadmap(unchecked: key.map { model.features[order[$0]].id }, in: model.scenario)
        }
        var nodes = Set<[Int]>([[]])
        for roadmap in roadmaps {
            let full = key(roadmap)
            for length in 1...max(1, full.count) where length <= full.count { nodes.insert(Array(full.prefix(length))) }
        }
        // Depth-first order is the lexicographic order of the keys.
        let sorted = nodes.sorted { $0.lexicographicallyPrecedes($1) }
        var plans: [RoadmapPlan] = []
        var regions: [Int] = []
        var index: [Roadmap: Int] = [:]
        for key in sorted {
            let current = roadmap(key)
            let parent = key.isEmpty ? nil : roadmap(Array(key.dropLast()))
            regions.append(keepingValues ? plans.count : key.count)
            plans.append(RoadmapPlan(current, model: model, reference: parent.map { (index[$0]!, $0) }))
            index[current] = plans.count - 1
        }
        self.plans = plans
        self.regions = regions
        self.regionCount = (regions.max() ?? 0) + 1
        self.index = index
    }
}
