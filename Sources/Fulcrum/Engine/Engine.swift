import Dispatch
import Synchronization

/// Runs plans over all samples in fixed blocks spread across threads.
///
/// Determinism: draws depend only on (seed, variable, sample), blocks have a fixed size,
/// and each block's partial result is merged into the total strictly in block order, so
/// the numbers are identical at any thread count.
enum Engine {
    /// Samples per block: a block's vectors stay in cache and loops are long enough to
    /// amortise the per-instruction dispatch. Fixed, never derived from the thread count.
    static let blockSize = 512
    /// A worker's workspace holds every node in every period for a block: past this many
    /// bytes (long horizons) blocks shrink, so memory stays flat in the horizon.
    static let workspaceBudget = 64 << 20

    /// 512 samples, halved while a worker's workspace would exceed `workspaceBudget`, down
    /// to 16. It depends on the model and schedule only, so a run gives the same numbers at
    /// any thread count.
    static func blockSize(model: Model, schedule: PlanSchedule) -> Int {
        let bytesPerSample = Workspace.vectorCount(model: model, schedule: schedule) * MemoryLayout<Double>.stride
        var size = blockSize
        while size > 16 && size * bytesPerSample > workspaceBudget { size /= 2 }
        return size
    }
    /// Blocks evaluated between two in-order merges; bounds the partials held at once.
    static let blocksPerWave = 64

    /// Fewer blocks per wave when each block's partial is large (many metric-periods, or
    /// accumulators per pair of features), so a wave's partials stay near 32 MB; a wave
    /// still gives each worker a block. The merge order, and so every number, stays the
    /// same.
    static func blocksPerWave(partialBytes: Int) -> Int {
        max(1, min(blocksPerWave, (32 << 20) / max(1, partialBytes)))
    }

    struct Settings: Sendable {
        var samples: Int
        var seed: UInt64
        var threads: Int
        /// Every distribution gives its mean and every feature works: the single
        /// "point estimate" run that scoring methods such as RICE implicitly use.
        var drawMeans = false
        var adjustments = SampleAdjustments()
        /// Only these blocks are evaluated, nil for all.
        var blocks: BlockSelection?
    }

    /// Every `stride`-th block from block `first`: a share of the samples, chosen by block
    /// index so that it is the same at any thread count and in any shard (the samples on
    /// which one ordering of a sampled Shapley value is evaluated, say).
    struct BlockSelection: Sendable {
        var first: Int
        var stride: Int

        func contains(_ block: Int) -> Bool { block % stride == first }
    }

    /// One evaluated block, as analyses see it. Every roadmap's aggregate is available; node
    /// values only for chained plans whose storage region no later plan reused (all of them
    /// with a single-plan schedule, or one that keeps values).
    struct BlockView {
        let evaluator: BlockEvaluator
        let start: Int
        let count: Int

        func aggregate(plan: Int) -> UnsafeBufferPointer<Double> {
            UnsafeBufferPointer(start: evaluator.aggregate(plan: plan), count: count)
        }

        /// Every roadmap's aggregate as the columns of one matrix, in aggregate order.
        var aggregateMatrix: (elements: UnsafePointer<Double>, leadingDimension: Int) {
            (UnsafePointer(evaluator.workspace.aggregates[0]), evaluator.workspace.blockSize)
        }

        func values(plan: Int, node: Int, period: Int) -> UnsafeBufferPointer<Double> {
            precondition(!evaluator.keepsAggregatesOnly, "a lattice keeps aggregates only")
            return UnsafeBufferPointer(start: evaluator.address(plan: plan, node: node, period: period), count: count)
        }

        /// Values of `node` clamped to its bounds in this block, per period they stand for.
        func clampedValues(node: Int) -> Int { evaluator.clampedValues[node] }

