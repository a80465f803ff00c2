/// A dataset as training uses it: training, validation and test examples.
///
/// The validation set is carved from the *end* of the training file (Nielsen's 50k/10k split by
/// default), so the test set stays untouched until the final evaluation.
public struct Dataset: Sendable {
    public var name: String
    public var training: LabeledImages
    public var validation: LabeledImages
    public var test: LabeledImages
    /// File name → lower-case hex SHA-256 of the file as on disk (filled by ``load(directory:spec:validationSize:)``),
    /// so that a trained model can record which data it saw.
    public var sha256: [String: String]
    /// The directory the files were read from, absolute (filled by ``load(directory:spec:validationSize:)``;
    /// nil for a dataset built in memory): recorded in checkpoints so that a resumed run finds it.
    public var directory: String?
    /// The files' names in their spec's order (training images, labels, test images, labels).
    public var fileOrder: [String] = []

    public init(name: String, training: LabeledImages, validation: LabeledImages, test: LabeledImages,
                sha256: [String: String] = [:]) {
        self.name = name
        self.training = training
        self.validation = validation
        self.test = test
        self.sha256 = sha256
    }

    /// The files' checksums as a model records them (``MetadataKey/datasetSHA256``):
    /// `name=hex;name=hex;…` in the spec's file order; nil when none are known.
    public var checksumRecord: String? {
        guard !sha256.isEmpty else { return nil }
        let order = fileOrder.isEmpty ? sha256.keys.sorted() : fileOrder
        return order.compactMap { name in sha256[name].map { "\(name)=\($0)" } }.joined(separator: ";")
    }

    /// The default number of training examples held out for validation.
    public static let defaultValidationSize = 10_000
}
