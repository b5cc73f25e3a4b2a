import Foundation

/// A scenario as written, typed and checked: every name resolves, every number is in range.
public struct Scenario: Sendable {
    public var file: String
    public var name: String
    public var description: String?
    public var horizon: Int
    /// The label of one period: `month`, `week`, `quarter`.
    public var period: String
    public var samples: Int
    public var seed: UInt64
    /// The goal every analysis judges roadmaps by: `primary` as written, or the named goal
    /// it points at, or the one `--goal` chose.
    public var primary: Primary
    /// Named goals (`goals:`), in file order; empty in a version 1 file.
    public var goals: [Goal] = []
    /// SHA-256 of the text loaded, for provenance.
    public var sourceSHA256 = ""
    /// The dimensions inputs and metrics may vary along (`segments:`); empty when none.
    public var dimensions: [Dimension] = []
    /// The `features_from` tables read, for provenance: a result depends on them as much as
    /// on the scenario's own text.
    public var tables: [Table] = []
    /// What is valid and probably wrong (`40-60` for a range, a lift of 5 for 5%, ...).
    public var warnings: [Diagnostic] = []
    public var inputs: [Input]
    public var correlations: [Correlation]
    public var metrics: [Metric]
    public var features: [Feature]
    /// Effort available to a roadmap (`budget: 16`, or the `effort` of the mapping form).
    public var budget: Double?
    /// Money available to build a roadmap (`budget: {cost: 150000}`): the sum of its
    /// features' `cost` may not exceed it.
    public var costBudget: Double? = nil
    /// When period 1 begins (`start`), if the scenario says.
    public var calendar: ScenarioCalendar? = nil
    public var plans: [Plan]

    public struct Table: Sendable {
        public var file: String
        public var sha256: String
    }

    public func input(named name: String) -> Input? { inputs.first { $0.name == name } }

    /// The inputs a name given on the command line means: the input itself (`traffic[de]`,
    /// spaces as written or not), or every segment of a segmented input (`traffic`).
    func inputIndices(named written: String) -> [Int] {
        let name = SegmentName.canonical(written)
        let exact = inputs.indices.filter { inputs[$0].name == name }
        return exact.isEmpty ? inputs.indices.filter { SegmentName.parse(inputs[$0].name).base == name } : exact
    }
    public func metric(named name: String) -> Metric? { metrics.first { $0.name == name } }
    public func feature(withID id: String) -> Feature? { features.first { $0.id == id } }
    public func plan(named name: String) -> Plan? { plans.first { $0.name == name } }
    public func goal(named name: String) -> Goal? { goals.first { $0.name == name } }

    /// Inputs and metrics: the names a formula may use.
    public var nodeNames: [String] { inputs.map(\.name) + metrics.map(\.name) }
}

/// An expression together with where it was written.
public struct Formula: Sendable {
    public var text: String
    public var expression: Expression
    public var scalar: DocumentNode.Scalar

    public func location(of node: Expression) -> SourceLocation {
        scalar.location(ofOffset: node.offset)
    }

    public var location: SourceLocation { scalar.location }
}

public struct Input: Sendable {
    public var name: String
    /// The expression; for a series, its text is the list and its expression the first element's.
    public var formula: Formula
    public var location: SourceLocation
    /// A series (`[0.9, 1.1, ...]`): one value per period, element ((t - 1) mod count) + 1,
    /// each element its own random variable; nil for an input drawn once per sample.
    public var series: [Formula]?

    /// Every expression the input is made of: its formula, or each element of a series.
    public var elements: [Formula] { series ?? [formula] }
}

public struct Metric: Sendable {
    public var name: String
    public var formula: Formula
    /// The value before period 1, for metrics read with a lag.
    public var initial: Formula?
    public var unit: String?
    public var location: SourceLocation
    /// Limits the value is clamped to after effects (`bounds: [0, 1]`); nil when unbounded.
    public var bounds: Bounds?
}

