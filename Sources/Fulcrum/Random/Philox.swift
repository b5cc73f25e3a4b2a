/// Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC'11).
///
/// Counter-based: the output is a pure function of (key, counter), so the draw for sample
/// i of random variable v never depends on which thread or block computed it.
public struct Philox: Sendable {
    public var key: (UInt32, UInt32)

    public init(seed: UInt64) {
        key = (UInt32(truncatingIfNeeded: seed), UInt32(truncatingIfNeeded: seed >> 32))
    }

    @inlinable
    public func block(_ c0: UInt32, _ c1: UInt32, _ c2: UInt32, _ c3: UInt32) -> (UInt32, UInt32, UInt32, UInt32) {
        var (x0, x1, x2, x3) = (c0, c1, c2, c3)
        var (k0, k1) = key
        for round in 0..<10 {
            if round > 0 {
                k0 &+= 0x9E37_79B9
                k1 &+= 0xBB67_AE85
            }
            let p0 = UInt64(0xD251_1F53) &* UInt64(x0)
            let p1 = UInt64(0xCD9E_8D57) &* UInt64(x2)
            (x0, x1, x2, x3) = (UInt32(truncatingIfNeeded: p1 >> 32) ^ x1 ^ k0, UInt32(truncatingIfNeeded: p1),
                                UInt32(truncatingIfNeeded: p0 >> 32) ^ x3 ^ k1, UInt32(truncatingIfNeeded: p0))
        }
        return (x0, x1, x2, x3)
    }

    /// A double in the open interval (0, 1) from 53 random bits: never 0 or 1, so inverse
    /// distribution functions stay finite.
    @inlinable
    public static func unitInterval(_ high: UInt32, _ low: UInt32) -> Double {
        let bits = ((UInt64(high) << 32) | UInt64(low)) >> 11
        return (Double(bits) + 0.5) * 0x1p-53
    }
}

/// The uniforms of one random variable in one sample: draw d uses counter (sample, variable, d).
public struct RandomStream {
    @usableFromInline let generator: Philox
    @usableFromInline let sampleLow: UInt32, sampleHigh: UInt32, variable: UInt32
    @usableFromInline var draw: UInt32 = 0
    @usableFromInline var spare: Double?

    @inlinable
    public init(generator: Philox, sample: Int, variable: UInt32) {
        self.generator = generator
        self.sampleLow = UInt32(truncatingIfNeeded: sample)
        self.sampleHigh = UInt32(truncatingIfNeeded: sample >> 32)
        self.variable = variable
    }

    @inlinable
    public mutating func nextUniform() -> Double {
        if let spare {
            self.spare = nil
            return spare
        }
        let (a, b, c, d) = generator.block(sampleLow, sampleHigh, variable, draw)
        draw &+= 1
        spare = Philox.unitInterval(c, d)
        return Philox.unitInterval(a, b)
    }

    @inlinable
    public mutating func nextNormal() -> Double {
        NormalQuantile.standard(nextUniform())
    }
}
