/// A run that produced a value no analysis can use: a non-finite number, or an impossible
/// distribution parameter computed from other draws.
public struct EvaluationError: Error, Sendable, CustomStringConvertible {
    public var diagnostic: Diagnostic
    /// Not a failure: a shard has computed its pass, or a merge has reached a pass that needs
    /// another stage of shards, and the command ends there (see `ShardSession`).
    public private(set) var endsShardRun = false

    init(_ message: String, at location: SourceLocation) {
        diagnostic = Diagnostic(message, at: location)
    }

    static var endingShardRun: EvaluationError {
        var stop = EvaluationError("the shard's pass is recorded", at: SourceLocation(file: "", line: 0, column: 0))
        stop.endsShardRun = true
        return stop
    }

    public var description: String { diagnostic.description }
}
