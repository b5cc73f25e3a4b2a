import Foundation

/// A probability distribution with its parameters in canonical form.
public enum Distribution: Sendable, Equatable {
    case normal(mean: Double, sd: Double)
    case lognormal(mu: Double, sigma: Double)
    case uniform(min: Double, max: Double)
    case triangular(min: Double, mode: Double, max: Double)
    /// Beta-PERT with shape 4, on [min, max].
    case pert(min: Double, mode: Double, max: Double)
    case beta(alpha: Double, beta: Double)
    case gamma(shape: Double, scale: Double)
    case bernoulli(p: Double)
    case poisson(lambda: Double)

    /// The PERT distribution's beta shape parameters.
    static func pertShape(min: Double, mode: Double, max: Double) -> (alpha: Double, beta: Double) {
        let range = max - min
        return (1 + 4 * (mode - min) / range, 1 + 4 * (max - mode) / range)
    }

    public var mean: Double {
        switch self {
        case .normal(let mean, _): mean
        case .lognormal(let mu, let sigma): exp(mu + sigma * sigma / 2)
        case .uniform(let a, let b): (a + b) / 2
        case .triangular(let a, let c, let b): (a + b + c) / 3
        case .pert(let a, let c, let b): (a + 4 * c + b) / 6
        case .beta(let a, let b): a / (a + b)
        case .gamma(let k, let theta): k * theta
        case .bernoulli(let p): p
        case .poisson(let lambda): lambda
        }
    }

    public var variance: Double {
        switch self {
        case .normal(_, let sd): sd * sd
        case .lognormal(let mu, let sigma): (exp(sigma * sigma) - 1) * exp(2 * mu + sigma * sigma)
        case .uniform(let a, let b): (b - a) * (b - a) / 12
        case .triangular(let a, let c, let b): (a * a + b * b + c * c - a * b - a * c - b * c) / 18
        case .pert(let a, let c, let b):
            Distribution.beta(alpha: Distribution.pertShape(min: a, mode: c, max: b).alpha,
                              beta: Distribution.pertShape(min: a, mode: c, max: b).beta).variance * (b - a) * (b - a)
        case .beta(let a, let b): a * b / ((a + b) * (a + b) * (a + b + 1))
        case .gamma(let k, let theta): k * theta * theta
        case .bernoulli(let p): p * (1 - p)
        case .poisson(let lambda): lambda
        }
    }

    /// The inverse distribution function at u in (0, 1): the exact marginal under a copula.
    public func quantile(_ u: Double) -> Double {
        switch self {
        case .normal(let mean, let sd):
            return mean + sd * NormalQuantile.standard(u)
        case .lognormal(let mu, let sigma):
            return exp(mu + sigma * NormalQuantile.standard(u))
        case .uniform(let a, let b):
            return a + (b - a) * u
        case .triangular(let a, let c, let b):
            let split = (c - a) / (b - a)
            return u < split ? a + ((b - a) * (c - a) * u).squareRoot()
                             : b - ((b - a) * (b - c) * (1 - u)).squareRoot()
        case .pert(let a, let c, let b):
            let shape = Distribution.pertShape(min: a, mode: c, max: b)
            return a + (b - a) * SpecialFunctions.inverseRegularizedBeta(shape.alpha, shape.beta, u)
        case .beta(let a, let b):
            return SpecialFunctions.inverseRegularizedBeta(a, b, u)
        case .gamma(let k, let theta):
            return theta * SpecialFunctions.inverseRegularizedGammaP(k, u)
        case .bernoulli(let p):
            return u > 1 - p ? 1 : 0
        case .poisson(let lambda):
            return Distribution.poissonQuantile(lambda: lambda, u)
        }
    }

