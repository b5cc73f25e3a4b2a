import Foundation

/// The value of an expression that uses no input, metric, period or distribution.
enum ConstantFolding {
    static func value(of expression: Expression, horizon: Int) -> Double? {
        switch expression.kind {
        case .number(let value): return value
        case .name("pi"): return Double.pi
        case .name("horizon"): return Double(horizon)
        case .name, .lag, .interval: return nil
        case .negate(let inner): return value(of: inner, horizon: horizon).map { -$0 }
        case .not(let inner): return value(of: inner, horizon: horizon).map { $0 == 0 ? 1 : 0 }
        case .power(let a, let b):
            guard let x = value(of: a, horizon: horizon), let y = value(of: b, horizon: horizon) else { return nil }
            return pow(x, y)
        case .chain(let first, let rest):
            guard var accumulator = value(of: first, horizon: horizon) else { return nil }
            for link in rest {
                guard let operand = value(of: link.operand, horizon: horizon) else { return nil }
                accumulator = link.op.apply(accumulator, operand)
            }
            return accumulator
        case .call(let name, let arguments):
            guard let function = BuiltinFunction(rawValue: name), function.arity.contains(arguments.count) else { return nil }
            var values: [Double] = []
            for argument in arguments {
                guard argument.label == nil, let value = value(of: argument.value, horizon: horizon) else { return nil }
                values.append(value)
            }
            switch function {
            case .min: return values.min()
            case .max: return values.max()
            case .clamp: return Swift.min(Swift.max(values[0], values[1]), values[2])
            case .if: return values[0] != 0 ? values[1] : values[2]
            default: return function.apply(values[0])
            }
        }
    }
}

extension BinaryOperator {
    /// Comparisons and logic give 1 or 0; any non-zero operand counts as true.
    func apply(_ a: Double, _ b: Double) -> Double {
        switch self {
        case .add: a + b
        case .subtract: a - b
        case .multiply: a * b
        case .divide: a / b
        case .less: a < b ? 1 : 0
        case .lessOrEqual: a <= b ? 1 : 0
        case .greater: a > b ? 1 : 0
        case .greaterOrEqual: a >= b ? 1 : 0
        case .equal: a == b ? 1 : 0
        case .notEqual: a != b ? 1 : 0
        case .and: (a != 0 && b != 0) ? 1 : 0
        case .or: (a != 0 || b != 0) ? 1 : 0
        }
    }
}

/// Numbers written on the command line, in the expression language's syntax.
public enum Scalar {
    /// `12`, `-0.5`, `2.5%`, `1_000_000`; nil for anything else.
    public static func number(_ text: String) -> Double? {
        (try? ExpressionParser.parse(text)).flatMap { ConstantFolding.value(of: $0, horizon: 1) }
    }
}
