import COpenBLAS

/// Solves A x = b for symmetric positive definite A (lower triangle used), by Cholesky:
/// LAPACK `dpotrf` then `dpotrs`. The normal equations of a least-squares fit are such a
/// system.
public func solvePositiveDefinite(_ a: Matrix, _ b: [Double]) throws(LAPACKError) -> [Double] {
    precondition(a.rows == a.columns && a.rows == b.count, "solvePositiveDefinite needs a square system")
    let factor = try cholesky(a)
    var n = try blasint(exactly: a.rows)
    var one: Int32 = 1
    var lda = max(1, n), ldb = max(1, n)
    var info: Int32 = 0
    var uplo = CChar(UInt8(ascii: "L"))
    var x = b
    factor.elements.withUnsafeBufferPointer { f in
        x.withUnsafeMutableBufferPointer { xs in
            dpotrs_(&uplo, &n, &one, f.baseAddress, &lda, xs.baseAddress, &ldb, &info)
        }
    }
    if info < 0 { throw .illegalArgument(routine: "dpotrs", argument: Int(-info)) }
    return x
}
