/// Everything `digits compare` reports, in a form that encodes to JSON.
public struct ComparisonReport: Equatable, Sendable, Codable {
    /// One compared model.
    public struct ModelSummary: Equatable, Sendable, Codable {
        /// Short name ("A", "B", …) and the file it came from.
        public var name: String
        public var path: String
        public var sizes: [Int]
        public var parameterCount: Int
        public var cost: String
        public var examples: Int
        public var correct: Int
        public var accuracy: Double
        public var macro: MacroAverages
        /// Epochs trained and the best validation accuracy seen, from the metadata.
        public var epochs: Int?
        public var bestValidationAccuracy: Double?
        /// For a committee side: its members' files (``path`` joins them with " + "); nil for
        /// one model. See ``init(_:sides:paths:dataset:split:warnings:)``.
        public var members: [String]?
    }

    /// The confusion-matrix difference `second − first`.
    public struct MatrixDifference: Equatable, Sendable, Codable {
        public var first: String
        public var second: String
        /// `matrix[label][predicted]`.
        public var matrix: [[Int]]
    }

    /// Per-layer parameter differences `second − first`, or why there are none.
    public struct WeightDifferences: Equatable, Sendable, Codable {
        public var first: String
        public var second: String
        /// Nil when the architectures differ.
        public var layers: [LayerDifference]?
        public var omittedBecause: String?
    }

    public var dataset: String?
    public var split: String?
    public var examples: Int
    public var models: [ModelSummary]
    /// Classes, biggest recall change first.
    public var classRecall: [RecallChange]
    /// Every pair of models.
    public var pairs: [PairComparison]
    /// The multiple-comparison correction the pairs' readings use: "holm" when more than one
    /// pair was tested (see ``PairComparison/holmPValue``), nil for two models.
    public var correction: String?
    /// Examples on which not all models agree.
    public var disagreements: Int
    /// Each later model against the first.
    public var confusionDifferences: [MatrixDifference]
    public var weights: [WeightDifferences]
    public var metadata: [MetadataRow]
    public var warnings: [String]
    /// For the user's own images (``LabeledImageSet``): the directory, every image's answers and
    /// the files left out (see ``add(_:comparison:)``).
    public var images: String?
    public var files: [ImageAnswer]?
    public var failures: [ImageFailure]?

    /// Assembles the report of `comparison` of `models` (same order), read from `paths`.
    public init(_ comparison: ModelComparison, models: [Model], paths: [String], dataset: String? = nil,
                split: String? = nil, warnings: [String] = []) {
        precondition(models.count == comparison.names.count && paths.count == models.count, "one model and path per name")
        let names = comparison.names
        self.dataset = dataset
        self.split = split
        examples = comparison.exampleCount
        self.models = models.indices.map { i in
            let m = comparison.matrices[i], meta = models[i].metadata
            let history = meta.history ?? []
            let bestHistory = history.compactMap(\.validationAccuracy).max()
            let epochs = meta.int(MetadataKey.epochs).map(Int.init) ?? (history.isEmpty ? nil : history.count)
            return ModelSummary(name: names[i], path: paths[i], sizes: models[i].network.sizes,
                                parameterCount: models[i].network.parameterCount, cost: models[i].cost.rawValue,
                                examples: m.total, correct: m.correct, accuracy: m.accuracy, macro: m.macroAverages,
                                epochs: epochs,
                                bestValidationAccuracy: bestHistory ?? meta.double(MetadataKey.validationAccuracy))
        }
        classRecall = comparison.recallChanges
        pairs = comparison.pairs
        correction = pairs.count > 1 ? "holm" : nil
        disagreements = comparison.disagreements.count
        confusionDifferences = (1..<names.count).map { j in
            let d = comparison.matrixDifference(model: j), k = comparison.classCount
            return MatrixDifference(first: names[0], second: names[j],
                                    matrix: (0..<k).map { Array(d[$0 * k ..< ($0 + 1) * k]) })
        }
        weights = (1..<names.count).map { j in
            let a = models[0].network, b = models[j].network
            if let layers = WeightComparison.layers(from: a, to: b) {
                return WeightDifferences(first: names[0], second: names[j], layers: layers, omittedBecause: nil)
            }
            return WeightDifferences(first: names[0], second: names[j], layers: nil,
                                     omittedBecause: "different architectures (\(names[0]) \(a.sizes), \(names[j]) \(b.sizes)): weights cannot be matched one to one")
        }
        metadata = MetadataComparison.rows(models)
        self.warnings = warnings
    }
}
