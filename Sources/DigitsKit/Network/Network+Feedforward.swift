/// The logistic sigmoid σ(z) = 1 / (1 + e^(−z)).
@inlinable
public func sigmoid(_ z: Float) -> Float { 1 / (1 + expf(-z)) }

extension Network {
    /// The plain reference forward pass, one example: a^l = σ(w^l a^(l-1) + b^l) for each layer.
    ///
    /// Reads like the equation; the fast batched path is held to it in the tests.
    /// - Precondition: `input.count == inputSize`.
    public func feedforward(_ input: [Float]) -> [Float] {
        precondition(input.count == inputSize, "input has \(input.count) values, network takes \(inputSize)")
        var a = input
        for l in 0..<weights.count {
            let rows = sizes[l + 1], cols = sizes[l]
            var next = [Float](repeating: 0, count: rows)
            for j in 0..<rows {
                var z = biases[l][j]
                for k in 0..<cols { z += weights[l][j * cols + k] * a[k] }
                next[j] = sigmoid(z)
            }
            a = next
        }
        return a
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
