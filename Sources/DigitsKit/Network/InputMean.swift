/// Input mean-centring (LeCun et al., "Efficient BackProp", 1998, §4.3): the network trains on
/// x − μ, μ the per-pixel mean of the training images, so that the first layer's inputs average
/// zero and the gradients of a neuron's incoming weights, ∂C/∂w = δ (x − μ)ᵀ, no longer all
/// share the sign of δ.
///
/// The trained network is saved for raw inputs, μ folded into the first layer's biases:
///
///     w¹(x − μ) + b¹ = w¹x + (b¹ − w¹μ)
///
/// so a model file needs no new field and every reader runs it as it is (a checkpoint keeps the
/// unfolded biases beside it, for an exact resume).
public struct InputMean: Sendable, Equatable {
    /// μ_i for each pixel, in [0, 1] (pixels scaled as the network sees them).
    public let values: [Float]

    /// The mean of `images`, pixels scaled to [0, 1]: each pixel's sum is exact (integers), so μ
    /// is the same whatever the order or thread count.
    public init(of images: LabeledImages) {
        let n = images.pixelsPerImage, count = images.count
        var sums = [Int](repeating: 0, count: n)
        images.pixels.withUnsafeBufferPointer { px in
            for image in 0..<count {
                let row = px.baseAddress! + image * n
                for i in 0..<n { sums[i] += Int(row[i]) }
            }
        }
        values = sums.map { count > 0 ? Float(Double($0) / (255 * Double(count))) : 0 }
    }

    /// μ as given; nil unless every value is a number in [0, 1].
    init?(values: [Float]) {
        guard values.allSatisfy({ $0 >= 0 && $0 <= 1 }) else { return nil }
        self.values = values
    }

    /// Subtracts μ from each of rows 0..<rows of `input` (row-major, rows × ``values``.count).
    func subtract(from input: UnsafeMutablePointer<Float>, rows: Int) {
        let n = values.count
        values.withUnsafeBufferPointer { mu in
            for r in 0..<rows {
                let row = input + r * n
                for i in 0..<n { row[i] -= mu[i] }
            }
        }
    }

    /// Folds μ into the first layer of `p`, in place: b¹_j ← b¹_j − Σ_i w¹_ji μ_i (each sum in
    /// Double, rounded once), so that `p` takes raw inputs.
    func fold(into p: Parameters) {
        let n0 = p.sizes[0]
        precondition(n0 == values.count, "the input mean has \(values.count) pixels, the network \(n0) inputs")
        values.withUnsafeBufferPointer { mu in
            for j in 0..<p.sizes[1] {
                let row = p.weights[0] + j * n0
                var dot = 0.0
                for i in 0..<n0 { dot += Double(row[i]) * Double(mu[i]) }
                p.biases[0][j] = Float(Double(p.biases[0][j]) - dot)
            }
        }
    }

    /// `network` (trained on centred inputs) with μ folded into its first layer's biases: the
    /// same network for raw inputs.
    func folded(into network: Network) -> Network {
        let p = Parameters(network)
        fold(into: p)
        return p.network()
    }
}
