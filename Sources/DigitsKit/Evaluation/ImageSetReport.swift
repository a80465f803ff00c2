/// One image of a labelled image set and the answers it got, for `--json`.
public struct ImageAnswer: Equatable, Sendable, Codable {
    /// The file (with `#k` for the k-th image of a file that holds several).
    public var file: String
    public var label: Int
    /// The model's answer (`evaluate`).
    public var predicted: Int?
    /// Each model's answer, in model order (`compare`).
    public var predictions: [Int]?
}

/// A file of a labelled image set that could not be used, with its one-line error.
public struct ImageFailure: Equatable, Sendable, Codable {
    public var file: String
    public var error: String

    public init(_ error: FileError) {
        file = error.path
        self.error = error.underlying.description
    }
}

extension EvaluationReport {
    /// Adds what is particular to an evaluation on `set`: its directory, every image's answer
    /// and the files left out.
    public mutating func add(_ set: LabeledImageSet, evaluation: Evaluation) {
        images = set.directory
        files = set.names.indices.map { i in
            ImageAnswer(file: set.names[i], label: evaluation.labels[i], predicted: evaluation.predictions[i])
        }
        failures = set.failures.map(ImageFailure.init)
    }
}

extension ComparisonReport {
    /// Adds what is particular to a comparison on `set`: its directory, every image's answers
    /// and the files left out.
    public mutating func add(_ set: LabeledImageSet, comparison: ModelComparison) {
        images = set.directory
        files = set.names.indices.map { i in
            ImageAnswer(file: set.names[i], label: comparison.labels[i], predictions: comparison.predictions.map { $0[i] })
        }
        failures = set.failures.map(ImageFailure.init)
    }
}
