import Foundation

/// The deterministic functions of the expression language.
public enum BuiltinFunction: String, CaseIterable, Sendable {
    case min, max, clamp
    case `if`
    case exp, log, sqrt, abs, floor, ceil, round, sin, cos

    /// Allowed argument counts.
    var arity: ClosedRange<Int> {
        switch self {
        case .min, .max: 1...Int.max
        case .clamp, .if: 3...3
        default: 1...1
        }
    }

    var usage: String {
        switch self {
        case .min, .max: "\(rawValue)(a, b, ...)"
        case .clamp: "clamp(x, lo, hi)"
        case .if: "if(condition, then, else)"
        default: "\(rawValue)(x)"
        }
    }

    func apply(_ x: Double) -> Double {
        switch self {
        case .exp: Foundation.exp(x)
        case .log: Foundation.log(x)
        case .sqrt: x.squareRoot()
        case .abs: Swift.abs(x)
        case .floor: x.rounded(.down)
        case .ceil: x.rounded(.up)
        case .round: x.rounded(.toNearestOrAwayFromZero)
        case .sin: Foundation.sin(x)
        case .cos: Foundation.cos(x)
        default: .nan
        }
    }

    /// Every function and distribution name: none of them may name an input or metric.
    public static var allNames: Set<String> {
        Set(allCases.map(\.rawValue)).union(DistributionFamily.allCases.map(\.rawValue))
    }
}
