extension Network {
    /// The output activations a^L for every image, flat: entries `i*outputSize ..< (i+1)*outputSize`
    /// belong to image `i`. Pixels are scaled to [0, 1] on the way in.
    ///
    /// - Throws: ``NetworkError/inputSize(expected:got:)`` when the images do not have
    ///   ``inputSize`` pixels.
    public func outputs(for images: LabeledImages) throws -> [Float] {
        try Predictor(self, capacity: images.count).outputs(for: images, range: 0..<images.count)
    }

    /// The predicted class of every image: the index of its largest output.
    public func predictions(for images: LabeledImages) throws -> [Int] {
        try Predictor(self, capacity: images.count).predictions(for: images, range: 0..<images.count)
    }
}

/// Repeated inference with one network: its parameters and a workspace allocated once, so each
/// call (down to a single image) costs only the forward pass.
///
/// Images go through the batched forward pass (the fast kernels) up to ``capacity`` at a time.
/// Not thread-safe: use one predictor per thread.
public final class Predictor {
    /// The network's sizes.
    public let sizes: [Int]
    /// The most images one forward pass takes; larger requests are split.
    public let capacity: Int
    private let parameters: Parameters
    private let work: BatchedBackprop

    /// A predictor for `network` that runs up to `capacity` images per forward pass
    /// (clamped to 1…``maxCapacity``).
    public init(_ network: Network, capacity: Int = Predictor.maxCapacity) {
        sizes = network.sizes
        self.capacity = Swift.min(Swift.max(capacity, 1), Predictor.maxCapacity)
        parameters = Parameters(network)
        work = BatchedBackprop(sizes: network.sizes, capacity: self.capacity, gradients: false)
    }

    /// Images per forward pass by default: large enough for full kernel speed, small enough for
    /// the workspace to stay in cache.
    public static let maxCapacity = 500

    /// The output activations of images `range` of `images`, flat (see ``Network/outputs(for:)``).
    /// - Throws: ``NetworkError/inputSize(expected:got:)`` when the images do not fit the network.
    public func outputs(for images: LabeledImages, range: Range<Int>) throws -> [Float] {
        try check(images, range)
        let k = work.outputSize
        var out = [Float](repeating: 0, count: range.count * k)
        out.withUnsafeMutableBufferPointer { dst in
            forEachChunk(images, range) { start, rows in
                (dst.baseAddress! + (start - range.lowerBound) * k).update(from: work.output, count: rows * k)
            }
        }
        return out
    }

    /// The predicted class (index of the largest output) of images `range` of `images`.
    /// - Throws: ``NetworkError/inputSize(expected:got:)`` when the images do not fit the network.
    public func predictions(for images: LabeledImages, range: Range<Int>) throws -> [Int] {
        try check(images, range)
        var out = [Int](repeating: 0, count: range.count)
        let k = work.outputSize
        out.withUnsafeMutableBufferPointer { dst in
            forEachChunk(images, range) { start, rows in
                for r in 0..<rows {
                    let a = work.output + r * k
                    var best = 0
                    for j in 1..<k where a[j] > a[best] { best = j }
                    dst[start - range.lowerBound + r] = best
                }
            }
        }
        return out
    }

    /// The predicted class of image `index` of `images` (one forward pass of one row).
    public func prediction(for images: LabeledImages, at index: Int) throws -> Int {
        try predictions(for: images, range: index..<(index + 1))[0]
    }

    private func check(_ images: LabeledImages, _ range: Range<Int>) throws {
        guard images.pixelsPerImage == sizes[0] else {
            throw NetworkError.inputSize(expected: sizes[0], got: images.pixelsPerImage)
        }
        precondition(range.lowerBound >= 0 && range.upperBound <= images.count, "image range out of bounds")
    }

    /// Runs the forward pass over `range` in chunks of at most ``capacity`` rows; `body` gets
    /// each chunk's first image index and row count while ``BatchedBackprop/output`` holds it.
    private func forEachChunk(_ images: LabeledImages, _ range: Range<Int>, _ body: (Int, Int) -> Void) {
        var start = range.lowerBound
        while start < range.upperBound {
            let rows = Swift.min(capacity, range.upperBound - start)
            work.loadInputs(images, range: start..<(start + rows))
            work.forward(parameters, rows: rows)
            body(start, rows)
            start += rows
        }
    }
}
