/// Each cost's value and output error, as `fn` and `delta` in Nielsen's network2.py.
extension Cost {
    /// The cost of one example: quadratic ½‖a − y‖²; cross-entropy
    /// −Σ_j [y_j ln a_j + (1 − y_j) ln(1 − a_j)].
    ///
    /// Cross-entropy skips terms whose factor is zero and clamps the logarithm's argument to the
    /// smallest normal number (like `nan_to_num`), so a saturated output gives a large finite
    /// cost, not NaN.
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
        }
    }

    /// The output error of one neuron, BP1: δ^L_j = ∂C/∂a_j · σ'(z_j).
    ///
    /// Quadratic: (a − y) σ'(z). Cross-entropy with a sigmoid output: σ' cancels, δ = a − y.
    /// σ'(z) is passed as a(1 − a).
    @inlinable
    public func delta<T: BackpropScalar>(a: T, y: T) -> T {
        switch self {
        case .quadratic: return (a - y) * (a * (1 - a))
        case .crossEntropy: return a - y
        }
    }
}
