/// The element-wise steps of the forward and backward passes, kept small and separate so an
/// optimised implementation can fuse or replace them.
extension Kernels {
    /// a[r,j] = σ(z[r,j] + b[j]) in place over a rows×cols row-major matrix (z^l = w a + b,
    /// a^l = σ(z^l)).
    public static func addBiasSigmoid(_ za: UnsafeMutablePointer<Float>, rows: Int, cols: Int,
                                      bias: UnsafePointer<Float>) {
        for r in 0..<rows {
            let row = za + r * cols
            for j in 0..<cols { row[j] = sigmoid(row[j] + bias[j]) }
        }
    }

    /// δ[i] ← δ[i] ⊙ σ'(z[i]), with σ'(z) = a(1 − a) taken from the activation a = σ(z).
    public static func multiplySigmoidPrime(_ delta: UnsafeMutablePointer<Float>,
                                            activation a: UnsafePointer<Float>, count: Int) {
        for i in 0..<count { delta[i] *= a[i] * (1 - a[i]) }
    }

    /// out[j] = Σ_r m[r,j]: the column sums of a rows×cols matrix (BP3 summed over a batch).
    public static func columnSums(_ m: UnsafePointer<Float>, rows: Int, cols: Int,
                                  into out: UnsafeMutablePointer<Float>) {
        out.update(repeating: 0, count: cols)
        for r in 0..<rows {
            let row = m + r * cols
            for j in 0..<cols { out[j] += row[j] }
        }
    }
}
