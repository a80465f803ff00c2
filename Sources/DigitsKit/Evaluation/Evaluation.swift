/// A model's predictions on a set of labelled images, and the confusion matrix they make.
public struct Evaluation: Sendable {
    /// The true class of every example.
    public let labels: [Int]
    /// The predicted class of every example.
    public let predictions: [Int]
    /// Rows = true class, columns = predicted class.
    public let matrix: ConfusionMatrix

    /// Builds the evaluation of known predictions.
    /// - Throws: ``EvaluationError`` when lengths differ or a class is out of range.
    public init(labels: [Int], predictions: [Int], classCount: Int) throws {
        self.labels = labels
        self.predictions = predictions
        self.matrix = try ConfusionMatrix(labels: labels, predictions: predictions, classCount: classCount)
    }

    /// Runs `network` on every image of `images` and compares its answers with the labels.
    ///
    /// - Parameters:
    ///   - classCount: the number of classes of the data (10 for digits); the network must have
    ///     exactly this many outputs.
    ///   - chunkSize: images per call to the network; `progress` is called after each chunk with
    ///     the number of images done.
    /// - Throws: ``EvaluationError`` when the network does not fit the data.
    public init(network: Network, images: LabeledImages, classCount: Int,
                chunkSize: Int = Evaluation.defaultChunkSize, progress: ((Int) -> Void)? = nil) throws {
        let predictions = try Evaluation.predictions(of: network, on: images, classCount: classCount,
                                                     chunkSize: chunkSize, progress: progress)
        try self.init(labels: images.labels.map(Int.init), predictions: predictions, classCount: classCount)
    }

    /// Images per inference call: large enough for the batched path to run at full speed,
    /// small enough for a progress bar to move.
    public static let defaultChunkSize = 2_000

    /// The predicted class of every image, computed `chunkSize` images at a time by one
    /// ``Predictor`` (1: one image per forward pass).
    /// - Throws: ``EvaluationError/inputSize(model:data:)`` or
    ///   ``EvaluationError/outputCount(model:classes:)`` when the network does not fit the data.
    public static func predictions(of network: Network, on images: LabeledImages, classCount: Int,
                                   chunkSize: Int = defaultChunkSize,
                                   progress: ((Int) -> Void)? = nil) throws -> [Int] {
        try check(network, fits: images, classCount: classCount)
        var out: [Int] = []
        out.reserveCapacity(images.count)
        let predictor = Predictor(network, capacity: chunkSize)
        try forEachChunk(of: images.count, chunkSize: chunkSize, progress: progress) { range in
            out += try predictor.predictions(for: images, range: range)
        }
        return out
    }

    /// Calls `body` with consecutive ranges of at most `chunkSize` (≥ 1) of `0..<count`, then
    /// `progress` with the number of examples done after each.
    static func forEachChunk(of count: Int, chunkSize: Int, progress: ((Int) -> Void)?,
                             _ body: (Range<Int>) throws -> Void) rethrows {
        let step = max(1, chunkSize)
        var start = 0
        while start < count {
            let end = min(count, start + step)
            try body(start..<end)
            start = end
            progress?(end)
        }
    }

    /// Checks that `network` takes images of this size and has one output per class.
    public static func check(_ network: Network, fits images: LabeledImages, classCount: Int) throws {
        guard network.inputSize == images.pixelsPerImage else {
            throw EvaluationError.inputSize(model: network.inputSize, data: images.pixelsPerImage)
        }
        guard network.outputSize == classCount else {
            throw EvaluationError.outputCount(model: network.outputSize, classes: classCount)
        }
    }

    /// The indices of the examples predicted wrongly, in order.
    public var misclassified: [Int] {
        labels.indices.filter { labels[$0] != predictions[$0] }
    }
}
