#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The logistic sigmoid σ(z) = 1 / (1 + e^(−z)).
@inlinable
public func sigmoid(_ z: Float) -> Float { 1 / (1 + expf(-z)) }

/// The softmax of a layer's weighted inputs, a_j = e^(z_j) / Σ_k e^(z_k), computed as
/// e^(z_j − m) / Σ_k e^(z_k − m) with m = max_k z_k: the same value, but no e^z overflows (the
/// largest term is e^0 = 1, so the sum is at least 1). Sums in index order.
@inlinable
public func softmax<T: BackpropScalar>(_ z: [T]) -> [T] {
    var m = z[0]
    for v in z.dropFirst() where v > m { m = v }
    let e = z.map { T.exponential($0 - m) }
    var sum: T = 0
    for v in e { sum += v }
    return e.map { $0 / sum }
}

extension Network {
    /// The plain reference forward pass, one example: a^l = σ(w^l a^(l-1) + b^l) for each layer
    /// (the output layer's softmax, when it has one, over its whole z^L).
    ///
    /// Reads like the equation; the fast batched path is held to it in the tests.
    /// - Precondition: `input.count == inputSize`.
    public func feedforward(_ input: [Float]) -> [Float] {
        precondition(input.count == inputSize, "input has \(input.count) values, network takes \(inputSize)")
        var a = input
        for l in 0..<weights.count {
            let rows = sizes[l + 1], cols = sizes[l]
            var z = [Float](repeating: 0, count: rows)
            for j in 0..<rows {
                var s = biases[l][j]
                for k in 0..<cols { s += weights[l][j * cols + k] * a[k] }
                z[j] = s
            }
            switch activations[l] {
            case .sigmoid: a = z.map(sigmoid)
            case .softmax: a = softmax(z)
            }
        }
        return a
    }
}
