/// Everything an exact resume of a training run needs, as one value: the options, the
/// distortions, the recipe, the training state (epoch, schedule and early-stopping state; the
/// RNG streams are derived from the seed and the epoch, so the epoch is their whole state), the
/// parameters, the momentum velocities and the best parameters so far.
///
/// ``Trainer`` hands one to ``Trainer/onEpoch`` after every epoch; ``model`` is what a
/// `.checkpoint.digits` file holds, and ``init(model:)`` reads one back, checking that its
/// parts agree. ``Trainer/init(resuming:dataset:overrides:)`` continues from it, bit-identical to
/// the uninterrupted run.
///
///     var saved: Checkpoint?
///     trainer.onEpoch = { _, checkpoint in saved = checkpoint }
///     …
///     let resumed = try Trainer(resuming: try Checkpoint(model: ModelFile.read(path)), dataset: data)
public struct Checkpoint: Sendable, Equatable {
    /// The options the run was started with (``TrainingOptions/layers`` are the network's sizes).
    public var options: TrainingOptions
    /// The per-epoch distortions (``AugmentationOptions/none`` for none).
    public var augmentation: AugmentationOptions
    /// The elastic field pool size the distortions use.
    public var fieldPoolSize: Int
    /// The recipe the run started from, if any (a record: the options already hold its values).
    public var recipe: String?
    /// Epochs completed, η for the next epoch, plateau and early-stopping counters, history.
    public var state: TrainingState
    /// The parameters after epoch ``TrainingState/epochsCompleted``, as trained: with
    /// ``inputMean`` they take centred inputs x − μ (``model`` saves them with μ folded in).
    public var network: Network
    /// The input mean μ the run subtracts (``TrainingOptions/centerInputs``), one value per input
    /// of ``network``; nil otherwise.
    public var inputMean: InputMean?
    /// The momentum velocities v, shaped like ``network``'s parameters; nil without momentum.
    public var velocities: Network?
    /// The best-validation parameters when early stopping keeps a network other than the current
    /// one; nil otherwise.
    public var best: Network?
    /// What the run trained on.
    public var data: DataRecord
    /// Entries recorded beside the training ones (creation time, tool version), kept in order.
    public var provenance: Metadata

    /// The training data a checkpoint records: enough to find it again and to refuse other data.
    public struct DataRecord: Sendable, Equatable {
        /// The dataset's name (`mnist`, `fashion-mnist`, a spec's name).
        public var name: String
        /// Training examples (after the validation split) and validation examples (nil when a
        /// file does not record them).
        public var trainingSize: Int?
        public var validationSize: Int?
        /// The directory the files were read from (absolute), when known.
        public var directory: String?
        /// The files' checksums, `name=hex;…` (``Dataset/checksumRecord``), when known.
        public var checksums: String?

        public init(name: String, trainingSize: Int?, validationSize: Int?, directory: String? = nil, checksums: String? = nil) {
            self.name = name
            self.trainingSize = trainingSize
            self.validationSize = validationSize
            self.directory = directory
            self.checksums = checksums
        }

        /// The record of `dataset`.
        public init(_ dataset: Dataset) {
            self.init(name: dataset.name, trainingSize: dataset.training.count, validationSize: dataset.validation.count,
                      directory: dataset.directory, checksums: dataset.checksumRecord)
        }
    }

    public init(options: TrainingOptions, augmentation: AugmentationOptions = .none,
                fieldPoolSize: Int = Augmenter.defaultFieldPoolSize, recipe: String? = nil, state: TrainingState,
                network: Network, inputMean: InputMean? = nil, velocities: Network? = nil, best: Network? = nil,
                data: DataRecord, provenance: Metadata = Metadata()) {
        self.options = options
        self.augmentation = augmentation
        self.fieldPoolSize = fieldPoolSize
        self.recipe = recipe
        self.state = state
        self.network = network
        self.inputMean = inputMean
        self.velocities = velocities
        self.best = best
        self.data = data
        self.provenance = provenance
    }
}

/// What a resumed run may change: nothing that decides the trained bits.
public struct ResumeOverrides: Sendable, Equatable {
    /// The total epochs to reach (at least the epochs already completed).
    public var epochs: Int?
    /// Threads (results never depend on them).
    public var threads: Int?
    /// Measure test accuracy after every epoch from now on.
    public var monitorTest: Bool?
    /// How often the progress callback runs.
    public var progressInterval: Int?

    public init(epochs: Int? = nil, threads: Int? = nil, monitorTest: Bool? = nil, progressInterval: Int? = nil) {
        self.epochs = epochs
        self.threads = threads
        self.monitorTest = monitorTest
        self.progressInterval = progressInterval
    }
}
