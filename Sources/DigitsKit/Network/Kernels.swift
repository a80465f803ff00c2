import Dispatch

/// The numeric kernels every network computation goes through.
///
/// ALL matrix products in DigitsKit call ``gemm(transA:transB:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:)``
/// — the one seam where an optimised implementation (the `CKernels` target's `digits_sgemm`) is
/// swapped in. Element-wise work lives in `Kernels+Elementwise.swift`.
public enum Kernels {
    /// How many threads the kernels may use (≥ 1). Results depend only on the inputs, never on
    /// this value: each output element is computed by one thread in a fixed order.
    nonisolated(unsafe) public static var threadCount = 1

    /// Below this many multiply-adds a product runs on the calling thread (waking threads costs
    /// more than a mini-batch-of-10 product saves; inference chunks do go parallel).
    static let parallelThreshold = 1 << 20

    /// Single-precision general matrix multiply with exactly the semantics of
    /// `cblas_sgemm(CblasRowMajor, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)`:
    ///
    ///     C ← α · op(A) · op(B) + β · C,   op(A): m×k,  op(B): k×n,  C: m×n (row-major, stride ldc)
    ///
    /// A is stored m×k (stride lda) when `transA` is false, k×m when true; likewise B is k×n or
    /// n×k (stride ldb). As in BLAS, β = 0 means C is overwritten without being read.
    public static func gemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
                            alpha: Float, a: UnsafePointer<Float>, lda: Int,
                            b: UnsafePointer<Float>, ldb: Int,
                            beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        guard m > 0, n > 0 else { return }
        let threads = max(1, min(threadCount, m))
        if threads == 1 || m * n * k < parallelThreshold {
            gemmRows(0, m, transA, transB, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
            return
        }
        // Split the rows of C into `threads` contiguous bands; a band's results do not depend
        // on which thread computes it.
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            let lo = m * t / threads, hi = m * (t + 1) / threads
            gemmRows(lo, hi, transA, transB, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
        }
    }

    /// Rows `lo..<hi` of C.
    private static func gemmRows(_ lo: Int, _ hi: Int, _ transA: Bool, _ transB: Bool, _ n: Int, _ k: Int,
                                 _ alpha: Float, _ a: UnsafePointer<Float>, _ lda: Int,
                                 _ b: UnsafePointer<Float>, _ ldb: Int,
                                 _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
        for i in lo..<hi {
            let crow = c + i * ldc
            if !transB {
                // C[i,:] = β C[i,:] + Σ_p (α op(A)[i,p]) · B[p,:] — contiguous rows of B and C,
                // the inner loop vectorises.
                scaleRow(crow, n, beta)
                for p in 0..<k {
                    let aip = alpha * (transA ? a[p * lda + i] : a[i * lda + p])
                    let brow = b + p * ldb
                    for j in 0..<n { crow[j] += aip * brow[j] }
                }
            } else if !transA {
                // op(B)[p,j] = B[j,p]: C[i,j] is a dot product of two contiguous rows.
                let arow = a + i * lda
                for j in 0..<n {
                    let d = alpha * dot(arow, b + j * ldb, k)
                    crow[j] = beta == 0 ? d : d + beta * crow[j]
                }
            } else {
                for j in 0..<n {
                    var s: Float = 0
                    for p in 0..<k { s += a[p * lda + i] * b[j * ldb + p] }
                    crow[j] = beta == 0 ? alpha * s : alpha * s + beta * crow[j]
                }
            }
        }
    }

    @inline(__always) private static func scaleRow(_ row: UnsafeMutablePointer<Float>, _ n: Int, _ beta: Float) {
        if beta == 0 {
            row.update(repeating: 0, count: n)
        } else if beta != 1 {
            for j in 0..<n { row[j] *= beta }
        }
    }

    /// Σ x[p]·y[p] with eight interleaved partial sums (lane p mod 8) reduced in a fixed order,
    /// so the debug (scalar) and release (SIMD) builds give the same bits.
    @inline(__always) static func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ n: Int) -> Float {
        var p = 0
        #if DEBUG
        var l0: Float = 0, l1: Float = 0, l2: Float = 0, l3: Float = 0
        var l4: Float = 0, l5: Float = 0, l6: Float = 0, l7: Float = 0
        while p + 8 <= n {
            l0 += x[p] * y[p]; l1 += x[p + 1] * y[p + 1]; l2 += x[p + 2] * y[p + 2]; l3 += x[p + 3] * y[p + 3]
            l4 += x[p + 4] * y[p + 4]; l5 += x[p + 5] * y[p + 5]; l6 += x[p + 6] * y[p + 6]; l7 += x[p + 7] * y[p + 7]
            p += 8
        }
        var s = ((l0 + l4) + (l2 + l6)) + ((l1 + l5) + (l3 + l7))
        #else
        var acc = SIMD8<Float>()
        let rx = UnsafeRawPointer(x), ry = UnsafeRawPointer(y)
        while p + 8 <= n {
            acc += rx.loadUnaligned(fromByteOffset: p * 4, as: SIMD8<Float>.self)
                 * ry.loadUnaligned(fromByteOffset: p * 4, as: SIMD8<Float>.self)
            p += 8
        }
        let h = acc.lowHalf + acc.highHalf          // (l0+l4, l1+l5, l2+l6, l3+l7)
        let q = h.lowHalf + h.highHalf              // ((l0+l4)+(l2+l6), (l1+l5)+(l3+l7))
        var s = q[0] + q[1]
        #endif
        while p < n { s += x[p] * y[p]; p += 1 }
        return s
    }
}
