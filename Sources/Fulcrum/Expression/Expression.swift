/// A parsed formula: an input's or effect's expression, or a metric's formula.
///
/// Runs of one left-associative operator (`a + b - c + ...`) are kept as a single `chain`
/// node, so a 100,000-term sum is one wide node and every tree walk stays shallow.
public struct Expression: Sendable {
    public indirect enum Kind: Sendable {
        case number(Double)
        case name(String)
        /// `name[t-k]`: the value of `name` k periods earlier.
        case lag(String, periods: Int)
        case negate(Expression)
        case not(Expression)
        case chain(first: Expression, rest: [Link])
        case power(Expression, Expression)
        /// `A to B`: a 90% interval.
        case interval(Expression, Expression)
        case call(String, [Argument])
    }

    public struct Link: Sendable {
        public var op: BinaryOperator
        public var operand: Expression
    }

    public struct Argument: Sendable {
        public var label: String?
        public var labelOffset: Int
        public var value: Expression
    }

    public var kind: Kind
    /// Offset of the first character in the source text, for diagnostics.
    public var offset: Int
    /// Nesting depth of this tree.
    public var height: Int

    public init(_ kind: Kind, offset: Int) {
        self.kind = kind
        self.offset = offset
        self.height = 1 + kind.children.map(\.height).max(or: 0)
    }
}

public enum BinaryOperator: String, Sendable {
    case or, and
    case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case equal = "==", notEqual = "!="
    case add = "+", subtract = "-", multiply = "*", divide = "/"
}

extension Expression.Kind {
    public var children: [Expression] {
        switch self {
        case .number, .name, .lag: []
        case .negate(let e), .not(let e): [e]
        case .chain(let first, let rest): [first] + rest.map(\.operand)
        case .power(let a, let b), .interval(let a, let b): [a, b]
        case .call(_, let arguments): arguments.map(\.value)
        }
    }
}

extension Expression {
    /// Visits every node, parents before children.
    public func forEach(_ body: (Expression) throws -> Void) rethrows {
        try body(self)
        for child in kind.children { try child.forEach(body) }
    }

    /// The constant value, when the tree is a plain number (possibly negated).
    public var constantValue: Double? {
        switch kind {
        case .number(let value): value
        case .negate(let inner): inner.constantValue.map { -$0 }
        default: nil
        }
    }
}

extension Sequence where Element == Int {
    func max(or fallback: Int) -> Int { self.max() ?? fallback }
}
