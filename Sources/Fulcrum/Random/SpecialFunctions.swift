import Foundation

/// Regularized incomplete gamma and beta functions and their inverses, for the exact
/// quantiles of gamma, beta and PERT marginals under a rank correlation.
/// Methods follow Press et al., Numerical Recipes (3rd ed.), sections 6.2, 6.4 and 6.14.
enum SpecialFunctions {
    static func logGamma(_ x: Double) -> Double {
        var sign: Int32 = 0
        return lgamma_r(x, &sign)
    }

    /// P(a, x) = γ(a, x) / Γ(a); pass `logGammaA` when calling repeatedly with one `a`.
    static func regularizedGammaP(_ a: Double, _ x: Double, logGammaA: Double? = nil) -> Double {
        if x <= 0 { return 0 }
        let lga = logGammaA ?? logGamma(a)
        if x < a + 1 {
            var sum = 1 / a, term = sum, n = a
            for _ in 0..<100_000 {
                n += 1
                term *= x / n
                sum += term
                if abs(term) < abs(sum) * 1e-16 { break }
            }
            return sum * exp(-x + a * log(x) - lga)
        }
        return 1 - regularizedGammaQContinuedFraction(a, x, logGammaA: lga)
    }

    /// Q(a, x) = 1 - P(a, x), accurate in the upper tail.
    static func regularizedGammaQ(_ a: Double, _ x: Double) -> Double {
        if x < a + 1 { return 1 - regularizedGammaP(a, x) }
        return regularizedGammaQContinuedFraction(a, x, logGammaA: logGamma(a))
    }

    private static func regularizedGammaQContinuedFraction(_ a: Double, _ x: Double, logGammaA: Double) -> Double {
        let tiny = 1e-300
        var b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d
        for i in 1...100_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return exp(-x + a * log(x) - logGammaA) * h
    }

    /// x with P(a, x) = p.
    static func inverseRegularizedGammaP(_ a: Double, _ p: Double) -> Double {
        if p <= 0 { return 0 }
        if p >= 1 { return .infinity }
        let gln = logGamma(a), a1 = a - 1
        let lna1 = a > 1 ? log(a1) : 0
        let afac = a > 1 ? exp(a1 * (lna1 - 1) - gln) : 0
        var x: Double
        if a > 1 {
            let z = NormalQuantile.standard(p)
            x = max(1e-3, a * pow(1 - 1 / (9 * a) + z / (3 * a.squareRoot()), 3))
        } else {
            let t = 1 - a * (0.253 + a * 0.12)
            x = p < t ? pow(p / t, 1 / a) : 1 - log(1 - (p - t) / (1 - t))
        }
        var low = 0.0, high = Double.infinity
        for _ in 0..<300 {
            let error = regularizedGammaP(a, x, logGammaA: gln) - p
            if error < 0 { low = x } else { high = x }
            let density = a > 1 ? afac * exp(-(x - a1) + a1 * (log(x) - lna1)) : exp(-x + a1 * log(x) - gln)
            let next = safeguardedStep(x: x, error: error, density: density, curvature: (a - 1) / x - 1, low: low, high: high)
            if abs(next - x) <= 1e-15 * x { return next }
            x = next
        }
        return x
    }

    /// x with Q(a, x) = q, accurate where q is tiny (the far upper tail), which inverting
    /// P(a, x) = 1 - q cannot resolve in double precision.
    static func inverseRegularizedGammaQ(_ a: Double, _ q: Double) -> Double {
        if q >= 1 { return 0 }
        if q <= 0 { return .infinity }
        if q > 0.5 { return inverseRegularizedGammaP(a, 1 - q) }
        let gln = logGamma(a)
        let z = -NormalQuantile.standard(q)
        var x = max(1e-3, a * pow(max(1e-3, 1 - 1 / (9 * a) + z / (3 * a.squareRoot())), 3))
        var low = 0.0, high = Double.infinity
        for _ in 0..<300 {
            // f(x) = q - Q(a, x) increases with x, like P(a, x) - p.
            let error = q - regularizedGammaQ(a, x)
            if error < 0 { low = x } else { high = x }
            let density = exp(-x + (a - 1) * log(x) - gln)
            let next = safeguardedStep(x: x, error: error, density: density, curvature: (a - 1) / x - 1, low: low, high: high)
            if abs(next - x) <= 1e-15 * x { return next }
            x = next
        }
        return x
    }

