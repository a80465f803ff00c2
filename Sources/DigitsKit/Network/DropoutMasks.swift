/// Inverted dropout's masks for one mini-batch (Srivastava et al. 2014): every hidden neuron of
/// every example is dropped with probability P, independently, and the kept ones are scaled by
/// 1/(1 − P), so that the trained network is used as it is, without dropout.
///
/// A mask entry is 0 (dropped) or 1/(1 − P) (kept). The forward pass multiplies the hidden
/// activations by it, and the backward pass δ^l of the same layer (the derivative of the
/// scaled activation), so the step is the gradient of the thinned network.
///
/// The masks are a pure function of (key, mini-batch, example, neuron), drawn from a
/// counter-based generator: example `r` of mini-batch `b` gets the ``SplitMix64`` stream seeded
/// by `SplitMix64.derive(key, stream: b << 16 | r)`, whose i-th draw depends only on that seed
/// and i; its draws go to the hidden neurons in order (layer by layer). Nothing depends on the
/// thread count or on timing, and a resumed run draws the same masks. All buffers are
/// allocated once; drawing allocates nothing.
final class DropoutMasks {
    /// The kept neurons' factor 1/(1 − P), rounded to Float.
    let scale: Float
    /// A draw x drops its neuron when x >> 11 < threshold, i.e. when its uniform
    /// (x >> 11)·2⁻⁵³ (as ``Xoshiro256StarStar/nextUniform()`` makes one) is below P.
    let threshold: UInt64
    /// The hidden layers' sizes (the network's sizes without the first and the last).
    let hiddenSizes: [Int]
    let capacity: Int
    /// `masks[h]`: capacity × hiddenSizes[h] factors (0 or ``scale``) for hidden layer h + 1.
    let masks: [UnsafeMutablePointer<Float>]
    /// `dropped[h]`: hidden layer h + 1's activations times its mask (the next layer's input).
    let dropped: [UnsafeMutablePointer<Float>]

    /// Masks for networks of `sizes` and mini-batches of up to `capacity` examples.
    init(probability: Double, sizes: [Int], capacity: Int) {
        precondition(probability >= 0 && probability < 1, "dropout probability must be in [0, 1)")
        scale = Float(1 / (1 - probability))
        // x >> 11 < P·2⁵³ ⇔ x >> 11 < ⌈P·2⁵³⌉ for whole numbers; P·2⁵³ is exact (a power of 2).
        threshold = UInt64((probability * 0x1.0p53).rounded(.up))
        hiddenSizes = Array(sizes.dropFirst().dropLast())
        self.capacity = capacity
        func buffer(_ count: Int) -> UnsafeMutablePointer<Float> {
            let p = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
            p.initialize(repeating: 0, count: max(count, 1))
            return p
        }
        masks = hiddenSizes.map { buffer(capacity * $0) }
        dropped = hiddenSizes.map { buffer(capacity * $0) }
    }

    deinit {
        for p in masks + dropped { p.deallocate() }
    }

    /// The seed of one example's draws: example `example` of mini-batch `batch` under `key`
    /// (``Trainer/dropoutSeed(_:epoch:)`` in training).
    static func exampleSeed(key: UInt64, batch: Int, example: Int) -> UInt64 {
        precondition(batch >= 0 && example >= 0 && example < 1 << 16, "batch or example out of range")
        return SplitMix64.derive(key, stream: UInt64(batch) << 16 | UInt64(example))
    }

    /// Fills rows 0..<rows of every mask for mini-batch `batch` under `key`.
    func draw(key: UInt64, batch: Int, rows: Int) {
        precondition(rows <= capacity, "more rows than the masks hold")
        let kept = scale, threshold = threshold
        for r in 0..<rows {
            var g = SplitMix64(seed: Self.exampleSeed(key: key, batch: batch, example: r))
            for (h, n) in hiddenSizes.enumerated() {
                let m = masks[h] + r * n
                for j in 0..<n { m[j] = g.next() >> 11 < threshold ? 0 : kept }
            }
        }
    }
}
