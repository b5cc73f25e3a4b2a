/// Where an instruction reads a value from.
enum Operand: Sendable, Equatable {
    case register(Int)
    case constant(Double)
    /// The current period number `t`.
    case period
    /// A node's value `lag` periods before the current one (0: this period). Nodes are
    /// numbered inputs first, then metrics, as in `Model.nodes`.
    case node(Int, lag: Int)
    /// A sample-level slot: an element of a series.
    case sample(Int)
}

/// Where an instruction writes: a scratch register, or the node the program computes.
enum Destination: Sendable, Equatable {
    case register(Int)
    case result
}

/// One vector operation over a block of samples.
enum Instruction: Sendable {
    case copy(Destination, Operand)
    case negate(Destination, Operand)
    case not(Destination, Operand)
    case function(BuiltinFunction, Destination, Operand)
    case binary(BinaryOperator, Destination, Operand, Operand)
    /// a × b + c, rounded after the product as the two instructions it replaces would be;
    /// one pass over the block instead of two.
    case multiplyAdd(Destination, Operand, Operand, Operand)
    case power(Destination, Operand, Operand)
    case minimum(Destination, Operand, Operand)
    case maximum(Destination, Operand, Operand)
    case clamp(Destination, Operand, low: Operand, high: Operand)
    case select(Destination, condition: Operand, Operand, Operand)
    case draw(Destination, RandomDraw)
    /// The operand for the current period, cycling: a series' element ((t - 1) mod count) + 1.
    case cycle(Destination, [Operand])
}

extension Instruction {
    /// What the instruction reads, in order.
    var operands: [Operand] {
        switch self {
        case .copy(_, let a), .negate(_, let a), .not(_, let a), .function(_, _, let a): [a]
        case .binary(_, _, let a, let b), .power(_, let a, let b), .minimum(_, let a, let b), .maximum(_, let a, let b): [a, b]
        case .multiplyAdd(_, let a, let b, let c), .clamp(_, let a, let b, let c), .select(_, let a, let b, let c): [a, b, c]
        case .draw(_, let random): random.parameters
        case .cycle(_, let sources): sources
        }
    }

    var destination: Destination {
        switch self {
        case .copy(let d, _), .negate(let d, _), .not(let d, _), .function(_, let d, _), .binary(_, let d, _, _),
             .multiplyAdd(let d, _, _, _), .power(let d, _, _), .minimum(let d, _, _), .maximum(let d, _, _),
             .clamp(let d, _, _, _), .select(let d, _, _, _), .draw(let d, _), .cycle(let d, _): d
        }
    }
}

/// A distribution call or `A to B` in a sample-level formula.
struct RandomDraw: Sendable {
    enum Shape: Sendable {
        case family(DistributionFamily, form: Int)
        case interval
    }

    var variable: UInt32
    var shape: Shape
    var parameters: [Operand]
    /// Built once when every parameter is constant.
    var constant: Distribution?
    /// Column in the block's correlated normal scores, when the variable is rank-correlated.
    var correlatedColumn: Int?
    /// Prepared once for constant parameters when the variable is rank-correlated, or when
    /// its family would otherwise sample by rejection.
    var scoreQuantile: ScoreQuantile?
    var location: SourceLocation

    func distribution(_ values: [Double]) -> Result<Distribution, ParameterError> {
        switch shape {
        case .family(let family, let form): family.make(form: form, values)
        case .interval: DistributionFamily.interval(values[0], values[1])
        }
    }
}

/// A straight-line program computing one value per sample.
struct Program: Sendable {
    var instructions: [Instruction]
    var registerCount: Int
    /// The formula's own location, for runtime errors.
    var location: SourceLocation
}
