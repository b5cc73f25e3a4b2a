/// Count, mean and sum of squared deviations (Welford), mergeable with Chan's formula.
public struct Moments: Sendable, Equatable {
    public private(set) var count = 0
    public private(set) var mean = 0.0
    private var m2 = 0.0

    public init() {}

    public mutating func add(_ x: Double) {
        count += 1
        let delta = x - mean
        mean += delta / Double(count)
        m2 += delta * (x - mean)
    }

    public mutating func add(_ values: UnsafeBufferPointer<Double>) {
        var block = Moments()
        // Two passes over a block are exact enough and vectorise; merge keeps the total stable.
        guard !values.isEmpty else { return }
        var sum = 0.0
        for x in values { sum += x }
        let blockMean = sum / Double(values.count)
        var squares = 0.0
        for x in values { squares += (x - blockMean) * (x - blockMean) }
        block.count = values.count
        block.mean = blockMean
        block.m2 = squares
        merge(block)
    }

    public mutating func merge(_ other: Moments) {
        guard other.count > 0 else { return }
        guard count > 0 else { self = other; return }
        let total = count + other.count
        let delta = other.mean - mean
        mean += delta * Double(other.count) / Double(total)
        m2 += other.m2 + delta * delta * Double(count) * Double(other.count) / Double(total)
        count = total
    }

    /// Sample variance (n - 1 denominator).
    public var variance: Double { count > 1 ? m2 / Double(count - 1) : 0 }
    public var sd: Double { variance.squareRoot() }
    /// Monte Carlo standard error of the mean.
    public var mcse: Double { count > 0 ? sd / Double(count).squareRoot() : 0 }
}
