import CKernels

/// The fast fp32 kernels (the `CKernels` C target) behind the network's matrix products and
/// element-wise passes.
///
/// Every matrix is row-major with a leading dimension (row stride, in floats). Results are
/// identical for every thread count on a given machine: each output element is computed by one
/// thread, in a fixed order. Shapes and strides are programmer-controlled, so violations trap
/// (preconditions), they are not thrown.
public enum FastKernels {
    /// C = alpha · op(A) · op(B) + beta · C, with exactly the semantics of
    /// `cblas_sgemm(CblasRowMajor, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)`.
    ///
    /// op(A) is m×k (A stored m×k, or k×m when `transA`), op(B) is k×n (B stored k×n, or n×k when
    /// `transB`), C is m×n. When `beta == 0`, C is only written (NaN in C does not propagate).
    /// Uses up to ``threads`` threads when m·n·k ≥ 10⁶.
    ///
    /// `skippingZeroA` (A·Bᵀ form only): leave out the whole vectors of k where a band of A's
    /// rows is all zero (mostly blank images). Those products are 0·b and add exactly nothing, so
    /// the result is the same bits whenever B is finite (a non-finite b would have made NaN).
    @inlinable
    public static func sgemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                             a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                             beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, skippingZeroA: Bool = false) {
        checkGemm(transA: transA, transB: transB, m: m, n: n, k: k, lda: lda, ldb: ldb, ldc: ldc)
        if skippingZeroA && !transA && transB {
            digits_sgemm_ex(nil, 0, DIGITS_SGEMM_SKIP_ZERO_A, 0, 1, Int32(m), Int32(n), Int32(k), alpha,
                            a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
        } else {
            digits_sgemm(transA ? 1 : 0, transB ? 1 : 0, Int32(m), Int32(n), Int32(k), alpha,
                         a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
        }
    }

    /// The plain triple-loop sgemm with the same semantics (float sums in k order): the yardstick
    /// the fast one is tested against.
    public static func sgemmReference(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                                      a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                                      beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        checkGemm(transA: transA, transB: transB, m: m, n: n, k: k, lda: lda, ldb: ldb, ldc: ldc)
        digits_sgemm_reference(transA ? 1 : 0, transB ? 1 : 0, Int32(m), Int32(n), Int32(k), alpha,
                               a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// out[i][j] = σ(z[i][j] + bias[j]) for a rows×cols block; `out` may be `z` (in place) and
    /// `bias` may be nil (no bias).
    ///
    /// Max relative error < 1e-6 (measured 1.9e-7) for z ≥ −87; σ(z) = 0 for z < −87.33 (true
    /// value < 1.2e-38); σ(+∞) = 1, σ(−∞) = 0, σ(NaN) = NaN. Store only a = σ(z): σ'(z) = a(1 − a).
    @inlinable
    public static func biasSigmoid(rows: Int, cols: Int, z: UnsafePointer<Float>, ldz: Int,
                                   bias: UnsafePointer<Float>?, out: UnsafeMutablePointer<Float>, ldo: Int) {
        checkBlock(rows: rows, cols: cols, ld: ldz)
        checkBlock(rows: rows, cols: cols, ld: ldo)
        digits_bias_sigmoid(Int32(rows), Int32(cols), z, Int32(ldz), bias, out, Int32(ldo))
    }

    /// out[i][·] = softmax(z[i][·] + bias) row by row, for a softmax output layer: computed as
    /// e^(z_j − m) / Σ_k e^(z_k − m) with m the row's largest value (no overflow), summed in
    /// column order. `out` may be `z`, `bias` may be nil. A NaN makes its row NaN. The same bits
    /// on every instruction set and thread count (plain C, one row at a time).
    @inlinable
    public static func biasSoftmax(rows: Int, cols: Int, z: UnsafePointer<Float>, ldz: Int,
                                   bias: UnsafePointer<Float>?, out: UnsafeMutablePointer<Float>, ldo: Int) {
        checkBlock(rows: rows, cols: cols, ld: ldz)
        checkBlock(rows: rows, cols: cols, ld: ldo)
        precondition(cols >= 1 || rows == 0, "softmax over no columns")
        digits_bias_softmax(Int32(rows), Int32(cols), z, Int32(ldz), bias, out, Int32(ldo))
    }

    /// BP1, the output error δ^L: (a − y) ⊙ a ⊙ (1 − a) for `.quadratic`, a − y for
    /// `.crossEntropy` (sigmoid output) and `.logLikelihood` (softmax output). `d` may be `a`.
    @inlinable
    public static func outputDelta(rows: Int, cols: Int, a: UnsafePointer<Float>, lda: Int,
                                   y: UnsafePointer<Float>, ldy: Int, d: UnsafeMutablePointer<Float>, ldd: Int,
                                   cost: Cost) {
        checkBlock(rows: rows, cols: cols, ld: lda)
        checkBlock(rows: rows, cols: cols, ld: ldy)
        checkBlock(rows: rows, cols: cols, ld: ldd)
        digits_output_delta(Int32(rows), Int32(cols), a, Int32(lda), y, Int32(ldy), d, Int32(ldd),
                            cost == .quadratic ? 1 : 0)
    }

    /// BP2's element-wise half, in place: d = d ⊙ a ⊙ (1 − a), σ'(z) taken from the activations.
    @inlinable
    public static func mulSigmoidPrime(rows: Int, cols: Int, d: UnsafeMutablePointer<Float>, ldd: Int,
                                       a: UnsafePointer<Float>, lda: Int) {
        checkBlock(rows: rows, cols: cols, ld: ldd)
        checkBlock(rows: rows, cols: cols, ld: lda)
        digits_mul_sigmoid_prime(Int32(rows), Int32(cols), d, Int32(ldd), a, Int32(lda))
    }

    /// out[j] = beta · out[j] + alpha · Σ_i d[i][j] (BP3, the bias gradient, summed in row
    /// order). When `beta == 0`, `out` is only written.
    @inlinable
    public static func columnSums(rows: Int, cols: Int, d: UnsafePointer<Float>, ldd: Int,
                                  alpha: Float, beta: Float, out: UnsafeMutablePointer<Float>) {
        checkBlock(rows: rows, cols: cols, ld: ldd)
        digits_column_sums(Int32(rows), Int32(cols), d, Int32(ldd), alpha, beta, out)
    }

    /// The end of a momentum SGD step over `count` parameters whose velocities already hold
    /// μ·v − step·g: v ← v − l2·w (only when l2 ≠ 0), then w ← w + v, each operation rounded.
    @inlinable
    public static func momentumApply(count: Int, l2: Float, velocity v: UnsafeMutablePointer<Float>,
                                     weights w: UnsafeMutablePointer<Float>) {
        precondition(count >= 0, "negative count")
        digits_momentum_apply(count, l2, v, w)
    }

    /// A whole Nesterov momentum step over `count` parameters from their gradients summed over
    /// the mini-batch `g`: u = step·g (+ l2·w when l2 ≠ 0), v ← μ·v − u, w ← (w + μ·v) − u with
    /// the new v, each operation rounded (see ``TrainingOptions/nesterov``).
    @inlinable
    public static func nesterovApply(count: Int, step: Float, mu: Float, l2: Float, gradient g: UnsafePointer<Float>,
                                     velocity v: UnsafeMutablePointer<Float>, weights w: UnsafeMutablePointer<Float>) {
        precondition(count >= 0, "negative count")
        digits_nesterov_apply(count, step, mu, l2, g, v, w)
    }

    /// Max-norm over a rows×cols block of weights (one neuron's incoming weights per row): every
    /// row whose L2 norm exceeds `c` is scaled by c/‖row‖ (the norm summed in Float, in one
    /// fixed order per instruction set).
    @inlinable
    public static func maxNormRows(rows: Int, cols: Int, w: UnsafeMutablePointer<Float>, ldw: Int, c: Float) {
        checkBlock(rows: rows, cols: cols, ld: ldw)
        digits_max_norm_rows(Int32(rows), Int32(cols), w, Int32(ldw), c)
    }

    /// out[i] = x[i] · m[i] for i < count (`out` may be `x`).
    @inlinable
    public static func multiply(count: Int, _ x: UnsafePointer<Float>, by m: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>) {
        precondition(count >= 0, "negative count")
        digits_multiply(count, x, m, out)
    }

    /// dst[r][p] = scale · src[rows[r]·cols + p] for the `rows.count` rows: a mini-batch of byte
    /// images gathered as floats (pixels scaled by `scale`). `dst` holds rows.count × cols.
    @inlinable
    public static func gatherBytes(_ src: UnsafeBufferPointer<UInt8>, cols: Int, rows: UnsafeBufferPointer<Int>,
                                   scale: Float, into dst: UnsafeMutablePointer<Float>) {
        guard let base = src.baseAddress, let idx = rows.baseAddress, rows.count > 0 else { return }
        precondition(rows.allSatisfy { $0 >= 0 && ($0 + 1) * cols <= src.count }, "row out of range")
        digits_gather_bytes(base, cols, idx, Int32(rows.count), scale, dst)
    }

    /// dst[i] = scale · src[i] for every byte of `src`: contiguous byte images as floats
    /// (pixels scaled by `scale`). `dst` holds src.count floats.
    @inlinable
    public static func widenBytes(_ src: UnsafeBufferPointer<UInt8>, scale: Float, into dst: UnsafeMutablePointer<Float>) {
        guard let base = src.baseAddress, src.count > 0 else { return }
        digits_widen_bytes(base, src.count, scale, dst)
    }

    /// Starts fetching the byte rows `rows` of `src` (cols bytes each) into cache: the next
    /// mini-batch's images, so that gathering them later does not wait on memory.
    @inlinable
    public static func prefetchRows(_ src: UnsafeBufferPointer<UInt8>, cols: Int, rows: UnsafeBufferPointer<Int>) {
        guard let base = src.baseAddress, let idx = rows.baseAddress, rows.count > 0 else { return }
        precondition(rows.allSatisfy { $0 >= 0 && ($0 + 1) * cols <= src.count }, "row out of range")
        digits_prefetch_rows(base, cols, idx, Int32(rows.count))
    }

    /// Threads sgemm may use (default: the number of online CPUs; reading it on a thread inside
    /// ``withThreadLimit(_:_:)`` gives that limit). Setting 0 or less restores the default.
    /// Small products (< 10⁶ multiply-adds) always run on the calling thread.
    public static var threads: Int {
        get { Int(digits_threads()) }
        set { digits_set_threads(Int32(clamping: newValue)) }
    }

    /// Runs `body` with sgemm calls made from the calling thread limited to `limit` threads
    /// (whatever ``threads`` says), then restores the previous limit: for work that runs beside
    /// other work, such as measuring an epoch while the next one trains.
    public static func withThreadLimit<T>(_ limit: Int, _ body: () throws -> T) rethrows -> T {
        let previous = digits_set_thread_limit(Int32(clamping: max(1, limit)))
        defer { digits_set_thread_limit(previous) }
        return try body()
    }

    /// The fewest multiply-adds (m·n·k) for which sgemm splits a product over threads; smaller
    /// products always run on the calling thread.
    public static var parallelMinimumWork: Int { digits_parallel_min_work() }

    /// The instruction set the kernels run with on this CPU: "avx512", "avx2" or "generic".
    public static var instructionSet: String { String(cString: digits_kernel_isa()) }

    /// Whether the named instruction set ("avx512", "avx2", "generic") can run on this CPU.
    public static func isAvailable(instructionSet name: String) -> Bool { digits_isa_available(name) != 0 }

    /// Runs `body` with the kernels called from this thread (and the sgemm work it hands to other
    /// threads) using the named instruction set, then restores the automatic choice; nil, without
    /// running `body`, when the set cannot run on this CPU. For tests and benchmarks that pin
    /// results per instruction set; work `body` starts on other threads keeps the automatic choice.
    public static func withInstructionSet<T>(_ name: String, _ body: () throws -> T) rethrows -> T? {
        guard digits_set_thread_isa(name) != 0 else { return nil }
        defer { digits_set_thread_isa(nil) }
        return try body()
    }

    /// ``sgemm(transA:transB:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:)`` with an explicit instruction
    /// set (nil: automatic) and thread count, leaving ``threads`` alone: for tests and
    /// benchmarks. Returns false, doing nothing, when the instruction set cannot run here.
    @discardableResult
    public static func sgemm(instructionSet: String?, threads: Int, transA: Bool, transB: Bool,
                             m: Int, n: Int, k: Int, alpha: Float,
                             a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                             beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int,
                             skippingZeroA: Bool = false) -> Bool {
        checkGemm(transA: transA, transB: transB, m: m, n: n, k: k, lda: lda, ldb: ldb, ldc: ldc)
        return digits_sgemm_ex(instructionSet, Int32(clamping: max(1, threads)), skippingZeroA ? DIGITS_SGEMM_SKIP_ZERO_A : 0,
                               transA ? 1 : 0, transB ? 1 : 0, Int32(m), Int32(n), Int32(k), alpha,
                               a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc)) != 0
    }

    /// ``biasSigmoid(rows:cols:z:ldz:bias:out:ldo:)`` with an explicit instruction set (tests).
    @discardableResult
    public static func biasSigmoid(instructionSet: String?, rows: Int, cols: Int, z: UnsafePointer<Float>,
                                   ldz: Int, bias: UnsafePointer<Float>?, out: UnsafeMutablePointer<Float>,
                                   ldo: Int) -> Bool {
        checkBlock(rows: rows, cols: cols, ld: ldz)
        checkBlock(rows: rows, cols: cols, ld: ldo)
        return digits_bias_sigmoid_using(instructionSet, Int32(rows), Int32(cols), z, Int32(ldz), bias,
                                         out, Int32(ldo)) != 0
    }

    @usableFromInline
    static func checkGemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, lda: Int, ldb: Int, ldc: Int) {
        precondition(m >= 0 && n >= 0 && k >= 0 && max(m, n, k) <= Int(Int32.max), "sgemm: bad sizes \(m)×\(n)×\(k)")
        precondition(lda >= max(1, transA ? m : k) && lda <= Int(Int32.max), "sgemm: lda \(lda) too small")
        precondition(ldb >= max(1, transB ? k : n) && ldb <= Int(Int32.max), "sgemm: ldb \(ldb) too small")
        precondition(ldc >= max(1, n) && ldc <= Int(Int32.max), "sgemm: ldc \(ldc) too small")
    }

    @usableFromInline
    static func checkBlock(rows: Int, cols: Int, ld: Int) {
        precondition(rows >= 0 && cols >= 0 && rows <= Int(Int32.max), "bad block \(rows)×\(cols)")
        precondition(ld >= max(1, cols) && ld <= Int(Int32.max), "leading dimension \(ld) < \(cols) columns")
    }
}
