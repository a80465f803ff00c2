/// How far apart two parameter vectors of the same shape are.
public struct VectorDifference: Equatable, Sendable, Codable {
    /// ‖B − A‖₂.
    public var l2Distance: Double
    /// ‖A‖₂ and ‖B‖₂.
    public var normA: Double
    public var normB: Double
    /// ‖B − A‖ / ‖A‖: 0 when B = A; nil when A is all zeros and B is not.
    public var relativeChange: Double?
    /// A·B / (‖A‖‖B‖): 1 when both are all zeros (identical); nil when only one is.
    public var cosineSimilarity: Double?

    /// Compares `b` with `a` (same length), accumulating in Double.
    public init(_ a: [Float], _ b: [Float]) {
        precondition(a.count == b.count, "vectors of different lengths")
        var dd = 0.0, aa = 0.0, bb = 0.0, ab = 0.0
        for i in a.indices {
            let x = Double(a[i]), y = Double(b[i])
            dd += (y - x) * (y - x)
            aa += x * x
            bb += y * y
            ab += x * y
        }
        l2Distance = dd.squareRoot()
        normA = aa.squareRoot()
        normB = bb.squareRoot()
        relativeChange = dd == 0 ? 0 : (aa == 0 ? nil : l2Distance / normA)
        switch (aa == 0, bb == 0) {
        case (true, true): cosineSimilarity = 1
        case (false, false): cosineSimilarity = min(1, max(-1, ab / (normA * normB)))
        default: cosineSimilarity = nil
        }
    }
}

/// The difference of one layer's weights and biases between two networks of the same shape.
public struct LayerDifference: Equatable, Sendable, Codable {
    /// The layer, 1-based as in the book (layer 0 is the input).
    public var layer: Int
    /// Neurons in and out: w is (outputs × inputs).
    public var inputs: Int
    public var outputs: Int
    public var weights: VectorDifference
    public var biases: VectorDifference
}

/// Layer-by-layer parameter differences of two networks.
public enum WeightComparison {
    /// The differences of `b` from `a` per layer, or nil when their layer sizes differ (then
    /// parameters cannot be matched one to one).
    public static func layers(from a: Network, to b: Network) -> [LayerDifference]? {
        guard a.sizes == b.sizes else { return nil }
        return a.weights.indices.map { i in
            LayerDifference(layer: i + 1, inputs: a.sizes[i], outputs: a.sizes[i + 1],
                            weights: VectorDifference(a.weights[i], b.weights[i]),
                            biases: VectorDifference(a.biases[i], b.biases[i]))
        }
    }
}
