import Foundation

/// A command run as one shard of many, or as the merge of their parts.
///
/// The engine folds each chunk of blocks from the initial partial, and the chunks into the
/// total in chunk order, so a chunk's partial is the same whichever machine computes it. A
/// shard computes its chunks of the first pass not yet merged, records them and ends the
/// command; the merge runs the same command again with every pass's total folded from the
/// parts in chunk order, so the analysis after the engine sees bit-identical totals and
/// prints byte-identical output. A pass that needs an earlier one's total (the bins of
/// `voi`'s second pass come from its first) is a new stage: the merge stops there, and the
/// shards run again from the merged stage. Passes that an analysis declares independent
/// (`Engine.independentPasses`) share one stage.
public final class ShardSession: @unchecked Sendable {
    /// The session of the command running on this thread or task, if it is sharded.
    @TaskLocal public static var current: ShardSession?

    enum Role: Sendable {
        case shard(ShardIndex)
        /// Each shard's passes after `earlier`, in shard order.
        case merge([[ShardPass]])
    }

    enum Step {
        case replay(MergedPass)
        case merge([ShardPass])
        case compute(Range<Int>)
    }

    let role: Role
    let earlier: [MergedPass]
    /// The run every pass must match: that of the stage or parts being continued.
    let expected: ShardedRun?
    private var next = 0
    /// Scenario, seed and samples of the first pass, for the header of what this session writes.
    public private(set) var scenario: (file: String, sha256: String, tables: [String])?
    public private(set) var seed: UInt64 = 0
    public private(set) var samples = 0
    /// A shard's own passes, once computed.
    private(set) var computed: [ShardPass] = []
    /// Passes started now do not depend on one another's totals (see `Engine.independentPasses`).
    var independent = false
    /// Every pass so far, merged: what a stage file holds.
    private(set) var merged: [MergedPass] = []
    /// The merge reached a pass that needs another round of shards.
    public private(set) var needsAnotherStage = false

    /// A shard continuing `stage` (nil for the first stage).
    public init(shard: ShardIndex, continuing stage: ShardFile?) {
        role = .shard(shard)
        earlier = stage?.earlier ?? []
        expected = stage?.run
    }

    /// The merge of a complete, matching set of parts (see `ShardSet`).
    public init(merging set: ShardSet) {
        role = .merge(set.parts.map(\.passes))
        earlier = set.parts[0].earlier
        expected = set.run
    }

    /// The shard's part once its pass is computed.
    public func part(run: ShardedRun) -> ShardFile? {
        guard case .shard(let index) = role, !computed.isEmpty else { return nil }
        return ShardFile(run: run, shard: index, earlier: earlier, passes: computed)
    }

    /// The merged passes, for shards of the next stage to continue from.
    public func stage(run: ShardedRun) -> ShardFile {
        ShardFile(run: run, shard: nil, earlier: merged, passes: [])
    }

