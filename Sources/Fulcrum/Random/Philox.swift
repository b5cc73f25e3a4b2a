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

extension Philox {
    /// The first uniform of one variable's stream in each of `count` consecutive samples:
    /// what `RandomStream(...).nextUniform()` gives each, computed for eight samples at a
    /// time in SIMD lanes (the 32 × 32 → 64-bit products map to `vpmuludq`).
    func firstUniforms(variable: UInt32, firstSample: Int, count: Int, into out: UnsafeMutablePointer<Double>) {
        let lanes = SIMD8<UInt64>(0, 1, 2, 3, 4, 5, 6, 7)
        var j = 0
        while j + 8 <= count {
            let sample = SIMD8<UInt64>(repeating: UInt64(truncatingIfNeeded: firstSample + j)) &+ lanes
            var x0 = SIMD8<UInt32>(truncatingIfNeeded: sample)
            var x1 = SIMD8<UInt32>(truncatingIfNeeded: sample &>> 32)
            var x2 = SIMD8<UInt32>(repeating: variable)
            var x3 = SIMD8<UInt32>(repeating: 0)
            var (k0, k1) = key
            for round in 0..<10 {
                if round > 0 {
                    k0 &+= 0x9E37_79B9
                    k1 &+= 0xBB67_AE85
                }
                let p0 = SIMD8<UInt64>(truncatingIfNeeded: x0) &* 0xD251_1F53
                let p1 = SIMD8<UInt64>(truncatingIfNeeded: x2) &* 0xCD9E_8D57
                (x0, x1, x2, x3) = (SIMD8<UInt32>(truncatingIfNeeded: p1 &>> 32) ^ x1 ^ k0, SIMD8<UInt32>(truncatingIfNeeded: p1),
                                    SIMD8<UInt32>(truncatingIfNeeded: p0 &>> 32) ^ x3 ^ k1, SIMD8<UInt32>(truncatingIfNeeded: p0))
            }
            let bits = (SIMD8<UInt64>(truncatingIfNeeded: x0) &<< 32 | SIMD8<UInt64>(truncatingIfNeeded: x1)) &>> 11
            for lane in 0..<8 { out[j + lane] = (Double(bits[lane]) + 0.5) * 0x1p-53 }
            j += 8
        }
        for j in j..<count {
            let sample = firstSample + j
            let (a, b, _, _) = block(UInt32(truncatingIfNeeded: sample), UInt32(truncatingIfNeeded: sample >> 32), variable, 0)
            out[j] = Philox.unitInterval(a, b)
        }
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
