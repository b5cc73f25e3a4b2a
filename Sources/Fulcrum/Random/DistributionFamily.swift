import Foundation

/// The distribution calls of the expression language, their parameter names, and how a
/// call's arguments become a `Distribution`.
public enum DistributionFamily: String, CaseIterable, Sendable {
    case normal, lognormal, uniform, triangular, pert, beta, gamma, bernoulli, poisson

    /// Accepted argument lists; positional arguments follow the first one.
    public var parameterizations: [[String]] {
        switch self {
        case .normal: [["mean", "sd"]]
        case .lognormal: [["mu", "sigma"], ["mean", "sd"]]
        case .uniform: [["min", "max"]]
        case .triangular, .pert: [["min", "mode", "max"]]
        case .beta: [["alpha", "beta"], ["mean", "sd"]]
        case .gamma: [["shape", "scale"], ["mean", "sd"]]
        case .bernoulli: [["p"]]
        case .poisson: [["lambda"]]
        }
    }

    public var signatures: String {
        parameterizations.map { "\(rawValue)(\($0.joined(separator: ", ")))" }.joined(separator: " or ")
    }

    /// Builds the distribution from argument values in the order of `parameterizations[form]`,
    /// or says which parameter is impossible.
    public func make(form: Int, _ v: [Double]) -> Result<Distribution, ParameterError> {
        func fail(_ message: String) -> Result<Distribution, ParameterError> { .failure(ParameterError(message: message)) }
        if let bad = v.firstIndex(where: { !$0.isFinite }) {
            return fail("\(rawValue): \(parameterizations[form][bad]) is \(v[bad]), not a finite number")
        }
        switch (self, form) {
        case (.normal, _):
            return v[1] >= 0 ? .success(.normal(mean: v[0], sd: v[1])) : fail("normal: sd must be >= 0, got \(v[1])")
        case (.lognormal, 0):
            return v[1] >= 0 ? .success(.lognormal(mu: v[0], sigma: v[1])) : fail("lognormal: sigma must be >= 0, got \(v[1])")
        case (.lognormal, _):
            guard v[0] > 0 else { return fail("lognormal: mean must be > 0, got \(v[0])") }
            guard v[1] >= 0 else { return fail("lognormal: sd must be >= 0, got \(v[1])") }
            let sigma2 = log1p(v[1] * v[1] / (v[0] * v[0]))
            return .success(.lognormal(mu: log(v[0]) - sigma2 / 2, sigma: sigma2.squareRoot()))
        case (.uniform, _):
            return v[0] <= v[1] ? .success(.uniform(min: v[0], max: v[1])) : fail("uniform: min \(v[0]) is above max \(v[1])")
        case (.triangular, _), (.pert, _):
            guard v[0] < v[2] else { return fail("\(rawValue): min \(v[0]) must be below max \(v[2])") }
            guard v[0] <= v[1] && v[1] <= v[2] else { return fail("\(rawValue): mode \(v[1]) must lie between min \(v[0]) and max \(v[2])") }
            return .success(self == .pert ? .pert(min: v[0], mode: v[1], max: v[2]) : .triangular(min: v[0], mode: v[1], max: v[2]))
        case (.beta, 0):
            guard v[0] > 0 && v[1] > 0 else { return fail("beta: alpha and beta must be > 0, got \(v[0]) and \(v[1])") }
            return shapesInRange(["alpha": v[0], "beta": v[1]]) ?? .success(.beta(alpha: v[0], beta: v[1]))
        case (.beta, _):
            let (m, s) = (v[0], v[1])
            guard m > 0 && m < 1 else { return fail("beta: mean must lie strictly between 0 and 1, got \(m)") }
            guard s > 0 else { return fail("beta: sd must be > 0, got \(s)") }
            guard s * s < m * (1 - m) else {
                return fail("beta: sd \(s) is too large for mean \(m): sd must be below sqrt(mean*(1-mean)) = \(Self.short((m * (1 - m)).squareRoot()))")
            }
            let nu = m * (1 - m) / (s * s) - 1
            return shapesInRange(["alpha": m * nu, "beta": (1 - m) * nu]) ?? .success(.beta(alpha: m * nu, beta: (1 - m) * nu))
        case (.gamma, 0):
            guard v[0] > 0 && v[1] > 0 else { return fail("gamma: shape and scale must be > 0, got \(v[0]) and \(v[1])") }
            return shapesInRange(["shape": v[0]]) ?? .success(.gamma(shape: v[0], scale: v[1]))
        case (.gamma, _):
            guard v[0] > 0 && v[1] > 0 else { return fail("gamma: mean and sd must be > 0, got \(v[0]) and \(v[1])") }
            let shape = (v[0] / v[1]) * (v[0] / v[1]), scale = v[1] * (v[1] / v[0])
            guard scale > 0 else { return fail("gamma: sd \(v[1]) is too small for mean \(v[0]) to be represented") }
            return shapesInRange(["shape": shape]) ?? .success(.gamma(shape: shape, scale: scale))
        case (.bernoulli, _):
            return v[0] >= 0 && v[0] <= 1 ? .success(.bernoulli(p: v[0])) : fail("bernoulli: p must lie in [0, 1], got \(v[0])")
        case (.poisson, _):
            guard v[0] >= 0 else { return fail("poisson: lambda must be >= 0, got \(v[0])") }
            guard v[0] <= Self.largestPoissonMean else {
                return fail("poisson: lambda \(Self.short(v[0])) is above \(Self.short(Self.largestPoissonMean)), where counts are practically normal: write normal(\(Self.short(v[0])), \(Self.short(v[0].squareRoot())))")
            }
            return .success(.poisson(lambda: v[0]))
        }
    }

    /// `A to B`: lognormal with 5th and 95th percentiles A and B when 0 < A < B, else normal.
    public static func interval(_ low: Double, _ high: Double) -> Result<Distribution, ParameterError> {
        guard low.isFinite && high.isFinite else { return .failure(ParameterError(message: "'A to B' needs finite bounds, got \(low) and \(high)")) }
        guard low < high else {
            return .failure(ParameterError(message: "'\(short(low)) to \(short(high))': the lower bound must be below the upper bound"))
        }
        let z = NormalQuantile.z95
        if low > 0 {
            return .success(.lognormal(mu: (log(low) + log(high)) / 2, sigma: (log(high) - log(low)) / (2 * z)))
        }
        return .success(.normal(mean: (low + high) / 2, sd: (high - low) / (2 * z)))
    }

    /// Beta and gamma shapes outside this range cannot be sampled to the tables' accuracy
    /// in bounded time (the incomplete beta and gamma series grow with the shape), and
    /// a modeller never means them: past 1e7 the law is normal to within 1e-4, below 0.01
    /// nearly every draw is zero.
    static let shapeRange = 0.01...1e7
    static let largestPoissonMean = 1e6

    private func shapesInRange(_ shapes: KeyValuePairs<String, Double>) -> Result<Distribution, ParameterError>? {
        for (name, value) in shapes where !Self.shapeRange.contains(value) {
            let advice = value > Self.shapeRange.upperBound
                ? "a shape this large is practically normal: write normal(mean, sd)"
                : "a shape this small puts nearly every draw at zero: check the parameters"
            return .failure(ParameterError(message: "\(rawValue): \(name) would be \(Self.short(value)), outside the range Fulcrum samples accurately (0.01 to 1e7); \(advice)"))
        }
        return nil
    }

    static func short(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(format: "%.6g", x)
    }
}

public struct ParameterError: Error, Sendable {
    public var message: String
}
