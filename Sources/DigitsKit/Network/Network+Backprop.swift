/// The plain per-example backpropagation, reading like the four equations. Training uses the
/// batched path (`BatchedBackprop`); the tests hold that one to this one, and this one to
/// finite differences.
public enum ReferenceBackprop {
    /// ∂C_x/∂w^l and ∂C_x/∂b^l for one example (x, y), unregularised, in any floating type.
    ///
    /// `weights[i]` is w^(i+1), row-major (sizes[i+1] × sizes[i]); `biases[i]` is b^(i+1). Every
    /// layer is sigmoid except the output layer under ``Cost/logLikelihood``, which is a softmax
    /// (``Cost/outputActivation``).
    /// `mask` (dropout, one per hidden layer: `mask[i]` for layer i + 1, entries 0 or
    /// 1/(1 − P)): the hidden activations a^l ⊙ m^l feed the next layer, so that
    /// δ^l = ((w^(l+1))ᵀ δ^(l+1)) ⊙ σ'(z^l) ⊙ m^l.
    public static func gradients<T: BackpropScalar>(
        sizes: [Int], weights: [[T]], biases: [[T]], x: [T], y: [T], cost: Cost, mask: [[T]]? = nil
    ) -> (nablaW: [[T]], nablaB: [[T]]) {
        let layers = sizes.count - 1
        // Forward pass, keeping every z^l and a^l: z^l = w^l a^(l-1) + b^l, a^l = σ(z^l)
        // (a^L = softmax(z^L) for the log-likelihood cost).
        var activations: [[T]] = [x]
        var zs: [[T]] = []
        for l in 0..<layers {
            let z = weightedInput(sizes: sizes, weights: weights, biases: biases, layer: l, activations[l])
            zs.append(z)
            var a = activate(z, isOutput: l == layers - 1, cost: cost)
            if let mask, l < layers - 1 { for j in 0..<a.count { a[j] *= mask[l][j] } }
            activations.append(a)
        }
        var nablaW = weights.map { [T](repeating: 0, count: $0.count) }
        var nablaB = biases.map { [T](repeating: 0, count: $0.count) }

        // BP1: δ^L = ∇_a C ⊙ σ'(z^L)  (cross-entropy: δ^L = a − y). Log-likelihood with the
        // softmax output: δ^L = a − y too, the softmax Jacobian cancelling as σ' does for
        // cross-entropy (``Cost/delta(a:y:)`` shows the algebra).
        let aL = activations[layers]
        var delta = (0..<aL.count).map { cost.delta(a: aL[$0], y: y[$0]) }
        var l = layers - 1  // index of layer L in weights/biases
        while true {
            let rows = sizes[l + 1], cols = sizes[l]
            let aPrev = activations[l]
            // BP3: ∂C/∂b^l = δ^l.
            nablaB[l] = delta
            // BP4: ∂C/∂w^l_jk = δ^l_j a^(l-1)_k, i.e. δ^l (a^(l-1))ᵀ.
            for j in 0..<rows {
                for k in 0..<cols { nablaW[l][j * cols + k] = delta[j] * aPrev[k] }
            }
            if l == 0 { break }
            // BP2: δ^(l-1) = ((w^l)ᵀ δ^l) ⊙ σ'(z^(l-1)).
            var previous = [T](repeating: 0, count: cols)
            for k in 0..<cols {
                var s: T = 0
                for j in 0..<rows { s += weights[l][j * cols + k] * delta[j] }
                previous[k] = s * sigmaPrime(zs[l - 1][k])
                if let mask { previous[k] *= mask[l - 1][k] }
            }
            delta = previous
            l -= 1
        }
        return (nablaW, nablaB)
    }

    /// The cost of the examples under the network: (1/n) Σ_x C_x + λ/(2n) Σ w², where `n` is
    /// the training-set size used for the regularisation term (Nielsen's convention).
    /// `masks[e]`: example e's dropout masks, as ``gradients(sizes:weights:biases:x:y:cost:mask:)`` takes them.
    public static func totalCost<T: BackpropScalar>(
        sizes: [Int], weights: [[T]], biases: [[T]], examples: [(x: [T], y: [T])],
        cost: Cost, lambda: T, n: Int, masks: [[[T]]]? = nil
    ) -> T {
        var total: T = 0
        let layers = sizes.count - 1
        for (e, (x, y)) in examples.enumerated() {
            var a = x
            for l in 0..<layers {
                a = activate(weightedInput(sizes: sizes, weights: weights, biases: biases, layer: l, a),
                             isOutput: l == layers - 1, cost: cost)
                if let masks, l < layers - 1 { for j in 0..<a.count { a[j] *= masks[e][l][j] } }
            }
            for j in 0..<a.count { total += cost.value(a: a[j], y: y[j]) }
        }
        total /= T(examples.count)
        var squares: T = 0
        for w in weights { for v in w { squares += v * v } }
        return total + lambda / (2 * T(n)) * squares
    }

    /// z^l = w^l a^(l-1) + b^l for layer index `l` (w^(l+1) in the book's numbering).
    static func weightedInput<T: BackpropScalar>(sizes: [Int], weights: [[T]], biases: [[T]], layer l: Int,
                                                 _ aPrev: [T]) -> [T] {
        let rows = sizes[l + 1], cols = sizes[l]
        return (0..<rows).map { j in
            var s = biases[l][j]
            for k in 0..<cols { s += weights[l][j * cols + k] * aPrev[k] }
            return s
        }
    }

    /// a^l from z^l: σ element-wise, or softmax for the output layer under the log-likelihood cost.
    static func activate<T: BackpropScalar>(_ z: [T], isOutput: Bool, cost: Cost) -> [T] {
        isOutput && cost.outputActivation == .softmax ? softmax(z) : z.map { sigma($0) }
    }

    @inlinable static func sigma<T: BackpropScalar>(_ z: T) -> T { 1 / (1 + T.exponential(-z)) }
    @inlinable static func sigmaPrime<T: BackpropScalar>(_ z: T) -> T { let s = sigma(z); return s * (1 - s) }
}

extension Network {
    /// ∂C_x/∂w and ∂C_x/∂b for one example by the reference (per-example) backpropagation.
    public func backpropReference(_ x: [Float], _ y: [Float], cost: Cost = .quadratic)
        -> (nablaW: [[Float]], nablaB: [[Float]]) {
        precondition(x.count == inputSize && y.count == outputSize, "example does not fit the network")
        precondition(outputActivation == cost.outputActivation, "a \(outputActivation) output is not trained with the \(cost.rawValue) cost")
        return ReferenceBackprop.gradients(sizes: sizes, weights: weights, biases: biases, x: x, y: y, cost: cost)
    }
}
