/// The order in which many roadmaps are evaluated on the same draws, so that each costs
/// little and memory stays small.
///
/// Every roadmap gets a parent, a smaller roadmap that serves as its reference plan: the
/// step recomputes only what the features the parent lacks change, from their earliest
/// launch. The parent is one feature smaller where the caller needs such a roadmap (the
/// previous prefix of a sampled ordering, a subset in an exact Shapley lattice), preferring
/// the one whose missing feature launches latest; otherwise the roadmap without its
/// latest-launching feature is added as an intermediate, kept only when it serves two or
/// more roadmaps (a chain of single-use intermediates is replaced by one step from the
/// first roadmap kept). Plans are evaluated depth first over the resulting forest. A plan
/// reads what it does not compute from its reference, and through it from the plans
/// further up, so each plan's storage stays in use until the last plan that reads it is
/// done; plans whose storage is no longer read share a region. A chain of 501 prefixes of a
/// sampled ordering reads back only to the last prefix that recomputed each period, and
/// needs a few dozen regions instead of one per depth.
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
    /// Which plan's storage holds plan p's value of node n in period t, or -1 for a
    /// sample-level slot (the untreated draw or the initial value), at
    /// ((p * nodes) + n) * (horizon + 1) + t.
    let holders: [Int]
    let lattice: CoalitionLattice?
    private let index: [Roadmap: Int]

    /// Vectors of lattice storage per worker above which chained plans are used: 32 MB.
    static let latticeStorageLimit = 8192

    /// The aggregate index of `roadmap`, which must be one of those given (or a route's).
    func plan(for roadmap: Roadmap) -> Int { index[roadmap]! }

    /// Roadmaps with an aggregate.
    var aggregateCount: Int { lattice?.roadmaps.count ?? plans.count }

    /// One roadmap computed in full, its node values kept for the whole block.
    init(single roadmap: Roadmap, model: Model) {
        plans = [RoadmapPlan(roadmap, model: model)]
        regions = [0]
        regionCount = 1
        holders = Self.holders(of: plans, model: model)
        lattice = nil
        index = [roadmap: 0]
    }

    /// With `keepingValues`, no plan's storage is reused, so every plan's node values stay
    /// readable after the block (for analyses that look at periods, not just aggregates).
    /// Without, the roadmaps' aggregates are all that can be read, and `sharingVersions`
    /// lets a lattice compute them when it fits.
    ///
    /// `routes` are roadmaps added to chained plans with the parent each extends (itself
    /// scheduled, and a proper subset): a caller that knows a cheaper path than one feature
    /// at a time supplies it, as rank does for its roadmaps each without one feature. A
    /// lattice has no use for them.
    init(_ roadmaps: [Roadmap], model: Model, keepingValues: Bool = false, sharingVersions: Bool = true,
         routes: [(roadmap: Roadmap, parent: Roadmap)] = []) {
        if !keepingValues, sharingVersions {
            let distinct = Array(Set(roadmaps + [.baseline])).sorted { $0.features.lexicographicallyPrecedes($1.features) }
            if let lattice = CoalitionLattice(roadmaps: distinct, model: model, storageLimit: Self.latticeStorageLimit) {
                self.plans = []
                self.regions = []
                self.regionCount = 0
                self.holders = []
                self.lattice = lattice
                self.index = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, $0) })
                return
            }
        }
        // Parents are found on bit sets of feature positions: a candidate parent costs a few
        // words to build and hash, where a roadmap of strings cost its whole list (a sampled
        // Shapley schedule of 200 features tries millions).
        let scenario = model.scenario
        let latestFirst = scenario.features.indices.sorted { (scenario.features[$0].launch, $0) > (scenario.features[$1].launch, $1) }
        var roadmapOf: [FeatureBits: Roadmap] = [:]
        func bits(_ roadmap: Roadmap) -> FeatureBits {
            FeatureBits(roadmap.features.map { model.featurePositions[$0]! }, count: scenario.features.count)
        }
        for roadmap in roadmaps + [.baseline] {
            roadmapOf[bits(roadmap)] = roadmap
        }
        var parentBits: [FeatureBits: FeatureBits] = [:]
        for route in routes {
            let (child, mother) = (bits(route.roadmap), bits(route.parent))
            precondition(mother.isSubset(of: child), "a route's parent must be contained in its roadmap")
            for (key, roadmap) in [(child, route.roadmap), (mother, route.parent)] where roadmapOf[key] == nil { roadmapOf[key] = roadmap }
            if child != mother, parentBits[child] == nil { parentBits[child] = mother }
        }
        var needed = Set(roadmapOf.keys)
        /// The feature whose removal makes the best parent: a needed roadmap if any, latest launch first.
        func attach(_ roadmap: FeatureBits) {
            var current = roadmap
            while !current.isEmpty, parentBits[current] == nil {
                let members = latestFirst.filter(current.contains)
                let chosen = members.lazy.map { current.removing($0) }.first(where: needed.contains) ?? current.removing(members[0])
                needed.insert(chosen)
                parentBits[current] = chosen
                current = chosen
            }
        }
        let requested = roadmapOf.sorted { a, b in
            a.value.features.count != b.value.features.count
                ? a.value.features.count < b.value.features.count : a.value.features.lexicographicallyPrecedes(b.value.features)
        }
        for (bits, _) in requested { attach(bits) }
        func roadmap(_ bits: FeatureBits) -> Roadmap {
            if let known = roadmapOf[bits] { return known }
            let made = Roadmap(positions: bits.positions, in: scenario)
            roadmapOf[bits] = made
            return made
        }
        // An intermediate that serves one roadmap only saves nothing: the chain through it
        // recomputes, step by step, what one step from its first shared or requested
        // ancestor recomputes at once. Such chains (each roadmap of a ranking without one of
        // its features has its own) are skipped, so a schedule costs about one evaluation
        // per roadmap, not one per feature of each.
        let requestedBits = Set(roadmapOf.keys)
        var childCount: [FeatureBits: Int] = [:]
        for mother in parentBits.values { childCount[mother, default: 0] += 1 }
        func kept(_ bits: FeatureBits) -> Bool { requestedBits.contains(bits) || childCount[bits, default: 0] > 1 }
        var children: [FeatureBits: [FeatureBits]] = [:]
        for (child, mother) in parentBits where kept(child) {
            var ancestor = mother
            while !kept(ancestor) { ancestor = parentBits[ancestor]! }
            children[ancestor, default: []].append(child)
        }

        var plans: [RoadmapPlan] = []
        var planOf: [FeatureBits: Int] = [:]
        // Depth first, children in a fixed order, without recursion (roadmaps can be deep).
        var stack: [(bits: FeatureBits, parent: FeatureBits?)] = [(bits(.baseline), nil)]
        while let (bits, mother) = stack.popLast() {
            let positions = bits.positions
            let reference = mother.map { (index: planOf[$0]!, features: $0.positions) }
            plans.append(RoadmapPlan(features: positions, model: model, reference: reference))
            planOf[bits] = plans.count - 1
            let next = (children[bits] ?? []).map { ($0, roadmap($0)) }.sorted { $0.1.features.lexicographicallyPrecedes($1.1.features) }
            stack.append(contentsOf: next.reversed().map { ($0.0, bits) })
        }
        let holders = Self.holders(of: plans, model: model)
        let regions = keepingValues ? Array(plans.indices) : Self.sharedRegions(plans: plans, holders: holders, model: model)
        self.plans = plans
        self.regions = regions
        self.regionCount = (regions.max() ?? 0) + 1
        self.holders = holders
        self.lattice = nil
        self.index = Dictionary(uniqueKeysWithValues: requestedBits.map { (roadmapOf[$0]!, planOf[$0]!) })
    }
}

