/// Failures of the LAPACK routines Fulcrum calls, typed rather than `info` integers.
public enum LAPACKError: Error, Equatable, Sendable, Codable {
    /// `dpotrf`: the leading minor of this order (1-based) is not positive definite.
    case notPositiveDefinite(minor: Int)
    /// A dimension does not fit LAPACK's 32-bit `blasint`.
    case sizeOutOfRange(Int)
    /// LAPACK rejected argument number `argument` (a bug in the caller).
    case illegalArgument(routine: String, argument: Int)
}

/// Converts a Swift size to `blasint`, which is 32 bits in Debian's OpenBLAS.
func blasint(exactly value: Int) throws(LAPACKError) -> Int32 {
    guard let converted = Int32(exactly: value) else { throw .sizeOutOfRange(value) }
    return converted
}
