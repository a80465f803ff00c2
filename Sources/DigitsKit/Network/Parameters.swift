/// A network's weights and biases in stable, manually allocated buffers (one per layer), so the
/// batched kernels can work on raw pointers without copy-on-write or per-batch allocation.
final class Parameters {
    let sizes: [Int]
    /// A network of these sizes (values unused): the shape ``network(activations:)`` fills in.
    /// Its activations say how the batched passes compute each layer (a softmax output or not).
    let template: Network
    /// `weights[i]`: w^(i+1), row-major (sizes[i+1] × sizes[i]).
    let weights: [UnsafeMutablePointer<Float>]
    /// `biases[i]`: b^(i+1).
    let biases: [UnsafeMutablePointer<Float>]

    var layerCount: Int { sizes.count - 1 }
    func weightCount(_ i: Int) -> Int { sizes[i + 1] * sizes[i] }

    /// Zero-filled buffers shaped like `template`.
    init(zerosLike template: Network) {
        let sizes = template.sizes
        self.sizes = sizes
        self.template = template
        weights = (0..<(sizes.count - 1)).map { i in
            let p = UnsafeMutablePointer<Float>.allocate(capacity: sizes[i + 1] * sizes[i])
            p.initialize(repeating: 0, count: sizes[i + 1] * sizes[i])
            return p
        }
        biases = (0..<(sizes.count - 1)).map { i in
            let p = UnsafeMutablePointer<Float>.allocate(capacity: sizes[i + 1])
            p.initialize(repeating: 0, count: sizes[i + 1])
            return p
        }
    }

    /// A copy of `network`'s parameters.
    convenience init(_ network: Network) {
        self.init(zerosLike: network)
        load(network)
    }

    deinit {
        for p in weights { p.deallocate() }
        for p in biases { p.deallocate() }
    }

    /// Overwrites these buffers with `network`'s parameters (same sizes).
    func load(_ network: Network) {
        precondition(network.sizes == sizes, "network sizes differ")
        for i in 0..<layerCount {
            network.weights[i].withUnsafeBufferPointer { weights[i].update(from: $0.baseAddress!, count: $0.count) }
            network.biases[i].withUnsafeBufferPointer { biases[i].update(from: $0.baseAddress!, count: $0.count) }
        }
    }

    /// A new buffer set with the same values.
    func clone() -> Parameters {
        let p = Parameters(zerosLike: template)
        p.copy(from: self)
        return p
    }

    /// Copies `other`'s values into these buffers (same sizes).
    func copy(from other: Parameters) {
        for i in 0..<layerCount {
            weights[i].update(from: other.weights[i], count: weightCount(i))
            biases[i].update(from: other.biases[i], count: sizes[i + 1])
        }
    }

    /// The parameters as a ``Network``.
    func network(activations: [Activation]? = nil) -> Network {
        var net = template
        for i in 0..<layerCount {
            net.weights[i] = Array(UnsafeBufferPointer(start: weights[i], count: weightCount(i)))
            net.biases[i] = Array(UnsafeBufferPointer(start: biases[i], count: sizes[i + 1]))
        }
        if let activations { net.activations = activations }
        return net
    }

    /// Whether every weight and bias is finite (no NaN or ±∞).
    var allFinite: Bool {
        for i in 0..<layerCount {
            for j in 0..<weightCount(i) where !weights[i][j].isFinite { return false }
            for j in 0..<sizes[i + 1] where !biases[i][j].isFinite { return false }
        }
        return true
    }

    /// Σ w² over every weight (not the biases), for the L2 term λ/(2n) Σ w².
    var sumOfSquaredWeights: Double {
        var total = 0.0
        for i in 0..<layerCount {
            var s: Float = 0
            for j in 0..<weightCount(i) { s += weights[i][j] * weights[i][j] }
            total += Double(s)
        }
        return total
    }
}
