/// Which of N equal parts of a run this process computes: `I/N`, counted from 1 as people
/// count shards, or `auto/N` to take the index from the batch system that started it.
public struct ShardIndex: Codable, Sendable, Hashable, CustomStringConvertible {
    /// 1...count.
    public let index: Int
    public let count: Int

    public static let largestCount = 10_000

    public init(index: Int, count: Int) {
        precondition((1...count).contains(index))
        self.index = index
        self.count = count
    }

    /// `I/N`, or `auto/N` read from a Slurm job array submitted with `--array=1-N`
    /// (`SLURM_ARRAY_TASK_ID` is the shard, so a rerun of task 2 alone is still shard 2) or
    /// a Kubernetes Indexed Job (`JOB_COMPLETION_INDEX`, from 0).
    public init(parsing text: String, environment: [String: String]) throws(ShardError) {
        let pieces = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard pieces.count == 2, let count = Int(pieces[1]) else {
            throw ShardError("--shard takes I/N (shard I of N, counted from 1) or auto/N, got '\(text)'")
        }
        guard (1...Self.largestCount).contains(count) else {
            throw ShardError("--shard '\(text)': the number of shards must be between 1 and \(Self.largestCount)")
        }
        let index: Int
        if pieces[0] == "auto" {
            index = try Self.fromEnvironment(environment, count: count)
        } else {
            guard let given = Int(pieces[0]) else {
                throw ShardError("--shard '\(text)': '\(pieces[0])' is not a shard number; give I/N with I from 1 to N, or auto/N")
            }
            index = given
        }
        guard (1...count).contains(index) else {
            throw ShardError("--shard '\(text)': shard \(index) is not one of 1 to \(count) (shards are counted from 1)")
        }
        self.init(index: index, count: count)
    }

    private static func fromEnvironment(_ environment: [String: String], count: Int) throws(ShardError) -> Int {
        if let task = environment["SLURM_ARRAY_TASK_ID"] {
            guard let id = Int(task) else {
                throw ShardError("--shard auto/\(count): SLURM_ARRAY_TASK_ID is '\(task)', not a number")
            }
            guard id >= 1 else {
                throw ShardError("--shard auto/\(count): SLURM_ARRAY_TASK_ID is \(id), and shards are counted from 1: submit the array with --array=1-\(count)")
            }
            return id
        }
        if let completion = environment["JOB_COMPLETION_INDEX"] {
            guard let id = Int(completion) else {
                throw ShardError("--shard auto/\(count): JOB_COMPLETION_INDEX is '\(completion)', not a number")
            }
            return id + 1
        }
        throw ShardError("--shard auto/\(count): neither SLURM_ARRAY_TASK_ID (a Slurm job array) nor JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) is set; give the shard as I/N")
    }

    public var description: String { "\(index)/\(count)" }

    /// This shard's chunks of a pass: consecutive runs, in order, whose lengths differ by at most one.
    func chunks(of chunkCount: Int) -> Range<Int> {
        ((index - 1) * chunkCount / count)..<(index * chunkCount / count)
    }
}

/// A shard that cannot run or parts that cannot be merged, with what to do about it.
public struct ShardError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
