/// Why training could not start or finish.
public enum TrainingError: DigitsError, Equatable {
    /// A text naming an option's value (a recipe, a schedule, a cost) is not one.
    case badOption(String)
    /// Layer sizes given by hand do not fit the data (the reason says how to fix them).
    case badLayers(String)
    /// An option has an impossible value: which one, and why (as "must be 1…10, got 0").
    case invalidOption(TrainingOptionName, String)
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
    /// A model without training state (a final model, or one made elsewhere) given as a checkpoint.
    case notACheckpoint
    /// ``Trainer/stop()`` ended the run after `epochsCompleted` epochs (each one already reported).
    case stopped(epochsCompleted: Int)

    public var kind: FailureKind {
        switch self {
        case .diverged, .stopped: return .runtime
        default: return .badInput
        }
    }

    public var description: String {
        switch self {
        case .badOption(let s): return s
        case .badLayers(let s): return "layers \(s)"
        case let .invalidOption(option, reason): return "\(option.rawValue) \(reason)"
        case let .diverged(epoch, eta):
            return "training diverged in epoch \(epoch): the cost or a weight became NaN or infinite with η = \(eta); try a smaller --eta (the last good checkpoint is kept)"
        case let .labelOutOfRange(label, outputs):
            return "label \(label) does not fit a network with \(outputs) outputs"
        case .noTrainingData: return "the data set has no training examples"
        case .needsValidation(let what): return "\(what) needs a validation set (--validation N with N ≥ 1)"
        case .badCheckpoint(let s): return "cannot resume: \(s)"
        case .notACheckpoint:
            return "cannot resume: this is a trained model, not a checkpoint (it holds no training state); "
                + "resume from the NAME.checkpoint.digits saved beside it every epoch"
        case .stopped(let n): return "training stopped after \(n) epoch\(n == 1 ? "" : "s")"
        }
    }
}

/// A training option, as the library names it in ``TrainingError/invalidOption(_:_:)``; a
/// command line maps each to its own flag.
public enum TrainingOptionName: String, Sendable, CaseIterable {
    case epochs
    case batchSize = "the mini-batch size"
    case eta = "the learning rate η"
    case lambda = "λ"
    case momentum
    case nesterov = "Nesterov momentum"
    case dropout = "the dropout probability"
    case maxNorm = "the max-norm"
    case earlyStopPatience = "the early-stopping patience"
    case threads
    case progressInterval = "the progress interval"
}
