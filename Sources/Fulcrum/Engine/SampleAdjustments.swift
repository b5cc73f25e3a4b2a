/// Changes to the sample level of a run, for the stress and sensitivity analyses.
struct SampleAdjustments: Sendable {
    /// A change to one value's draws, applied right after they are drawn, so that inputs
    /// computed from a shocked input see the shock: the assumption itself has changed.
    enum Shock: Sendable, Equatable {
        /// x becomes x * factor: `traffic=-20%` is a factor of 0.8.
        case scale(Double)
        /// x becomes a fixed value.
        case set(Double)

        func apply(_ values: UnsafeMutablePointer<Double>, _ n: Int) {
            switch self {
            case .scale(let factor): for j in 0..<n { values[j] *= factor }
            case .set(let value): values.update(repeating: value, count: n)
            }
        }
    }

    /// By sample-level slot (an input's draw, an effect's magnitude).
    var shocks: [Int: Shock] = [:]
    /// Slots whose random draws come from a second seed: how Saltelli's A_B matrices
    /// take one factor from sample B and the rest from sample A, on a counter-based
    /// generator.
    var alternateSeed: UInt64?
    var alternateSlots: Set<Int> = []
}
