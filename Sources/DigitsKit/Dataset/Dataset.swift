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

    public init(name: String, training: LabeledImages, validation: LabeledImages, test: LabeledImages,
                sha256: [String: String] = [:]) {
        self.name = name
        self.training = training
        self.validation = validation
        self.test = test
        self.sha256 = sha256
    }

    /// The default number of training examples held out for validation.
    public static let defaultValidationSize = 10_000
}
