/// `fulcrum stress`: the odds of hitting a target, what drives a miss, how shocks move the
/// odds, and what would have to be true to reach given odds.
public struct StressTest: Sendable {
    public struct PlanResult: Sendable {
        public var name: String
        public var roadmap: Roadmap
        public var probTarget: Double
        /// E[max(0, target - value)].
        public var expectedShortfall: Double
        /// P(value < target - 10% of |target|).
        public var probMissByTenPercent: Double
    }

    public struct Driver: Sendable {
        public var name: String
        /// P(hit) in each quintile of the quantity, lowest first.
        public var probTargetByQuintile: [Double]
        /// Standardised regression coefficient of the primary metric on the quantity.
        public var coefficient: Double
    }

    /// A `--shock`: an input's (or effect's) draws scaled or set.
    public struct Shock: Sendable {
        public var name: String
        /// A relative change (-0.2 for -20%), or nil when `value` sets the draws.
        public var relative: Double?
        public var value: Double?

        public init(name: String, relative: Double? = nil, value: Double? = nil) {
            self.name = name
            self.relative = relative
            self.value = value
        }

        public var label: String {
            if let relative { return "\(name) \(relative >= 0 ? "+" : "")\(NumberFormat.percent(relative))" }
            return "\(name) = \(NumberFormat.auto(value ?? 0))"
        }
    }

    /// P(hit) of every plan under one shock (or none, or all together).
    public struct ShockColumn: Sendable {
        public var label: String
        public var probTarget: [Double]
    }

    /// The reverse stress test.
    public struct Solution: Sendable {
        /// The input (relative shift of its draws) or feature (scale of its effects) solved for.
        public var name: String
        public var isFeature: Bool
        /// Relative shift s (draws times 1 + s) for an input; effect scale for a feature.
        public var shift: Double
        public var probTarget: Double
        public var requested: Double
    }

    public var scenario: Scenario
    public var samples: Int
    public var seed: UInt64
    public var target: Double
    public var plans: [PlanResult]
    /// The plan whose drivers, shocks and solution are reported in detail.
    public var reference: String
    public var drivers: [Driver]
    public var shocks: [ShockColumn]
    public var solution: Solution?
}

public struct StressError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
