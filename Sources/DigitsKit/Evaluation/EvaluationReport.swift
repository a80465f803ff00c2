/// Everything `digits evaluate` reports, in a form that encodes to JSON.
public struct EvaluationReport: Equatable, Sendable, Codable {
    /// The model file, when known.
    public var model: String?
    /// The dataset name and the split evaluated on, when known.
    public var dataset: String?
    public var split: String?
    /// N, correct predictions (the trace) and their ratio.
    public var examples: Int
    public var correct: Int
    public var accuracy: Double
    public var classCount: Int
    /// What each class is, in label order, when the dataset names its classes (Fashion-MNIST);
    /// nil (and absent from the JSON) for digits.
    public var classNames: [String]?
    /// The confusion matrix: `matrix[label][predicted]`.
    public var matrix: [[Int]]
    public var perClass: [ClassMetrics]
    public var macro: MacroAverages
    /// Every off-diagonal cell with a non-zero count, largest first.
    public var confusions: [Confusion]
    /// For a committee (``CommitteeEvaluation``): every member's file and own accuracy, in
    /// order; the other figures are the committee's. Nil for one model.
    public var members: [CommitteeMemberSummary]?
    /// Wall-clock seconds the network took over the examples, when measured.
    public var seconds: Double?
    /// For the user's own images (``LabeledImageSet``): the directory, every image's answer and
    /// the files left out (see ``add(_:evaluation:)``).
    public var images: String?
    public var files: [ImageAnswer]?
    public var failures: [ImageFailure]?

    public init(_ evaluation: Evaluation, model: String? = nil, dataset: String? = nil, split: String? = nil) {
        let m = evaluation.matrix
        self.model = model
        self.dataset = dataset
        self.split = split
        examples = m.total
        correct = m.correct
        accuracy = m.accuracy
        classCount = m.classCount
        matrix = m.rows
        perClass = m.classMetrics
        macro = m.macroAverages
        confusions = m.topConfusions()
    }
}
