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
        guard let base = values.baseAddress, !values.isEmpty else { return }
        // Two passes over a block are exact enough; eight running sums break the chain of
        // dependent additions so that they vectorise, and merge keeps the total stable.
        let blockMean = Self.sum(base, values.count) { $0 } / Double(values.count)
        var block = Moments()
        block.count = values.count
        block.mean = blockMean
        block.m2 = Self.sum(base, values.count) { ($0 - blockMean) * ($0 - blockMean) }
        merge(block)
    }

    @inline(__always)
    private static func sum(_ x: UnsafePointer<Double>, _ n: Int, _ term: (SIMD8<Double>) -> SIMD8<Double>) -> Double {
        let raw = UnsafeRawPointer(x)
        var lanes = SIMD8<Double>.zero
        var i = 0
        while i + 8 <= n {
            lanes += term(raw.loadUnaligned(fromByteOffset: i * 8, as: SIMD8<Double>.self))
            i += 8
        }
        var total = lanes.sum()
        while i < n {
            total += term(SIMD8(repeating: x[i]))[0]
            i += 1
        }
        return total
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
