import COpenBLAS
#if canImport(Glibc)
import Glibc
#endif

/// Thin, size-checked wrappers over the BLAS routines the engine uses.
enum BLAS {
    /// C = A · Bᵀ for column-major A (m×k, leading dimension lda) and B (n×k), via `dgemm`.
    /// Used for correlated normal scores: a block's independent scores times Lᵀ.
    static func multiplyTransposed(
        _ a: UnsafePointer<Double>, rows m: Int, inner k: Int, lda: Int,
        _ b: UnsafePointer<Double>, columns n: Int, ldb: Int,
        into c: UnsafeMutablePointer<Double>, ldc: Int
    ) throws(LAPACKError) {
        let (m32, n32, k32) = (try blasint(exactly: m), try blasint(exactly: n), try blasint(exactly: k))
        let (lda32, ldb32, ldc32) = (try blasint(exactly: lda), try blasint(exactly: ldb), try blasint(exactly: ldc))
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, m32, n32, k32, 1, a, lda32, b, ldb32, 0, c, ldc32)
    }

    /// The engine runs its own threads, so OpenBLAS must not start more inside them.
    static func useSingleThread() {
        _ = singleThreaded
    }

    /// Once per process. OpenBLAS starts a thread pool when it loads, and its idle threads
    /// spin on `sched_yield`: perf showed one taking 8% of a single-threaded `rank` and 20%
    /// of a short `voi`, time the engine's own workers lose on a small machine. With one
    /// BLAS thread the pool is never used, so it is shut down; setting the thread count
    /// again afterwards would start it anew, hence once. The entry point is looked up at
    /// run time because only the pthreads build of OpenBLAS has one.
    private static let singleThreaded: Bool = {
        openblas_set_num_threads(1)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "blas_thread_shutdown_") else { return false }
        _ = unsafeBitCast(symbol, to: (@convention(c) () -> Int32).self)()
        return true
    }()
}

/// Stops OpenBLAS's idle thread pool (see `BLAS.useSingleThread`). Programs call it first
/// thing, before the pool has spun beside parsing; compiling a `Model` calls it anyway.
public func prepareLinearAlgebra() {
    BLAS.useSingleThread()
}

extension BLAS {
    /// C += Aᵀ A for column-major A (rows × columns, leading dimension lda); the lower
    /// triangle of C (columns × columns) is updated, via `dsyrk`.
    static func addGram(_ a: UnsafePointer<Double>, rows: Int, columns: Int, lda: Int, into c: UnsafeMutablePointer<Double>) throws(LAPACKError) {
        let (n, k, lda32) = (try blasint(exactly: columns), try blasint(exactly: rows), try blasint(exactly: lda))
        cblas_dsyrk(CblasColMajor, CblasLower, CblasTrans, n, k, 1, a, lda32, 1, c, n)
    }

    /// y += Aᵀ x, via `dgemv`.
    static func addTransposedProduct(_ a: UnsafePointer<Double>, rows: Int, columns: Int, lda: Int, _ x: UnsafePointer<Double>,
                                     into y: UnsafeMutablePointer<Double>) throws(LAPACKError) {
        let (m, n, lda32) = (try blasint(exactly: rows), try blasint(exactly: columns), try blasint(exactly: lda))
        cblas_dgemv(CblasColMajor, CblasTrans, m, n, 1, a, lda32, x, 1, 1, y, 1)
    }
}