        /// A sample-level value: an input's draw, an effect's magnitude, a success draw.
        func sampleValues(slot: Int) -> UnsafeBufferPointer<Double> {
            UnsafeBufferPointer(start: evaluator.workspace.sampleSlot(slot), count: count)
        }
    }

    /// Blocks folded into one chunk before the chunk joins the total: the unit a sharded run
    /// divides, so a chunk's partial is the same on one machine and on many. Fixed.
    static let blocksPerChunk = 16

    /// `observe` turns each block into a `Partial`, folded in block order into its chunk's
    /// partial (from `initial`), and the chunks into the total in chunk order (for
    /// floating-point sums); it may also update its worker's `Tally`, for statistics whose
    /// merge is exact in any order (integer counts). Returns the total and the tallies.
    ///
    /// Within a `ShardSession` a pass is instead replayed from merged parts, or computed for
    /// one shard's chunks only, which are recorded for `fulcrum merge` and end the command.
    /// A point-estimate run (`drawMeans`) is one sample and always runs here in full.
    static func run<Partial: Codable & Sendable, Tally: Codable & Sendable>(
        model: Model, schedule: PlanSchedule, settings: Settings,
        initial: Partial, tally: Tally, blocksPerWave: Int = blocksPerWave,
        observe: @escaping @Sendable (inout Partial, inout Tally, BlockView) -> Void,
        merge: (inout Partial, Partial) -> Void
    ) throws(EvaluationError) -> (total: Partial, tallies: [Tally]) {
        let blockSize = Self.blockSize(model: model, schedule: schedule)
        let blockCount = (settings.samples + blockSize - 1) / blockSize
        let chunkCount = (blockCount + blocksPerChunk - 1) / blocksPerChunk
        guard let session = settings.drawMeans ? nil : ShardSession.current else {
            var total = initial
            let tallies = try evaluate(model: model, schedule: schedule, settings: settings, blockSize: blockSize, chunks: 0..<chunkCount,
                                       initial: initial, tally: tally, blocksPerWave: blocksPerWave, observe: observe, merge: merge,
                                       deliver: { merge(&total, $0) })
            return (total, tallies)
        }
        switch try session.beginPass(scenario: model.scenario, seed: settings.seed, samples: settings.samples, chunkCount: chunkCount) {
        case .replay(let pass):
            return try session.replay(pass, as: Partial.self, Tally.self)
        case .merge(let parts):
            return try session.merge(parts, initial: initial, as: Tally.self, merge: merge)
        case .compute(let chunks):
            var partials: [Partial] = []
            let tallies = try evaluate(model: model, schedule: schedule, settings: settings, blockSize: blockSize, chunks: chunks,
                                       initial: initial, tally: tally, blocksPerWave: blocksPerWave, observe: observe, merge: merge,
                                       deliver: { partials.append($0) })
            try session.record(chunks: partials, tallies: tallies, range: chunks, chunkCount: chunkCount)
            guard session.independent else { throw .endingShardRun }
            // Only this shard's share: what follows within `independentPasses` must not read it.
            var total = initial
            for partial in partials { merge(&total, partial) }
            return (total, tallies)
        }
    }

    /// Runs `body`, whose passes do not read one another's results, so that a sharded run
    /// computes them all in one stage. `body` may only keep the totals its passes return:
    /// in a shard they hold that shard's chunks only, and the command ends when `body` does.
    static func independentPasses<Result>(_ body: () throws(EvaluationError) -> Result) throws(EvaluationError) -> Result {
        guard let session = ShardSession.current else { return try body() }
        let outer = session.independent
        session.independent = true
        defer { session.independent = outer }
        let result = try body()
        if !outer && session.stageComputed { throw .endingShardRun }
        return result
    }