    /// One Halley step for f(x) = F(x) - p, falling back to Newton when the correction is
    /// extreme (far in a tail, where the density underflows) and to bisection of the
    /// bracket [low, high] when the step leaves it, so the iteration cannot stall.
    static func safeguardedStep(x: Double, error: Double, density: Double, curvature: Double,
                                        low: Double, high: Double) -> Double {
        var next = Double.nan
        if density > 0 && density.isFinite {
            let u = error / density
            let correction = 1 - 0.5 * min(1, u * curvature)
            next = x - (correction > 0.5 && correction < 2 ? u / correction : u)
        }
        if next > low && next < high { return next }
        return high.isFinite ? 0.5 * (low + high) : max(2 * x, x + 1)
    }

    /// log B(a, b).
    static func logBeta(_ a: Double, _ b: Double) -> Double {
        logGamma(a) + logGamma(b) - logGamma(a + b)
    }

    /// I_x(a, b); pass `logBeta` when calling repeatedly with one (a, b).
    static func regularizedBeta(_ a: Double, _ b: Double, _ x: Double, logBeta lb: Double? = nil) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let front = exp(a * log(x) + b * log1p(-x) - (lb ?? logBeta(a, b)))
        if x < (a + 1) / (a + b + 2) {
            return front * betaContinuedFraction(a, b, x) / a
        }
        return 1 - front * betaContinuedFraction(b, a, 1 - x) / b
    }

    private static func betaContinuedFraction(_ a: Double, _ b: Double, _ x: Double) -> Double {
        let tiny = 1e-300
        let qab = a + b, qap = a + 1, qam = a - 1
        var c = 1.0, d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...100_000 {
            let m = Double(m), m2 = 2 * m
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return h
    }

    /// x with I_x(a, b) = p: Halley steps from a normal or power-law start, bracketed.
    static func inverseRegularizedBeta(_ a: Double, _ b: Double, _ p: Double) -> Double {
        if p <= 0 { return 0 }
        if p >= 1 { return 1 }
        var x: Double
        if a >= 1 && b >= 1 {
            let pp = p < 0.5 ? p : 1 - p
            let t = (-2 * log(pp)).squareRoot()
            var z = (2.30753 + t * 0.27061) / (1 + t * (0.99229 + t * 0.04481)) - t
            if p < 0.5 { z = -z }
            let al = (z * z - 3) / 6
            let h = 2 / (1 / (2 * a - 1) + 1 / (2 * b - 1))
            let w = z * (al + h).squareRoot() / h - (1 / (2 * b - 1) - 1 / (2 * a - 1)) * (al + 5.0 / 6 - 2 / (3 * h))
            x = a / (a + b * exp(2 * w))
        } else {
            let lna = log(a / (a + b)), lnb = log(b / (a + b))
            let t = exp(a * lna) / a, u = exp(b * lnb) / b, w = t + u
            x = p < t / w ? pow(a * w * p, 1 / a) : 1 - pow(b * w * (1 - p), 1 / b)
        }
        var low = 0.0, high = 1.0
        let lb = logBeta(a, b), afac = -lb
        for _ in 0..<300 {
            if x <= low || x >= high || !x.isFinite { x = 0.5 * (low + high) }
            let error = regularizedBeta(a, b, x, logBeta: lb) - p
            if error == 0 { return x }
            if error < 0 { low = x } else { high = x }
            let density = exp((a - 1) * log(x) + (b - 1) * log1p(-x) + afac)
            let next = safeguardedStep(x: x, error: error, density: density, curvature: (a - 1) / x - (b - 1) / (1 - x),
                                       low: low, high: high)
            if abs(next - x) <= 1e-15 * x || high - low <= 1e-16 * x { return next }
            x = next
        }
        return x
    }
}
