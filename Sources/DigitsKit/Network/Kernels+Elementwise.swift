/// The element-wise steps of the forward and backward passes, each one fused C kernel
/// (see ``FastKernels``).
extension Kernels {
    /// a[r,j] = σ(z[r,j] + b[j]) in place over a rows×cols row-major matrix (z^l = w a + b,
    /// a^l = σ(z^l)).
    @inline(__always)
    public static func addBiasSigmoid(_ za: UnsafeMutablePointer<Float>, rows: Int, cols: Int,
                                      bias: UnsafePointer<Float>) {
        FastKernels.biasSigmoid(rows: rows, cols: cols, z: za, ldz: cols, bias: bias, out: za, ldo: cols)
    }

    /// δ[i] ← δ[i] ⊙ σ'(z[i]), with σ'(z) = a(1 − a) taken from the activation a = σ(z).
    @inline(__always)
    public static func multiplySigmoidPrime(_ delta: UnsafeMutablePointer<Float>,
                                            activation a: UnsafePointer<Float>, count: Int) {
        FastKernels.mulSigmoidPrime(rows: 1, cols: count, d: delta, ldd: max(1, count), a: a, lda: max(1, count))
    }

    /// out[j] = β · out[j] + α · Σ_r m[r,j]: the column sums of a rows×cols matrix (BP3 summed
    /// over a batch), scaled and added onto `out` when α ≠ 1 or β ≠ 0 (β = 0: `out` is only written).
    @inline(__always)
    public static func columnSums(_ m: UnsafePointer<Float>, rows: Int, cols: Int, alpha: Float = 1,
                                  beta: Float = 0, into out: UnsafeMutablePointer<Float>) {
        FastKernels.columnSums(rows: rows, cols: cols, d: m, ldd: max(1, cols), alpha: alpha, beta: beta, out: out)
    }
}
