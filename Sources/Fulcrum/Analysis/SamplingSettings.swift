/// How many samples, from which seed, on how many threads: what every Monte Carlo
/// analysis needs. The numbers never depend on `threads`.
public struct SamplingSettings: Sendable {
    public var samples: Int
    public var seed: UInt64
    public var threads: Int

    public init(samples: Int, seed: UInt64, threads: Int) {
        self.samples = samples
        self.seed = seed
        self.threads = threads
    }
}
