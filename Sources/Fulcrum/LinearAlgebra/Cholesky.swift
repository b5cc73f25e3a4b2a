import COpenBLAS

/// The lower Cholesky factor L of a symmetric positive definite matrix A = L Lᵀ, from
/// LAPACK `dpotrf`. The upper triangle of the result is zero.
public func cholesky(_ a: Matrix) throws(LAPACKError) -> Matrix {
    precondition(a.rows == a.columns, "cholesky needs a square matrix")
    var factor = a
    var n = try blasint(exactly: a.rows)
    var lda = max(1, n)
    var info: Int32 = 0
    var uplo = CChar(UInt8(ascii: "L"))
    factor.elements.withUnsafeMutableBufferPointer { buffer in
        dpotrf_(&uplo, &n, buffer.baseAddress, &lda, &info)
    }
    if info > 0 { throw .notPositiveDefinite(minor: Int(info)) }
    if info < 0 { throw .illegalArgument(routine: "dpotrf", argument: Int(-info)) }
    // dpotrf leaves the strict upper triangle as it was.
    for column in 1..<max(1, a.columns) {
        for row in 0..<column { factor[row, column] = 0 }
    }
    return factor
}
