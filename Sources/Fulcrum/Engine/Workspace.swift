/// One worker's memory for evaluating blocks: every vector it needs, allocated once per run,
/// so the block loop never allocates.
final class Workspace {
    let blockSize: Int
    /// Sample-level slots (inputs' untreated draws, initial values, magnitudes, success).
    let samples: UnsafeMutablePointer<Double>
    let registers: UnsafeMutablePointer<Double>
    /// Independent normal scores, then correlated ones, `blockSize` per variable.
    let scores: UnsafeMutablePointer<Double>
    let correlatedScores: UnsafeMutablePointer<Double>
    /// Each plan's node storage: the region the schedule gave it, shared with plans that
    /// are evaluated only after it is no longer read.
    let planStorage: [UnsafeMutablePointer<Double>]
    /// Each plan's primary aggregate per sample.
    let aggregates: [UnsafeMutablePointer<Double>]
    private let memory: UnsafeMutablePointer<Double>

    init(model: Model, schedule: PlanSchedule, blockSize: Int) {
        let plans = schedule.plans
        self.blockSize = blockSize
        let registerCount = (model.sampleSteps.map(\.program.registerCount) + model.nodes.compactMap { $0.program?.registerCount }).max() ?? 0
        let correlated = model.correlation?.variables.count ?? 0
        var regionSizes = [Int](repeating: 0, count: schedule.regionCount)
        for (plan, region) in zip(plans, schedule.regions) { regionSizes[region] = max(regionSizes[region], plan.storageBlocks) }
        let sizes = [model.sampleSlotCount, max(1, registerCount), correlated, correlated]
            + regionSizes + plans.map { _ in 1 }
        let total = sizes.reduce(0, +) * blockSize
        memory = .allocate(capacity: max(1, total))
        memory.initialize(repeating: 0, count: max(1, total))
        var cursor = memory
        func take(_ blocks: Int) -> UnsafeMutablePointer<Double> {
            defer { cursor += blocks * blockSize }
            return cursor
        }
        samples = take(model.sampleSlotCount)
        registers = take(max(1, registerCount))
        scores = take(correlated)
        correlatedScores = take(correlated)
        let regionStart = regionSizes.map { take($0) }
        planStorage = schedule.regions.map { regionStart[$0] }
        aggregates = plans.map { _ in take(1) }
    }

    deinit { memory.deallocate() }

    func sampleSlot(_ slot: Int) -> UnsafeMutablePointer<Double> { samples + slot * blockSize }
    func register(_ index: Int) -> UnsafeMutablePointer<Double> { registers + index * blockSize }
}
