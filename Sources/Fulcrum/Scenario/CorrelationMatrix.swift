import Foundation

enum CorrelationMatrix {
    /// The normal-copula correlation whose rank (Spearman) correlation is `rho`:
    /// r = 2 sin(pi rho / 6) (Pearson 1907); marginals are then applied by their quantiles.
    static func pearson(fromSpearman rho: Double) -> Double {
        2 * sin(Double.pi * rho / 6)
    }
}
