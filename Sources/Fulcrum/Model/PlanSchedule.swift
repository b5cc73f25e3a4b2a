/// The order in which many roadmaps are evaluated on the same draws, so that each costs
/// little and memory stays small.
///
/// Every roadmap gets a parent, a roadmap one feature smaller, which serves as its
/// reference plan: the step recomputes only what that one feature changes, from its launch.
/// The parent is another roadmap the caller needs when there is one (the previous prefix
/// of a sampled ordering, a subset in an exact Shapley lattice), preferring the one whose
/// missing feature launches latest; otherwise the roadmap without its latest-launching
/// feature is added as an intermediate. Plans are evaluated depth first over the resulting
/// forest, and a plan at depth d stores its values in region d, which the next plan at
/// that depth overwrites only after the whole subtree below it is done: 2^n roadmaps need
/// n + 1 regions.
///
/// When only aggregates are needed and the versions fit in a few megabytes per worker, a
/// `CoalitionLattice` replaces the chain: it computes each distinct version of a node once,
/// where the chain recomputes whatever lies downstream of a plan's newest feature.
struct PlanSchedule: Sendable {
    /// Chained plans; empty when a lattice evaluates the roadmaps.
    let plans: [RoadmapPlan]
    /// Storage region of each plan.
    let regions: [Int]
    let regionCount: Int
    let lattice: CoalitionLattice?
    private let index: [Roadmap: Int]

    /// Vectors of lattice storage per worker above which chained plans are used: 32 MB.
    static let latticeStorageLimit = 8192

    /// The aggregate index of `roadmap`, which must be one of those scheduled.
    func plan(for roadmap: Roadmap) -> Int { index[roadmap]! }

    /// Roadmaps with an aggregate.
    var aggregateCount: Int { lattice?.roadmaps.count ?? plans.count }

    /// One roadmap computed in full, its node values kept for the whole block.
    init(single roadmap: Roadmap, model: Model) {
        plans = [RoadmapPlan(roadmap, model: model)]
        regions = [0]
        regionCount = 1
        lattice = nil
        index = [roadmap: 0]
    }

    /// With `keepingValues`, no plan's storage is reused, so every plan's node values stay
    /// readable after the block (for analyses that look at periods, not just aggregates).
    /// Without, the roadmaps' aggregates are all that can be read, and `sharingVersions`
    /// lets a lattice compute them when it fits.
    init(_ roadmaps: [Roadmap], model: Model, keepingValues: Bool = false, sharingVersions: Bool = true) {
        if !keepingValues, sharingVersions {
            let distinct = Array(Set(roadmaps + [.baseline])).sorted { $0.features.lexicographicallyPrecedes($1.features) }
            if let lattice = CoalitionLattice(roadmaps: distinct, model: model, storageLimit: Self.latticeStorageLimit) {
                self.plans = []
                self.regions = []
                self.regionCount = 0
                self.lattice = lattice
                self.index = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, $0) })
                return
            }
        }
        let scenario = model.scenario
        let launch = Dictionary(uniqueKeysWithValues: scenario.features.enumerated().map { ($1.id, ($1.launch, $0)) })
        var needed = Set(roadmaps)
        needed.insert(.baseline)
        var parent: [Roadmap: Roadmap] = [:]
        /// The feature whose removal makes the best parent: a needed roadmap if any, latest launch first.
        func attach(_ roadmap: Roadmap) {
            guard !roadmap.isBaseline, parent[roadmap] == nil else { return }
            let byLaunch = roadmap.features.sorted { launch[$0]! > launch[$1]! }
            let smaller = byLaunch.map { removed in Roadmap(unchecked: roadmap.features.filter { $0 != removed }, in: scenario) }
            let chosen = smaller.first(where: needed.contains) ?? smaller[0]
            needed.insert(chosen)
            parent[roadmap] = chosen
            attach(chosen)
        }
        for roadmap in needed.sorted(by: { $0.features.count < $1.features.count }) { attach(roadmap) }

        var children: [Roadmap: [Roadmap]] = [:]
        for (child, mother) in parent { children[mother, default: []].append(child) }
        var plans: [RoadmapPlan] = []
        var regions: [Int] = []
        var index: [Roadmap: Int] = [:]
        // Depth first, children in a fixed order, without recursion (roadmaps can be deep).
        var stack: [(roadmap: Roadmap, depth: Int)] = [(.baseline, 0)]
        while let (roadmap, depth) = stack.popLast() {
            let reference = parent[roadmap].map { (index[$0]!, $0) }
            plans.append(RoadmapPlan(roadmap, model: model, reference: reference))
            regions.append(keepingValues ? plans.count - 1 : depth)
            index[roadmap] = plans.count - 1
            let next = (children[roadmap] ?? []).sorted { $0.features.lexicographicallyPrecedes($1.features) }
            stack.append(contentsOf: next.reversed().map { ($0, depth + 1) })
        }
        self.plans = plans
        self.regions = regions
        self.regionCount = (regions.max() ?? 0) + 1
        self.lattice = nil
        self.index = index
    }
}