    /// The quantile at Φ(z), exact in both tails: above the median it inverts the upper
    /// tail at Φ(-z), since Φ(z) itself rounds to 1 in double precision for large z.
    public func value(atScore z: Double) -> Double {
        let upper = NormalQuantile.cdf(-z)
        switch self {
        case .normal(let mean, let sd):
            return mean + sd * z
        case .lognormal(let mu, let sigma):
            return exp(mu + sigma * z)
        case .beta(let a, let b) where z > 0:
            return 1 - SpecialFunctions.inverseRegularizedBeta(b, a, upper)
        case .pert(let low, let mode, let high) where z > 0:
            let shape = Distribution.pertShape(min: low, mode: mode, max: high)
            return high - (high - low) * SpecialFunctions.inverseRegularizedBeta(shape.beta, shape.alpha, upper)
        case .gamma(let k, let theta) where z > 0:
            return theta * SpecialFunctions.inverseRegularizedGammaQ(k, upper)
        default:
            return quantile(ScoreQuantile.uniform(z))
        }
    }

    /// One draw. Beta, PERT and gamma use rejection samplers, several times faster than
    /// their quantile functions; the others invert one uniform.
    public func sample(_ stream: inout RandomStream) -> Double {
        switch self {
        case .pert(let a, let c, let b):
            let shape = Distribution.pertShape(min: a, mode: c, max: b)
            return a + (b - a) * Distribution.sampleBeta(shape.alpha, shape.beta, &stream)
        case .beta(let a, let b):
            return Distribution.sampleBeta(a, b, &stream)
        case .gamma(let k, let theta):
            return theta * Distribution.sampleGamma(k, &stream)
        default:
            return quantile(stream.nextUniform())
        }
    }

    /// Beta, PERT and gamma draws loop over normal and uniform draws (two gammas for a
    /// beta). With constant parameters the engine instead reads a `ScoreQuantile` table at
    /// one normal score per draw, which vectorises over a block and is about three times
    /// faster; these samplers remain for parameters that vary by sample.
    var samplesByRejection: Bool {
        switch self {
        case .beta, .pert, .gamma: true
        default: false
        }
    }

    /// Marsaglia and Tsang (2000), with the shape < 1 boost U^(1/shape).
    static func sampleGamma(_ shape: Double, _ stream: inout RandomStream) -> Double {
        if shape < 1 {
            let boosted = sampleGamma(shape + 1, &stream)
            return boosted * pow(stream.nextUniform(), 1 / shape)
        }
        let d = shape - 1.0 / 3, c = 1 / (9 * d).squareRoot()
        while true {
            let z = stream.nextNormal()
            let v0 = 1 + c * z
            if v0 <= 0 { continue }
            let v = v0 * v0 * v0
            let u = stream.nextUniform()
            if u < 1 - 0.0331 * z * z * z * z || log(u) < 0.5 * z * z + d * (1 - v + log(v)) {
                return d * v
            }
        }
    }

    static func sampleBeta(_ a: Double, _ b: Double, _ stream: inout RandomStream) -> Double {
        let x = sampleGamma(a, &stream), y = sampleGamma(b, &stream)
        return x / (x + y)
    }

    /// Inversion by search from a normal-approximation start, with the exact distribution
    /// function at the start point from the incomplete gamma function.
    static func poissonQuantile(lambda: Double, _ u: Double) -> Double {
        if lambda <= 0 { return 0 }
        if lambda < 30 {
            var k = 0.0, pmf = exp(-lambda), cdf = pmf
            while cdf < u && pmf > 0 {
                k += 1
                pmf *= lambda / k
                cdf += pmf
            }
            return k
        }
        let z = NormalQuantile.standard(u)
        var k = max(0, (lambda + z * lambda.squareRoot() + (z * z - 1) / 6).rounded(.down))
        // F(k) = Q(k + 1, lambda).
        var cdf = SpecialFunctions.regularizedGammaQ(k + 1, lambda)
        var pmf = exp(k * log(lambda) - lambda - SpecialFunctions.logGamma(k + 1))
        if cdf >= u {
            while k > 0 && cdf - pmf >= u {
                cdf -= pmf
                pmf *= k / lambda
                k -= 1
            }
        } else {
            while cdf < u && pmf > 0 {
                k += 1
                pmf *= lambda / k
                cdf += pmf
            }
        }
        return k
    }
}
