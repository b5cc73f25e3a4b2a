/// A forecast as recorded: what was believed (the scenario's text and hash), about which
/// roadmap and goal, from which draws, and the forecast of every metric in every period
/// as its mean, sd and 1st to 99th percentiles.
public struct ForecastRecord: Sendable {
    /// One metric (one segment) in one period.
    public struct Cell: Sendable, Equatable {
        public var metric: String
        public var t: Int
        public var mean: Double
        public var sd: Double
        /// The 1st, 2nd, ..., 99th percentiles.
        public var percentiles: [Double]

        public init(metric: String, t: Int, mean: Double, sd: Double, percentiles: [Double]) {
            (self.metric, self.t, self.mean, self.sd, self.percentiles) = (metric, t, mean, sd, percentiles)
        }

        public func percentile(_ k: Int) -> Double { percentiles[k - 1] }
    }

    public var id: Int64 = 0
    public var scenario: String
    public var created: String = ""
    public var label: String?
    public var file: String
    public var sha256: String
    public var text: String
    /// The plan's name ("baseline", a plan, or ids joined by +) and its features.
    public var plan: String
    public var roadmap: [String]
    public var goal: String
    public var aggregate: String
    public var target: Double?
    public var horizon: Int
    public var period: String
    public var seed: UInt64
    public var samples: Int
    public var version: String
    public var goalMean: Double
    public var goalSD: Double
    public var probTarget: Double?
    /// Feature ids in the order the ranking put them when recorded.
    public var ranking: [String]
    /// The best roadmap within budget then, and its expected uplift, when there was a budget.
    public var bestRoadmap: [String]?
    public var bestUplift: Double?
    /// The recorded roadmap's expected uplift over the baseline, and its efficiency against the
    /// best roadmap of the same effort (`align`), when it has features and there was a budget.
    public var planUplift: Double?
    public var planEfficiency: Double?
    /// Loaded only with `Ledger.record(id:)`.
    public var cells: [Cell] = []

    /// The percentile levels stored per cell.
    public static let levels = (1...99).map { Double($0) / 100 }
}
