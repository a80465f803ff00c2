/// What a run must remember between epochs to continue exactly: stored in each checkpoint's
/// metadata so `--resume` reproduces an uninterrupted run bit for bit.
public struct TrainingState: Sendable, Equatable {
    /// Epochs finished so far.
    public var epochsCompleted = 0
    /// The learning rate the next epoch uses (after any schedule change).
    public var eta: Double
    /// Epochs since validation accuracy last improved or η was last halved (plateau schedule).
    public var plateauCount = 0
    /// Epochs since validation accuracy last improved (early stopping).
    public var epochsSinceBest = 0
    /// The best validation accuracy so far and the epoch that reached it.
    public var bestValidationAccuracy: Double?
    public var bestEpoch = 0
    /// Every finished epoch's measurements.
    public var history: [EpochRecord] = []

    public init(eta: Double) { self.eta = eta }
}
