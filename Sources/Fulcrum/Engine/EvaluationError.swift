/// A run that produced a value no analysis can use: a non-finite number, or an impossible
/// distribution parameter computed from other draws.
public struct EvaluationError: Error, Sendable, CustomStringConvertible {
    public var diagnostic: Diagnostic

    init(_ message: String, at location: SourceLocation) {
        diagnostic = Diagnostic(message, at: location)
    }

    public var description: String { diagnostic.description }
}