    /// Evaluates the blocks of `chunks`, handing each chunk's partial to `deliver` in order.
    private static func evaluate<Partial: Sendable, Tally: Sendable>(
        model: Model, schedule: PlanSchedule, settings: Settings, blockSize: Int, chunks: Range<Int>,
        initial: Partial, tally: Tally, blocksPerWave: Int,
        observe: @escaping @Sendable (inout Partial, inout Tally, BlockView) -> Void,
        merge: (inout Partial, Partial) -> Void, deliver: (Partial) -> Void
    ) throws(EvaluationError) -> [Tally] {
        BLAS.useSingleThread()
        let blockCount = (settings.samples + blockSize - 1) / blockSize
        let firstBlock = min(blockCount, chunks.lowerBound * blocksPerChunk)
        let endBlock = min(blockCount, chunks.upperBound * blocksPerChunk)
        // Each worker owns a workspace; results never depend on the count, so cap it.
        let threads = max(1, min(settings.threads, endBlock - firstBlock, 64))
        let generator = Philox(seed: settings.seed)
        let workspaces = WorkspacePool((0..<threads).map { _ in Workspace(model: model, schedule: schedule, blockSize: blockSize) })
        let tallies = TallyPool(Array(repeating: tally, count: threads))
        var chunk = initial
        var waveStart = firstBlock
        let pass = RunProgress.beginPass()
        let wave = max(blocksPerWave, threads)
        while waveStart < endBlock {
            let waveCount = min(wave, endBlock - waveStart)
            let results = WaveResults<Partial>(count: waveCount)
            let next = Atomic<Int>(0)
            let firstInWave = waveStart
            DispatchQueue.concurrentPerform(iterations: threads) { worker in
                let evaluator = BlockEvaluator(model: model, schedule: schedule, generator: generator, workspace: workspaces.items[worker],
                                               drawMeans: settings.drawMeans, adjustments: settings.adjustments)
                while true {
                    let slot = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard slot < waveCount else { break }
                    if let selection = settings.blocks, !selection.contains(firstInWave + slot) { continue }
                    let start = (firstInWave + slot) * blockSize
                    let count = min(blockSize, settings.samples - start)
                    do throws(EvaluationError) {
                        try evaluator.evaluate(start: start, count: count)
                        var partial = initial
                        observe(&partial, &tallies.items[worker], BlockView(evaluator: evaluator, start: start, count: count))
                        results.store(.success(partial), at: slot)
                    } catch {
                        results.store(.failure(error), at: slot)
                    }
                }
            }
            for slot in 0..<waveCount {
                let block = firstInWave + slot
                if settings.blocks?.contains(block) ?? true { merge(&chunk, try results.take(slot).get()) }
                if (block + 1) % blocksPerChunk == 0 || block + 1 == blockCount {
                    deliver(chunk)
                    chunk = initial
                }
            }
            waveStart += waveCount
            RunProgress.report(pass: pass, fraction: Double(waveStart - firstBlock) / Double(endBlock - firstBlock))
        }
        return Array(tallies.items)
    }
}

/// Per-worker tallies, each touched by exactly one worker during a wave.
private final class TallyPool<Tally>: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<Tally>

    init(_ items: [Tally]) {
        storage = .allocate(capacity: items.count)
        _ = storage.initialize(from: items)
    }

    deinit {
        storage.baseAddress!.deinitialize(count: storage.count)
        storage.deallocate()
    }

    var items: UnsafeMutableBufferPointer<Tally> { storage }
}

/// Per-worker workspaces, each touched by exactly one worker during a wave.
private final class WorkspacePool: @unchecked Sendable {
    let items: [Workspace]
    init(_ items: [Workspace]) { self.items = items }
}

/// One result slot per block of a wave; each slot is written by exactly one worker before
/// `concurrentPerform` returns, and read only after.
private final class WaveResults<Partial>: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<Result<Partial, EvaluationError>?>
    private let count: Int

    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil, count: count)
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    func store(_ result: Result<Partial, EvaluationError>, at slot: Int) {
        precondition(slot < count)
        slots[slot] = result
    }

    func take(_ slot: Int) -> Result<Partial, EvaluationError> { slots[slot]! }
}
