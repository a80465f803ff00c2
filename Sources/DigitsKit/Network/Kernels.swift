/// The numeric kernels every network computation goes through.
///
/// ALL matrix products in DigitsKit call ``gemm(transA:transB:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:)``,
/// which runs the `CKernels` target's register-blocked, run-time-dispatched `digits_sgemm`
/// (see ``FastKernels``); its plain triple-loop twin, ``FastKernels/sgemmReference``, is what the
/// kernel tests hold it to. Element-wise work lives in `Kernels+Elementwise.swift`.
public enum Kernels {
    /// How many threads the kernels may use (≥ 1). Results depend only on the inputs and the
    /// machine's instruction set, never on this value: each output element is computed by one
    /// thread in a fixed order. Products under 10⁶ multiply-adds (a mini-batch of 10) always run
    /// on the calling thread.
    public static var threadCount: Int {
        get { FastKernels.threads }
        set { FastKernels.threads = max(1, newValue) }
    }

    /// Single-precision general matrix multiply with exactly the semantics of
    /// `cblas_sgemm(CblasRowMajor, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)`:
    ///
    ///     C ← α · op(A) · op(B) + β · C,   op(A): m×k,  op(B): k×n,  C: m×n (row-major, stride ldc)
    ///
    /// A is stored m×k (stride lda) when `transA` is false, k×m when true; likewise B is k×n or
    /// n×k (stride ldb). As in BLAS, β = 0 means C is overwritten without being read.
    ///
    /// `skippingZeroA` (only in the A·Bᵀ form): leave out A's all-zero stretches, which add
    /// exactly nothing when B is finite (see ``FastKernels/sgemmSkippingZeroA``); for inputs
    /// that are mostly blank, like digit images.
    @inline(__always)
    public static func gemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
                            alpha: Float, a: UnsafePointer<Float>, lda: Int,
                            b: UnsafePointer<Float>, ldb: Int,
                            beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, skippingZeroA: Bool = false) {
        guard m > 0, n > 0 else { return }
        if skippingZeroA && !transA && transB {
            FastKernels.sgemmSkippingZeroA(m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
                                           beta: beta, c: c, ldc: ldc)
        } else {
            FastKernels.sgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha,
                              a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
        }
    }
}
