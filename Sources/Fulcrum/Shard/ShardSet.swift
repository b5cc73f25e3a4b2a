/// Parts that together make one run: every shard of the same run exactly once, continuing
/// the same stage. Anything else would merge into a number nobody computed.
public struct ShardSet: Sendable {
    /// In shard order.
    public let parts: [ShardFile]
    public let run: ShardedRun

    /// Checks `files` (path and contents, in any order).
    public init(_ files: [(path: String, file: ShardFile)]) throws(ShardError) {
        guard let first = files.first else { throw ShardError("merge needs the part files of every shard") }
        for (path, file) in files where !file.isPart {
            throw ShardError("'\(path)' is a merged stage, not a shard's part: give it to each shard with --after '\(path)', then merge their parts")
        }
        for (path, file) in files {
            if let difference = file.run.difference(from: first.file.run) {
                throw ShardError("'\(path)' and '\(first.path)' are parts of different runs (\(difference)): merge only the parts of one run")
            }
            if file.passes.count != first.file.passes.count {
                throw ShardError("'\(path)' holds \(file.passes.count) passes and '\(first.path)' \(first.file.passes.count): one of them is damaged; rerun its shard")
            }
            if file.earlier != first.file.earlier {
                throw ShardError("'\(path)' and '\(first.path)' continue different merged stages: rerun the shards of this stage from the same --after file")
            }
        }
        let count = first.file.shard!.count
        for (path, file) in files where file.shard!.count != count {
            throw ShardError("'\(path)' is shard \(file.shard!) and '\(first.path)' is shard \(first.file.shard!): a run is split one way, so merge parts with the same N")
        }
        var byIndex: [Int: String] = [:]
        for (path, file) in files {
            if let other = byIndex[file.shard!.index] {
                throw ShardError("'\(other)' and '\(path)' are both shard \(file.shard!): give each shard's part once")
            }
            byIndex[file.shard!.index] = path
        }
        let missing = (1...count).filter { byIndex[$0] == nil }
        guard missing.isEmpty else {
            let list = missing.map { "\($0)/\(count)" }.joined(separator: ", ")
            throw ShardError("the set is incomplete: shard\(missing.count == 1 ? "" : "s") \(list) \(missing.count == 1 ? "is" : "are") missing; run \(missing.count == 1 ? "it" : "them") with --shard \(missing.count == 1 ? list : "I/\(count)") and merge again")
        }
        parts = files.map(\.file).sorted { $0.shard!.index < $1.shard!.index }
        run = first.file.run
    }
}
