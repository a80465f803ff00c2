import Dispatch

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

/// Repeated inference with one network: its parameters and workspaces allocated once, so each
/// call (down to a single image) costs only the forward pass.
///
/// Images go through the batched forward pass (the fast kernels) up to ``capacity`` at a time.
/// A request of many images is split into contiguous parts run side by side on up to
/// ``FastKernels/threads`` threads, each with its own workspace (the results do not depend on
/// the split). Not thread-safe: use one predictor per thread.
public final class Predictor {
    /// The network's sizes.
    public let sizes: [Int]
    /// The most images one forward pass takes; larger requests are split.
    public let capacity: Int
    /// The parameters it runs (training measures a snapshot copied in here).
    let parameters: Parameters
    /// One workspace per thread used so far (the first for the calling thread).
    private var workspaces: [BatchedBackprop]

    /// A predictor for `network` that runs up to `capacity` images per forward pass
    /// (clamped to 1…``maxCapacity``).
    public init(_ network: Network, capacity: Int = Predictor.maxCapacity) {
        sizes = network.sizes
        self.capacity = Swift.min(Swift.max(capacity, 1), Predictor.maxCapacity)
        parameters = Parameters(network)
        workspaces = [BatchedBackprop(sizes: network.sizes, capacity: self.capacity, gradients: false)]
    }

    /// Images per forward pass by default: large enough for full kernel speed, small enough for
    /// the workspace (and the first layer's weights beside it) to stay in a core's cache.
    public static let maxCapacity = 128

    /// The fewest images worth a thread of their own.
    static let imagesPerThread = 512

    /// The output activations of images `range` of `images`, flat (see ``Network/outputs(for:)``).
    /// - Throws: ``NetworkError/inputSize(expected:got:)`` when the images do not fit the network.
    public func outputs(for images: LabeledImages, range: Range<Int>) throws -> [Float] {
        try check(images, range)
        let k = sizes[sizes.count - 1]
        var out = [Float](repeating: 0, count: range.count * k)
        out.withUnsafeMutableBufferPointer { dst in
            forEachChunk(images, range) { work, start, rows in
                (dst.baseAddress! + (start - range.lowerBound) * k).update(from: work.output, count: rows * k)
            }
        }
        return out
    }

    /// The predicted class (index of the largest output) of images `range` of `images`.
    /// - Throws: ``NetworkError/inputSize(expected:got:)`` when the images do not fit the network,
    ///   ``EvaluationError/nonFiniteOutput(example:)`` when an image's outputs are NaN (no
    ///   largest output exists; finite weights can still overflow a Float32 sum).
    public func predictions(for images: LabeledImages, range: Range<Int>) throws -> [Int] {
        try check(images, range)
        var out = [Int](repeating: 0, count: range.count)
        let k = sizes[sizes.count - 1]
        out.withUnsafeMutableBufferPointer { dst in
            forEachChunk(images, range) { work, start, rows in
                for r in 0..<rows {
                    // −1 marks an image without an answer (parts may run on several threads).
                    dst[start - range.lowerBound + r] = Self.largest(work.output + r * k, count: k) ?? -1
                }
            }
        }
        if let i = out.firstIndex(of: -1) { throw EvaluationError.nonFiniteOutput(example: range.lowerBound + i) }
        return out
    }

    /// The index of the largest of the `count` outputs at `a` (ties: the lowest index), or nil
    /// when one of them is not finite (NaN has no order; the network gives no answer then).
    static func largest(_ a: UnsafePointer<Float>, count: Int) -> Int? {
        var best = 0
        for j in 0..<count where !a[j].isFinite { return nil }
        for j in 1..<count where a[j] > a[best] { best = j }
        return best
    }

    /// ``largest(_:count:)`` of `outputs[start ..< start + count]`.
    static func largest(_ outputs: [Float], from start: Int, count: Int) -> Int? {
        outputs.withUnsafeBufferPointer { largest($0.baseAddress! + start, count: count) }
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
    /// the workspace holding each chunk's outputs, the chunk's first image index and its row
    /// count. With several parts, `body` runs on several threads at once (on disjoint chunks).
    private func forEachChunk(_ images: LabeledImages, _ range: Range<Int>,
                              _ body: (BatchedBackprop, Int, Int) -> Void) {
        let parts = Swift.max(1, Swift.min(FastKernels.threads, range.count / Self.imagesPerThread))
        while workspaces.count < parts {
            workspaces.append(BatchedBackprop(sizes: sizes, capacity: capacity, gradients: false))
        }
        let parameters = self.parameters, capacity = self.capacity
        func run(_ work: BatchedBackprop, _ part: Range<Int>) {
            var start = part.lowerBound
            while start < part.upperBound {
                let rows = Swift.min(capacity, part.upperBound - start)
                work.loadInputs(images, range: start..<(start + rows))
                work.forward(parameters, rows: rows)
                body(work, start, rows)
                start += rows
            }
        }
        if parts == 1 {
            run(workspaces[0], range)
            return
        }
        let workspaces = self.workspaces
        DispatchQueue.concurrentPerform(iterations: parts) { p in
            let part = (range.lowerBound + range.count * p / parts)..<(range.lowerBound + range.count * (p + 1) / parts)
            // Each part is a thread's whole share: its products stay on that thread.
            FastKernels.withThreadLimit(1) { run(workspaces[p], part) }
        }
    }
}
