import Foundation

/// The standard normal distribution function and its inverse.
public enum NormalQuantile {
    /// Wichura's AS 241 (PPND16): relative accuracy about 1e-16 on (0, 1).
    public static func standard(_ p: Double) -> Double {
        let q = p - 0.5
        return abs(q) <= 0.425 ? central(q) : tail(p, q)
    }

    /// `standard` over a block: the central branch (85% of draws) for every value first,
    /// without branches so that it vectorises, then the tails one by one. The numbers are
    /// the scalar function's exactly. `out` must not overlap `p`.
    public static func standard(_ p: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>, count: Int) {
        var tails = 0
        for j in 0..<count {
            let q = p[j] - 0.5
            tails &+= abs(q) <= 0.425 ? 0 : 1
            out[j] = abs(q) <= 0.425 ? central(q) : p[j]
        }
        guard tails > 0 else { return }
        for j in 0..<count where abs(p[j] - 0.5) > 0.425 {
            out[j] = tail(p[j], p[j] - 0.5)
        }
    }

    @inline(__always)
    private static func central(_ q: Double) -> Double {
        let r = 0.180625 - q * q
        let num = (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r
            + 45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r
            + 133.14166789178437745) * r + 3.387132872796366608)
        let den = (((((((5226.495278852545925 * r + 28729.085735721942674) * r + 39307.89580009271061) * r
            + 21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r
            + 42.313330701600911252) * r + 1.0)
        return q * num / den
    }

    private static func tail(_ p: Double, _ q: Double) -> Double {
        var r = q < 0 ? p : 1 - p
        if r <= 0 { return q < 0 ? -.infinity : .infinity }
        r = (-log(r)).squareRoot()
        var value: Double
        if r <= 5 {
            r -= 1.6
            value = (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r
                + 1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r
                + 4.6303378461565452959) * r + 1.42343711074968357734)
                / (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r
                + 0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r
                + 2.05319162663775882187) * r + 1.0)
        } else {
            r -= 5
            value = (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r
                + 0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r
                + 5.4637849111641143699) * r + 6.6579046435011037772)
                / (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r
                + 7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r
                + 0.59983220655588793769) * r + 1.0)
        }
        return q < 0 ? -value : value
    }

    /// Φ(z), through the complementary error function for accuracy in the tails.
    public static func cdf(_ z: Double) -> Double {
        0.5 * erfc(-z / 2.0.squareRoot())
    }

    /// The z with Φ(z) = 0.95: the half-width of a 90% interval in standard deviations.
    public static let z95 = 1.6448536269514722
}
