/// Why training could not start or finish.
public enum TrainingError: DigitsError, Equatable {
    /// An option has an impossible value.
    case badOption(String)
    /// The cost or a parameter became NaN or infinite during `epoch` with learning rate `eta`.
    case diverged(epoch: Int, eta: Double)
    /// A label is not below the number of output neurons.
    case labelOutOfRange(label: Int, outputs: Int)
    /// The data set has no training examples.
    case noTrainingData
    /// Validation accuracy is needed (early stopping, plateau schedule) but there is no
    /// validation set.
    case needsValidation(String)
    /// A checkpoint lacks, or has an unusable, resume field.
    case badCheckpoint(String)

    public var kind: FailureKind {
        switch self {
        case .diverged: return .runtime
        default: return .badInput
        }
    }

    public var description: String {
        switch self {
        case .badOption(let s): return s
        case let .diverged(epoch, eta):
            return "training diverged in epoch \(epoch): the cost or a weight became NaN or infinite with η = \(eta); try a smaller --eta (the last good checkpoint is kept)"
        case let .labelOutOfRange(label, outputs):
            return "label \(label) does not fit a network with \(outputs) outputs"
        case .noTrainingData: return "the data set has no training examples"
        case .needsValidation(let what): return "\(what) needs a validation set (--validation N with N ≥ 1)"
        case .badCheckpoint(let s): return "cannot resume: \(s)"
        }
    }
}
