import Foundation

/// An operand resolved for one block: a vector of samples, or one value for all of them.
struct Lane {
    var vector: UnsafePointer<Double>?
    var scalar: Double

    static func of(_ pointer: UnsafePointer<Double>) -> Lane { Lane(vector: pointer, scalar: 0) }
    static func of(_ value: Double) -> Lane { Lane(vector: nil, scalar: value) }

    @inline(__always)
    subscript(i: Int) -> Double { vector?[i] ?? scalar }
}

/// Element-wise loops, specialised on which operands are vectors so the compiler can
/// vectorise the common cases.
enum VectorKernels {
    @inline(__always)
    static func map(_ n: Int, _ out: UnsafeMutablePointer<Double>, _ a: Lane, _ f: (Double) -> Double) {
        if let pa = a.vector {
            for i in 0..<n { out[i] = f(pa[i]) }
        } else {
            out.update(repeating: f(a.scalar), count: n)
        }
    }

    @inline(__always)
    static func map(_ n: Int, _ out: UnsafeMutablePointer<Double>, _ a: Lane, _ b: Lane, _ f: (Double, Double) -> Double) {
        switch (a.vector, b.vector) {
        case let (pa?, pb?): for i in 0..<n { out[i] = f(pa[i], pb[i]) }
        case let (pa?, nil): let s = b.scalar; for i in 0..<n { out[i] = f(pa[i], s) }
        case let (nil, pb?): let s = a.scalar; for i in 0..<n { out[i] = f(s, pb[i]) }
        case (nil, nil): out.update(repeating: f(a.scalar, b.scalar), count: n)
        }
    }

    /// x ^ y. A whole-number exponent shared by the block (such as `t - 1`) is computed by
    /// repeated squaring, which vectorises and is exact where `pow` is not needed.
    /// An exponent computed from `t` alone (`t - 1`) arrives as a vector of equal values,
    /// and takes the same path.
    static func power(_ n: Int, _ out: UnsafeMutablePointer<Double>, _ base: Lane, _ exponent: Lane) {
        guard let shared = uniformValue(exponent, n), let k = Int(exactly: shared), abs(k) <= 1 << 16, let pa = base.vector else {
            map(n, out, base, exponent) { Foundation.pow($0, $1) }
            return
        }
        var remaining = abs(k)
        // The base is copied before `out` is touched: the destination is often the
        // base's own register.
        var square = [Double](UnsafeBufferPointer(start: pa, count: n))
        out.update(repeating: 1, count: n)
        square.withUnsafeMutableBufferPointer { sq in
            while remaining > 0 {
                if remaining & 1 == 1 { for j in 0..<n { out[j] *= sq[j] } }
                remaining >>= 1
                if remaining > 0 { for j in 0..<n { sq[j] *= sq[j] } }
            }
        }
        if k < 0 { for j in 0..<n { out[j] = 1 / out[j] } }
    }

    /// a × b + c with the product rounded first (never a fused instruction, which would
    /// round once and change results).
    static func multiplyAdd(_ n: Int, _ out: UnsafeMutablePointer<Double>, _ a: Lane, _ b: Lane, _ c: Lane) {
        if let pa = a.vector, let pb = b.vector, let pc = c.vector {
            for i in 0..<n { out[i] = pa[i] * pb[i] + pc[i] }
        } else {
            for i in 0..<n { out[i] = a[i] * b[i] + c[i] }
        }
    }

    /// The lane's value when every sample has the same one.
    private static func uniformValue(_ lane: Lane, _ n: Int) -> Double? {
        guard let values = lane.vector else { return lane.scalar }
        guard n > 0 else { return nil }
        let first = values[0]
        var equal = true
        for j in 1..<max(1, n) { equal = equal && values[j] == first }
        return equal ? first : nil
    }

    static func binary(_ op: BinaryOperator, _ n: Int, _ out: UnsafeMutablePointer<Double>, _ a: Lane, _ b: Lane) {
        switch op {
        case .add: map(n, out, a, b, +)
        case .subtract: map(n, out, a, b, -)
        case .multiply: map(n, out, a, b, *)
        case .divide: map(n, out, a, b, /)
        case .less: map(n, out, a, b) { $0 < $1 ? 1 : 0 }
        case .lessOrEqual: map(n, out, a, b) { $0 <= $1 ? 1 : 0 }
        case .greater: map(n, out, a, b) { $0 > $1 ? 1 : 0 }
        case .greaterOrEqual: map(n, out, a, b) { $0 >= $1 ? 1 : 0 }
        case .equal: map(n, out, a, b) { $0 == $1 ? 1 : 0 }
        case .notEqual: map(n, out, a, b) { $0 != $1 ? 1 : 0 }
        case .and: map(n, out, a, b) { $0 != 0 && $1 != 0 ? 1 : 0 }
        case .or: map(n, out, a, b) { $0 != 0 || $1 != 0 ? 1 : 0 }
        }
    }
}
