/// Why a model cannot be evaluated on a set of examples.
public enum EvaluationError: DigitsError, Equatable {
    /// The model takes `model` inputs but each image has `data` pixels.
    case inputSize(model: Int, data: Int)
    /// The model has `model` outputs but the data has `classes` classes.
    case outputCount(model: Int, classes: Int)
    /// A label or prediction at `index` is `value`, not below `classCount`.
    case classOutOfRange(index: Int, value: Int, classCount: Int)
    /// Labels and predictions of different lengths.
    case lengthMismatch(labels: Int, predictions: Int)
    /// There are no examples to evaluate on.
    case noExamples
    /// Fewer than two models were given to compare.
    case tooFewModels(Int)
    /// The model's outputs for example `example` are NaN: finite weights large enough to
    /// overflow Float32 sums (∞ − ∞), so the model has no answer.
    case nonFiniteOutput(example: Int)

    public var kind: FailureKind { .badInput }

    public var description: String {
        switch self {
        case let .inputSize(model, data):
            return "the model takes \(model) inputs but the images have \(data) pixels each"
        case let .outputCount(model, classes):
            return "the model has \(model) outputs but the data has \(classes) classes"
        case let .classOutOfRange(index, value, classCount):
            return "example \(index): class \(value) is not below \(classCount)"
        case let .lengthMismatch(labels, predictions):
            return "\(labels) labels but \(predictions) predictions"
        case .noExamples:
            return "there are no examples to evaluate on"
        case .tooFewModels(let n):
            return "comparing needs at least two models, got \(n)"
        case .nonFiniteOutput(let example):
            return "the model's outputs for example \(example) are NaN (its weights overflow Float32 arithmetic): it gives no answer"
        }
    }
}
