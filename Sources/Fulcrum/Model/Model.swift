/// A scenario compiled for evaluation over blocks of samples.
///
/// Nodes are numbered inputs first, then metrics. Everything drawn once per sample (inputs,
/// effect magnitudes, initial values, success) is a sample-level program, run once per
/// block; metric programs run per period.
public struct Model: Sendable {
    public struct Node: Sendable {
        public var name: String
        public var isInput: Bool
        /// Read as `name[t-k]` somewhere, so every period's value must be kept.
        var isLagged: Bool
        /// The formula itself changes with time (uses `t` or reads a lag).
        var formulaVaries: Bool
        /// Nodes read in the same period, for metrics.
        var reads: [Int]
        /// Nodes read with a lag.
        var lagReads: [Int]
        var program: Program?
        /// Sample-level slot of the initial value, for lagged metrics.
        var initialSlot: Int?
        var unit: String?
        /// For a hidden node lifted out of a metric's formula, that metric's name.
        var hiddenIn: String?
        /// Limits the value is clamped to after effects, -inf and inf for an open side.
        var bounds: (lower: Double, upper: Double)?

        /// A metric of the scenario, as opposed to an input or a hidden part of a formula.
        public var isMetric: Bool { !isInput && hiddenIn == nil }
        /// The name to show in messages.
        public var displayName: String { hiddenIn ?? name }
    }

    public struct FeatureEffect: Sendable {
        var node: Int
        var kind: Effect.Kind
        /// Sample-level slot holding the magnitude.
        var magnitudeSlot: Int
        /// The share felt in each period 0...horizon (0 in period 0), by the effect's shape.
        var weights: [Double]
    }

    public struct CompiledFeature: Sendable {
        public var id: String
        var successSlot: Int
        var successVariable: UInt32
        var success: Double
        var launch: Int
        var effects: [FeatureEffect]
        /// Features (by index) that must work for this one to work, transitively
        /// (`requires_working`).
        var worksOnlyWith: [Int]

        /// Whether the feature can have changed anything by period t: from its launch on, even
        /// when an effect is a one-off whose weight is 0 again (a stock carries it forward).
        func hasLaunched(by t: Int) -> Bool { t >= 1 && t >= launch }
    }

    /// A sample-level computation: its program writes slot `slot`.
    struct SampleStep: Sendable {
        var slot: Int
        var program: Program
        /// What the value is, for error messages ("input 'traffic'").
        var what: String
    }

    public let scenario: Scenario
    public let nodes: [Node]
    /// Metric nodes in an order where each comes after what it reads in the same period.
    let evaluationOrder: [Int]
    public let features: [CompiledFeature]
    /// Each feature id's index in `features` (the scenario's order): schedules of thousands
    /// of roadmaps look them up.
    let featurePositions: [String: Int]
    /// Inputs first (in dependency order), then initial values and effect magnitudes.
    let sampleSteps: [SampleStep]
    /// Input node i's untreated draw is sample-level slot `inputSlots[i]`; for a series, the
    /// value before period 1 (its last element).
    let inputSlots: [Int]
    /// Each element of each series input (`seasonality[3]`) and its sample-level slot.
    let seriesElements: [(name: String, slot: Int)]
    let sampleSlotCount: Int
    let correlation: CorrelationStructure?
    public let primaryNode: Int
    public let periodWeights: [Double]

    public var horizon: Int { scenario.horizon }

    public func node(named name: String) -> Int? { nodes.firstIndex { $0.name == name } }

    public func featureIndex(_ id: String) -> Int? { featurePositions[id] }
}

/// Rank-correlated variables: their normal scores are independent draws times Lᵀ.
struct CorrelationStructure: Sendable {
    /// Variable ids, one per column.
    var variables: [UInt32]
    /// Lower Cholesky factor of the normal-copula correlation matrix.
    var factor: Matrix
}
