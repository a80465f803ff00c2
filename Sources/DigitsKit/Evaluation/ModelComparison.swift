/// Several models evaluated on the same examples: their predictions, confusion matrices, and how
/// they differ, pair by pair and class by class.
///
/// The first model is the baseline: per-class changes and matrix differences are "model − first".
public struct ModelComparison: Sendable {
    /// Short names of the models, in order (e.g. "A", "B", "C").
    public let names: [String]
    /// The true class of every example.
    public let labels: [Int]
    /// `predictions[m][i]`: model `m`'s answer on example `i`.
    public let predictions: [[Int]]
    /// One confusion matrix per model.
    public let matrices: [ConfusionMatrix]

    /// Builds the comparison from known predictions.
    /// - Throws: ``EvaluationError`` for fewer than two models, lengths that differ or classes out
    ///   of range.
    public init(names: [String], labels: [Int], predictions: [[Int]], classCount: Int) throws {
        guard names.count >= 2, predictions.count == names.count else {
            throw EvaluationError.tooFewModels(min(names.count, predictions.count))
        }
        self.names = names
        self.labels = labels
        self.predictions = predictions
        self.matrices = try predictions.map { try ConfusionMatrix(labels: labels, predictions: $0, classCount: classCount) }
    }

    /// Runs every network on `images` in one pass (chunk by chunk, all models per chunk) and
    /// compares their answers.
    ///
    /// - Throws: ``ModelFitError`` naming the model that does not fit the data, or an
    ///   ``EvaluationError``.
    public init(names: [String], networks: [Network], images: LabeledImages, classCount: Int,
                chunkSize: Int = Evaluation.defaultChunkSize, progress: ((Int) -> Void)? = nil) throws {
        guard networks.count >= 2, names.count == networks.count else {
            throw EvaluationError.tooFewModels(min(names.count, networks.count))
        }
        for (name, network) in zip(names, networks) {
            do { try Evaluation.check(network, fits: images, classCount: classCount) } catch let error as EvaluationError {
                throw ModelFitError(model: name, underlying: error)
            }
        }
        var predictions = [[Int]](repeating: [], count: networks.count)
        let predictors = networks.map { Predictor($0, capacity: chunkSize) }
        try Evaluation.forEachChunk(of: images.count, chunkSize: chunkSize, progress: progress) { range in
            for m in predictors.indices {
                do { predictions[m] += try predictors[m].predictions(for: images, range: range) } catch let error as EvaluationError {
                    throw ModelFitError(model: names[m], underlying: error)
                }
            }
        }
        try self.init(names: names, labels: images.labels.map(Int.init), predictions: predictions, classCount: classCount)
    }

    public var classCount: Int { matrices[0].classCount }
    public var exampleCount: Int { labels.count }

    /// Every pair (i < j), compared example by example with McNemar's exact test; with more
    /// than one pair (three models or more) each also gets Holm's adjusted p-value, which its
    /// reading then uses (testing several pairs at once, some would look significant by chance).
    public var pairs: [PairComparison] {
        var out: [PairComparison] = []
        for i in names.indices {
            for j in names.indices where j > i {
                // Lengths were checked when the matrices were built.
                if let pair = try? PairComparison(first: names[i], second: names[j], labels: labels,
                                                  firstPredictions: predictions[i], secondPredictions: predictions[j]) {
                    out.append(pair)
                }
            }
        }
        if out.count > 1 {
            for (k, adjusted) in McNemar.holmAdjusted(out.map(\.pValue)).enumerated() { out[k].applyHolm(adjusted) }
        }
        return out
    }

    /// The examples on which not all models give the same answer, in order.
    public var disagreements: [Int] {
        labels.indices.filter { i in predictions.contains { $0[i] != predictions[0][i] } }
    }

    /// Per-class recall of every model and its change from the first model, the classes with
    /// the biggest change (in any model) first.
    public var recallChanges: [RecallChange] {
        let metrics = matrices.map(\.classMetrics)
        let rows = (0..<classCount).map { c in
            let recalls = metrics.map { $0[c].recall }
            return RecallChange(label: c, support: metrics[0][c].support, recalls: recalls,
                                changes: recalls.dropFirst().map { $0 - recalls[0] })
        }
        return rows.sorted {
            let a = $0.largestChange, b = $1.largestChange
            return a != b ? a > b : $0.label < $1.label
        }
    }

    /// The confusion-matrix difference `model − first`, row-major, for `model` ≥ 1.
    public func matrixDifference(model: Int) -> [Int] {
        matrices[model].difference(minus: matrices[0])
    }
}

/// One class's recall under each model and the change from the first model.
public struct RecallChange: Equatable, Sendable, Codable {
    public var label: Int
    /// Examples of the class.
    public var support: Int
    /// Recall per model, in model order.
    public var recalls: [Double]
    /// recall(model) − recall(first) for the second model onwards.
    public var changes: [Double]

    /// The largest |change|.
    public var largestChange: Double { changes.map { abs($0) }.max() ?? 0 }
}

/// A model that does not fit the data, named (e.g. "B: the model has 5 outputs …").
public struct ModelFitError: DigitsError, Equatable {
    public var model: String
    public var underlying: EvaluationError
    public var kind: FailureKind { .badInput }
    public var description: String { "\(model): \(underlying.description)" }
}