extension PlanSchedule {
    /// Each plan's holder of each node and period: itself where it computes the node in
    /// that period, else its reference's holder; a plan without a reference reads what it
    /// does not compute from the sample-level slots.
    fileprivate static func holders(of plans: [RoadmapPlan], model: Model) -> [Int] {
        let (nodes, periods) = (model.nodes.count, model.horizon + 1)
        var holders = [Int](repeating: -1, count: plans.count * nodes * periods)
        for (p, plan) in plans.enumerated() {
            for node in 0..<nodes {
                for period in 1..<periods {
                    let computed = plan.storageOffset[node] != nil && (period >= plan.start || plan.storedPeriods[node] == 1)
                    holders[(p * nodes + node) * periods + period] = computed
                        ? p : plan.reference.map { holders[($0 * nodes + node) * periods + period] } ?? -1
                }
            }
        }
        return holders
    }

    /// Regions for plans evaluated in order, each reused once no later plan reads the
    /// storage it held. A plan reads its own row of holders and, where it extends its
    /// reference's values, its reference's row.
    fileprivate static func sharedRegions(plans: [RoadmapPlan], holders: [Int], model: Model) -> [Int] {
        let row = model.nodes.count * (model.horizon + 1)
        var lastReader = Array(plans.indices)
        for (p, plan) in plans.enumerated() {
            for reader in [p] + (plan.reference.map { [$0] } ?? []) {
                for holder in holders[(reader * row)..<((reader + 1) * row)] where holder >= 0 {
                    lastReader[holder] = max(lastReader[holder], p)
                }
            }
        }
        var releasedAfter = [[Int]](repeating: [], count: plans.count)
        var free: [Int] = [], regions: [Int] = [], count = 0
        for p in plans.indices {
            let region: Int
            if let lowest = free.indices.min(by: { free[$0] < free[$1] }) {
                region = free.remove(at: lowest)
            } else {
                region = count
                count += 1
            }
            regions.append(region)
            releasedAfter[lastReader[p]].append(region)
            free += releasedAfter[p]
        }
        return regions
    }
}

/// A roadmap as the positions of its features in the scenario, one bit each.
private struct FeatureBits: Hashable {
    private var words: [UInt64]

    init(_ positions: [Int], count: Int) {
        words = Array(repeating: 0, count: (count + 63) / 64)
        for position in positions { words[position / 64] |= 1 << UInt64(position % 64) }
    }

    var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

    func contains(_ position: Int) -> Bool { words[position / 64] & (1 << UInt64(position % 64)) != 0 }

    func isSubset(of other: FeatureBits) -> Bool { zip(words, other.words).allSatisfy { $0 & ~$1 == 0 } }

    /// The positions in the set, ascending.
    var positions: [Int] {
        words.indices.flatMap { w in (0..<64).filter { words[w] & (1 << UInt64($0)) != 0 }.map { w * 64 + $0 } }
    }

    func removing(_ position: Int) -> FeatureBits {
        var smaller = self
        smaller.words[position / 64] &= ~(1 << UInt64(position % 64))
        return smaller
    }
}
