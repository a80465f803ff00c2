/// A dataset as training uses it: training, validation and test examples.
///
/// The validation set is carved from the *end* of the training file (Nielsen's 50k/10k split by
/// default), so the test set stays untouched until the final evaluation.
public struct Dataset: Sendable {
    public var name: String
    public var training: LabeledImages
    public var validation: LabeledImages
    public var test: LabeledImages

    public init(name: String, training: LabeledImages, validation: LabeledImages, test: LabeledImages) {
        self.name = name
        self.training = training
        self.validation = validation
        self.test = test
    }

    /// The default number of training examples held out for validation.
    public static let defaultValidationSize = 10_000
}
