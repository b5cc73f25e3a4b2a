/// An expected value and its Monte Carlo standard error: an uplift, a Shapley value.
public struct MeanEstimate: Sendable, Equatable {
    public var mean: Double
    public var mcse: Double

    public init(mean: Double, mcse: Double) {
        self.mean = mean
        self.mcse = mcse
    }
}
