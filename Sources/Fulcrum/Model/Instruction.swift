/// Where an instruction reads a value from.
enum Operand: Sendable, Equatable {
    case register(Int)
    case constant(Double)
    /// The current period number `t`.
    case period
    /// A node's value `lag` periods before the current one (0: this period). Nodes are
    /// numbered inputs first, then metrics, as in `Model.nodes`.
    case node(Int, lag: Int)
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
    case power(Destination, Operand, Operand)
    case minimum(Destination, Operand, Operand)
    case maximum(Destination, Operand, Operand)
    case clamp(Destination, Operand, low: Operand, high: Operand)
    case select(Destination, condition: Operand, Operand, Operand)
    case draw(Destination, RandomDraw)
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
    /// Prepared once for a correlated variable with constant parameters.
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
