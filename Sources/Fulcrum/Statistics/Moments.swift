import Foundation

/// Count, mean and sum of squared deviations (Welford), mergeable with Chan's formula.
///
/// Finance partners put numbers of any size in a scenario, so nothing here may overflow
/// before the statistic itself does: a block's mean is taken relative to its first value
/// (a constant block has its exact mean and zero spread), and where squared deviations would
/// overflow or underflow they are kept scaled by a power of two (`m2 = scaledM2 * 4^scale`),
/// so a spread of 1e200 has a finite sd. Halving before subtracting keeps the difference of
/// two huge values finite too. Ordinary values take the plain two-pass path.
public struct Moments: Sendable, Equatable, Codable {
    public private(set) var count = 0
    public private(set) var mean = 0.0
    private var scaledM2 = 0.0
    private var scale = 0

    public init() {}

    public mutating func add(_ x: Double) {
        var single = Moments()
        single.count = 1
        single.mean = x
        merge(single)
    }

    public mutating func add(_ values: UnsafeBufferPointer<Double>) {
        guard let base = values.baseAddress, !values.isEmpty else { return }
        // Eight running sums break the chain of dependent additions so that they vectorise.
        // Deviations from the first value make a constant block's mean exact.
        let shift = base[0], n = values.count
        var block = Moments()
        block.count = n
        let offset = Self.sum(base, n) { $0 - shift }
        if offset.isFinite {
            block.mean = shift + offset / Double(n)
            let mean = block.mean
            let m2 = Self.sum(base, n) { ($0 - mean) * ($0 - mean) }
            // The common case: squares neither overflow nor lose their digits to underflow.
            if m2.isFinite && m2 > 1e-250 {
                block.scaledM2 = m2
                merge(block)
                return
            }
        } else {
            // Values so far apart that their difference overflows: halve before subtracting.
            let down = Double(sign: .plus, exponent: -(Int.bitWidth - n.leadingZeroBitCount), significand: 1)
            let halfOffset = Self.sum(base, n) { ($0 * 0.5 - shift * 0.5) * down } / (down * Double(n))
            block.mean = (shift * 0.5 + halfOffset) * 2
        }
        let half = block.mean * 0.5
        let largest = Self.largestMagnitude(base, n) { $0 * 0.5 - half }
        if largest > 0 {
            block.scale = largest.exponent + 1
            let factor = Double(sign: .plus, exponent: -block.scale, significand: 1)
            block.scaledM2 = Self.sum(base, n) {
                let d = ($0 * 0.5 - half) * factor
                return d * d
            } * 4
        }
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

    @inline(__always)
    private static func largestMagnitude(_ x: UnsafePointer<Double>, _ n: Int, _ term: (SIMD8<Double>) -> SIMD8<Double>) -> Double {
        let raw = UnsafeRawPointer(x)
        var lanes = SIMD8<Double>.zero
        var i = 0
        while i + 8 <= n {
            let t = term(raw.loadUnaligned(fromByteOffset: i * 8, as: SIMD8<Double>.self))
            lanes = pointwiseMax(lanes, pointwiseMax(t, -t))
            i += 8
        }
        var result = lanes.max()
        while i < n {
            result = Swift.max(result, abs(term(SIMD8(repeating: x[i]))[0]))
            i += 1
        }
        return result
    }

    public mutating func merge(_ other: Moments) {
        guard other.count > 0 else { return }
        guard count > 0 else { self = other; return }
        let total = count + other.count
        let (a, b, n) = (Double(count), Double(other.count), Double(total))
        let halfDelta = other.mean * 0.5 - mean * 0.5
        // The common case, Chan's formula as it stands: nothing scaled, nothing near overflow.
        if scale == 0 && other.scale == 0 && abs(halfDelta) < 1e100 {
            let delta = halfDelta * 2
            scaledM2 += other.scaledM2 + delta * delta * (a * b / n)
            mean += delta * (b / n)
            count = total
            return
        }
        // Only a non-zero part may set the scale: a constant block must not flush a tiny spread to zero.
        var newScale = Int.min
        if scaledM2 != 0 { newScale = scale }
        if other.scaledM2 != 0 { newScale = Swift.max(newScale, other.scale) }
        if halfDelta != 0 { newScale = Swift.max(newScale, halfDelta.exponent + 2) }
        guard newScale != Int.min else {
            count = total
            return
        }
        func rescaled(_ m2: Double, from scale: Int) -> Double {
            m2 == 0 ? 0 : m2 * Double(sign: .plus, exponent: 2 * (scale - newScale), significand: 1)
        }
        let scaledDelta = halfDelta == 0 ? 0 : halfDelta * Double(sign: .plus, exponent: 1 - newScale, significand: 1)
        scaledM2 = rescaled(scaledM2, from: scale) + rescaled(other.scaledM2, from: other.scale)
            + scaledDelta * scaledDelta * (a * b / n)
        scale = newScale
        // The new mean lies between the two, so each half-step stays finite.
        let step = halfDelta * (b / n)
        mean = mean + step + step
        count = total
    }

    /// Sample variance (n - 1 denominator); infinite when the spread's square overflows.
    public var variance: Double { count > 1 ? scaledM2 / Double(count - 1) * Double(sign: .plus, exponent: 2 * scale, significand: 1) : 0 }
    public var sd: Double {
        count > 1 ? (scaledM2 / Double(count - 1)).squareRoot() * Double(sign: .plus, exponent: scale, significand: 1) : 0
    }
    /// Monte Carlo standard error of the mean.
    public var mcse: Double { count > 0 ? sd / Double(count).squareRoot() : 0 }
}