    func beginPass(scenario loaded: Scenario, seed: UInt64, samples: Int, chunkCount: Int) throws(EvaluationError) -> Step {
        let location = SourceLocation(file: loaded.file, line: 1, column: 1)
        if scenario == nil {
            scenario = (loaded.file, loaded.sourceSHA256, loaded.tables.map(\.sha256))
            self.seed = seed
            self.samples = samples
        }
        if let expected, expected.sha256 != loaded.sourceSHA256 || expected.tables != loaded.tables.map(\.sha256) {
            throw EvaluationError("the shards ran on a different \(loaded.file) (sha256 \(expected.sha256.prefix(12)), now \(loaded.sourceSHA256.prefix(12)), or its features_from tables): rerun them on this file, or merge with the file they ran on",
                                  at: location)
        }
        let index = next
        next += 1
        func check(_ passSeed: UInt64, _ passSamples: Int, _ passChunks: Int) throws(EvaluationError) {
            guard passSeed == seed, passSamples == samples, passChunks == chunkCount else {
                throw EvaluationError("the parts' pass \(index + 1) drew \(passSamples) samples in \(passChunks) chunks from seed \(passSeed); this run draws \(samples) in \(chunkCount) from seed \(seed): merge with the Fulcrum and options the shards ran with",
                                      at: location)
            }
        }
        if index < earlier.count {
            try check(earlier[index].seed, earlier[index].samples, earlier[index].chunkCount)
            return .replay(earlier[index])
        }
        let stagePass = index - earlier.count
        switch role {
        case .shard(let shard):
            precondition(stagePass == computed.count, "a shard ends the command after computing its stage")
            return .compute(shard.chunks(of: chunkCount))
        case .merge(let parts):
            guard stagePass < parts[0].count else {
                needsAnotherStage = true
                throw .endingShardRun
            }
            let pass = parts.map { $0[stagePass] }
            var covered = 0
            for part in pass {
                try check(part.seed, part.samples, part.chunkCount)
                guard part.chunks.lowerBound == covered, part.partials.count == part.chunks.count else {
                    throw EvaluationError("the parts' pass \(index + 1) does not cover its \(chunkCount) chunks once each, in order: a part is damaged; rerun its shard",
                                          at: location)
                }
                covered = part.chunks.upperBound
            }
            guard covered == chunkCount else {
                throw EvaluationError("the parts' pass \(index + 1) covers \(covered) of its \(chunkCount) chunks: a part is damaged; rerun its shard", at: location)
            }
            return .merge(pass)
        }
    }

    func replay<Partial: Codable, Tally: Codable>(
        _ pass: MergedPass, as: Partial.Type, _: Tally.Type
    ) throws(EvaluationError) -> (total: Partial, tallies: [Tally]) {
        merged.append(pass)
        return (try decode(Partial.self, pass.total), try pass.tallies.map { data throws(EvaluationError) in try decode(Tally.self, data) })
    }

    func merge<Partial: Codable, Tally: Codable>(
        _ parts: [ShardPass], initial: Partial, as: Tally.Type, merge: (inout Partial, Partial) -> Void
    ) throws(EvaluationError) -> (total: Partial, tallies: [Tally]) {
        var total = initial
        var tallies: [Tally] = []
        for part in parts {
            for data in part.partials { merge(&total, try decode(Partial.self, data)) }
            for data in part.tallies { tallies.append(try decode(Tally.self, data)) }
        }
        merged.append(MergedPass(seed: seed, samples: samples, chunkCount: parts[0].chunkCount, total: try encode(total),
                                 tallies: parts.flatMap(\.tallies)))
        return (total, tallies)
    }

    /// Records a shard's pass.
    func record<Partial: Codable, Tally: Codable>(chunks partials: [Partial], tallies: [Tally], range: Range<Int>,
                                                 chunkCount: Int) throws(EvaluationError) {
        computed.append(ShardPass(seed: seed, samples: samples, chunkCount: chunkCount, chunks: range,
                                  partials: try partials.map { partial throws(EvaluationError) in try encode(partial) },
                                  tallies: try tallies.map { tally throws(EvaluationError) in try encode(tally) }))
    }

    /// Whether a shard has computed its stage, so the command ends (with `EvaluationError.endingShardRun`).
    var stageComputed: Bool {
        guard case .shard = role else { return false }
        return !computed.isEmpty
    }

    private func encode<Value: Encodable>(_ value: Value) throws(EvaluationError) -> Data {
        let encoder = PropertyListEncoder()
        encoder.outputFormat = .binary
        do {
            return try encoder.encode([value])
        } catch {
            throw EvaluationError("cannot encode a shard's accumulators: \(error)", at: SourceLocation(file: scenario?.file ?? "", line: 1, column: 1))
        }
    }

    private func decode<Value: Decodable>(_ type: Value.Type, _ data: Data) throws(EvaluationError) -> Value {
        do {
            return try PropertyListDecoder().decode([Value].self, from: data)[0]
        } catch {
            throw EvaluationError("a shard part is damaged or from another command: \(error)", at: SourceLocation(file: scenario?.file ?? "", line: 1, column: 1))
        }
    }
}
