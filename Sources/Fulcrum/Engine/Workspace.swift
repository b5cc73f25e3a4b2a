import Foundation

/// One worker's memory for evaluating blocks: every vector it needs, allocated once per run,
/// so the block loop never allocates.
final class Workspace {
    let blockSize: Int
    /// Sample-level slots (inputs' untreated draws, initial values, magnitudes, success).
    let samples: UnsafeMutablePointer<Double>
    let registers: UnsafeMutablePointer<Double>
    /// A block of uniform draws on their way to a distribution.
    let uniforms: UnsafeMutablePointer<Double>
    /// Independent normal scores, then correlated ones, `blockSize` per variable.
    let scores: UnsafeMutablePointer<Double>
    let correlatedScores: UnsafeMutablePointer<Double>
    /// Each plan's node storage: the region the schedule gave it, shared with plans that
    /// are evaluated only after it is no longer read.
    let planStorage: [UnsafeMutablePointer<Double>]
    /// The versions a lattice computes, when the schedule has one.
    let latticeStorage: UnsafeMutablePointer<Double>
    /// Each roadmap's primary aggregate per sample: consecutive vectors, so that together
    /// they are a column-major matrix with leading dimension `blockSize`.
    let aggregates: [UnsafeMutablePointer<Double>]
    private let memory: UnsafeMutablePointer<Double>
    /// Where plan p reads node n in period t (0...horizon), as an offset into `memory`,
    /// at ((p * nodes) + n) * (horizon + 1) + t: resolved once per run, so looking up an
    /// operand never walks the chain of reference plans.
    private let addresses: [Int]
    private let nodeCount: Int
    private let periodCount: Int

    /// The vectors a workspace holds, each `blockSize` doubles: what one sample costs.
    static func vectorCount(model: Model, schedule: PlanSchedule) -> Int {
        layout(model: model, schedule: schedule).sizes.reduce(0, +)
    }

    private static func layout(model: Model, schedule: PlanSchedule) -> (sizes: [Int], registers: Int, correlated: Int, lattice: Int, regions: [Int]) {
        let registerCount = (model.sampleSteps.map(\.program.registerCount) + model.nodes.compactMap { $0.program?.registerCount }).max() ?? 0
        let correlated = model.correlation?.variables.count ?? 0
        var regionSizes = [Int](repeating: 0, count: schedule.regionCount)
        for (plan, region) in zip(schedule.plans, schedule.regions) { regionSizes[region] = max(regionSizes[region], plan.storageBlocks) }
        let latticeVectors = schedule.lattice?.storedVectors ?? 0
        let sizes = [model.sampleSlotCount, max(1, registerCount), 1, correlated, correlated, latticeVectors]
            + regionSizes + Array(repeating: 1, count: schedule.aggregateCount)
        return (sizes, registerCount, correlated, latticeVectors, regionSizes)
    }

    init(model: Model, schedule: PlanSchedule, blockSize: Int) {
        let plans = schedule.plans
        self.blockSize = blockSize
        let (sizes, registerCount, correlated, latticeVectors, regionSizes) = Self.layout(model: model, schedule: schedule)
        let total = sizes.reduce(0, +) * blockSize
        // Zeroed pages from the kernel as they are first touched, where allocating and
        // clearing wrote every page up front: a pass that evaluates few blocks (one sampled
        // Shapley ordering of many) touches little of a workspace sized for all its plans.
        guard let zeroed = calloc(max(1, total), MemoryLayout<Double>.stride) else { fatalError("out of memory for a \(total * 8)-byte workspace") }
        memory = zeroed.bindMemory(to: Double.self, capacity: max(1, total))
        var cursor = memory
        func take(_ blocks: Int) -> UnsafeMutablePointer<Double> {
            defer { cursor += blocks * blockSize }
            return cursor
        }
        samples = take(model.sampleSlotCount)
        registers = take(max(1, registerCount))
        uniforms = take(1)
        scores = take(correlated)
        correlatedScores = take(correlated)
        latticeStorage = take(latticeVectors)
        let regionStart = regionSizes.map { take($0) }
        planStorage = schedule.regions.map { regionStart[$0] }
        let firstAggregate = take(schedule.aggregateCount)
        aggregates = (0..<schedule.aggregateCount).map { firstAggregate + $0 * blockSize }

        nodeCount = model.nodes.count
        periodCount = model.horizon + 1
        var addresses = [Int](repeating: 0, count: plans.count * nodeCount * periodCount)
        let memory = self.memory, samples = self.samples, planStorage = self.planStorage
        let (nodeCount, periodCount) = (self.nodeCount, self.periodCount)
        func offset(plan: Int, node: Int, period: Int) -> Int {
            if period == 0 {
                // Metrics without `initial` are never read before period 1 (the checker
                // requires it for every lag), so their entry is never used.
                let slot = model.nodes[node].initialSlot ?? (model.nodes[node].isInput ? model.inputSlots[node] : 0)
                return samples - memory + slot * blockSize
            }
            let holder = schedule.holders[(plan * nodeCount + node) * periodCount + period]
            guard holder >= 0 else { return samples - memory + model.inputSlots[node] * blockSize }
            let first = plans[holder].storageOffset[node]!
            let index = plans[holder].storedPeriods[node] == 1 ? first : first + period - 1
            return planStorage[holder] - memory + index * blockSize
        }
        for plan in plans.indices {
            for node in 0..<nodeCount {
                for period in 0..<periodCount {
                    addresses[(plan * nodeCount + node) * periodCount + period] = offset(plan: plan, node: node, period: period)
                }
            }
        }
        self.addresses = addresses
    }

    /// Node `node`'s values in `period` for plan `plan`; period 0 and earlier read the value
    /// before period 1 (the untreated draw for inputs, `initial` for metrics).
    @inline(__always)
    func address(plan: Int, node: Int, period: Int) -> UnsafeMutablePointer<Double> {
        memory + addresses[(plan * nodeCount + node) * periodCount + max(0, period)]
    }

    deinit { free(memory) }

    func sampleSlot(_ slot: Int) -> UnsafeMutablePointer<Double> { samples + slot * blockSize }
    func register(_ index: Int) -> UnsafeMutablePointer<Double> { registers + index * blockSize }

    func vector(at location: CoalitionLattice.Location) -> UnsafeMutablePointer<Double> {
        switch location {
        case .sample(let slot): samples + slot * blockSize
        case .stored(let index): latticeStorage + index * blockSize
        }
    }
}
