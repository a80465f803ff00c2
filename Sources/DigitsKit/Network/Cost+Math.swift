/// Each cost's value and output error, as `fn` and `delta` in Nielsen's network2.py.
extension Cost {
    /// The cost of one output neuron, summed over the layer for an example's cost: quadratic
    /// ½(a − y)²; cross-entropy −[y ln a + (1 − y) ln(1 − a)]; log-likelihood −y ln a, which
    /// sums to −ln a_y for a one-hot target (the softmax output of the example's class).
    ///
    /// The logarithms skip terms whose factor is zero and clamp their argument to the smallest
    /// normal number (like `nan_to_num`), so a saturated output gives a large finite cost, not NaN.
    @inlinable
    public func value<T: BackpropScalar>(a: T, y: T) -> T {
        switch self {
        case .quadratic:
            let d = a - y
            return d * d / 2
        case .crossEntropy:
            var c: T = 0
            if y != 0 { c -= y * T.logarithm(max(a, T.leastNormalMagnitude)) }
            if y != 1 { c -= (1 - y) * T.logarithm(max(1 - a, T.leastNormalMagnitude)) }
            return c
        case .logLikelihood:
            return y != 0 ? -y * T.logarithm(max(a, T.leastNormalMagnitude)) : 0
        }
    }

    /// The output error of one neuron, BP1: δ^L_j = ∂C/∂z^L_j.
    ///
    /// Quadratic: (a − y) σ'(z), with σ'(z) passed as a(1 − a). Cross-entropy with a sigmoid
    /// output: σ' cancels, δ = a − y. Log-likelihood with a softmax output: δ = a − y as well,
    /// because the softmax Jacobian cancels in the same way: ∂a_k/∂z_j = a_k(1[j = k] − a_j), so
    /// ∂C/∂z_j = Σ_k (−y_k / a_k) a_k(1[j = k] − a_j) = −y_j + a_j Σ_k y_k = a_j − y_j for targets
    /// that sum to 1 (one-hot labels).
    @inlinable
    public func delta<T: BackpropScalar>(a: T, y: T) -> T {
        switch self {
        case .quadratic: return (a - y) * (a * (1 - a))
        case .crossEntropy, .logLikelihood: return a - y
        }
    }
}