/// A metric's limits: a share cannot pass 100% however many features lift it.
public struct Bounds: Sendable, Equatable {
    public var lower: Double?
    public var upper: Double?
    public var location: SourceLocation
}

public enum Aggregate: String, Sendable, CaseIterable {
    case sum, mean, last, npv
}

public struct Primary: Sendable {
    /// The name of the goal this is, when it came from `goals:`.
    public var goal: String?
    public var metric: String
    public var metricLocation: SourceLocation
    public var aggregate: Aggregate
    /// Per-period discount rate, for `npv`.
    public var discount: Double?
    public var target: Double?
    public var unit: String?

    /// The weight of each period 1...horizon in the aggregate: every aggregate is a
    /// weighted sum of the per-period values, which keeps the engine's inner loop uniform.
    /// With a shorter `horizon`, the weights of the aggregate truncated there.
    public func periodWeights(horizon: Int) -> [Double] {
        (1...horizon).map { t in
            switch aggregate {
            case .sum: 1
            case .mean: 1 / Double(horizon)
            case .last: t == horizon ? 1 : 0
            case .npv: 1 / pow1p(discount ?? 0, t)
            }
        }
    }
}

private func pow1p(_ rate: Double, _ t: Int) -> Double {
    var value = 1.0
    for _ in 0..<t { value *= 1 + rate }
    return value
}

/// A named goal: the keys of `primary`, under a name that `primary: NAME` and `--goal NAME` use.
public struct Goal: Sendable {
    public var name: String
    public var primary: Primary
    public var location: SourceLocation
}

public struct Correlation: Sendable {
    /// An input name or `feature_id.target` for an effect magnitude.
    public var first: String
    public var second: String
    /// Spearman rank correlation.
    public var rho: Double
    public var location: SourceLocation
    public var firstLocation: SourceLocation
    public var secondLocation: SourceLocation
}

public struct Feature: Sendable {
    public var id: String
    public var title: String
    public var effort: Double
    public var focus: String?
    public var launch: Int
    public var ramp: Int
    public var success: Double
    public var requires: [String]
    public var excludes: [String]
    public var effects: [Effect]
    public var location: SourceLocation
    /// Where each id of `requires` and `excludes` is written ("requires platform"), so that
    /// an error points at the id, not at the feature.
    var referenceLocations: [String: SourceLocation] = [:]

    /// Features this one works only with (`requires_working`): in a sample where one of
    /// them fails, this one fails too. Each is also in `requires`.
    public var worksOnlyWith: [String] = []
    /// Money spent to build it (the mean of its `cost` expression); nil when not given.
    public var cost: Double?

    /// The share of `effect` felt in period t. Ramped: clamp((t - launch + 1) / ramp, 0, 1);
    /// fading, that times 0.5^(max(0, t - (launch + ramp - 1)) / half_life); a one-off, 1 in
    /// the launch period and 0 in every other.
    public func weight(of effect: Effect, inPeriod t: Int) -> Double {
        if effect.once { return t == launch ? 1 : 0 }
        let ramped = min(1, max(0, Double(t - launch + 1) / Double(ramp)))
        guard let halfLife = effect.halfLife, ramped > 0 else { return ramped }
        return ramped * pow(0.5, Double(max(0, t - (launch + ramp - 1))) / halfLife)
    }
}

public struct Effect: Sendable {
    public enum Kind: String, Sendable { case lift, delta }
    public var target: String
    public var kind: Kind
    public var magnitude: Formula
    public var location: SourceLocation
    /// Felt only in the launch period: a one-off into a stock (a migration of customers).
    public var once = false
    /// Periods in which the effect halves once at full strength; nil for a lasting effect.
    public var halfLife: Double?
    /// For an effect on every segment of a name (`traffic`), the target as written: every
    /// segment's copy draws its magnitude under it, so all segments share one draw.
    public var drawKey: String?
}

public struct Plan: Sendable {
    public var name: String
    public var features: [String]
    public var location: SourceLocation
}
