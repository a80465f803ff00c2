/// Mini-batch stochastic gradient descent on a ``Dataset``: the training loop.
///
/// Never prints: it reports through ``onEpoch`` (after every epoch, with the epoch's record and
/// a resumable checkpoint) and ``onProgress`` (every few mini-batches).
///
///     let trainer = try Trainer(options: options, dataset: dataset)
///     trainer.onEpoch = { record, checkpoint in … }
///     let result = try trainer.run()
public final class Trainer {
    public let options: TrainingOptions
    public let dataset: Dataset
    public internal(set) var state: TrainingState

    /// Called after each epoch with its record and a checkpoint model (current parameters and
    /// everything needed to resume). Throwing stops training with that error.
    public var onEpoch: ((EpochRecord, Model) throws -> Void)?
    /// Called every ``TrainingOptions/progressInterval`` mini-batches and at the end of an
    /// epoch with (epoch, examples done, examples in the epoch). Keep it cheap.
    public var onProgress: ((_ epoch: Int, _ done: Int, _ total: Int) -> Void)?
    /// Per-epoch data augmentation: given the training images, the epoch number and a seed
    /// derived from (seed, epoch), returns the images to train on this epoch (same pixel shape).
    public var augmentation: ((_ training: LabeledImages, _ epoch: Int, _ seed: UInt64) -> LabeledImages)?

    /// Seconds the last epoch's pass over the training images took: the gradient steps alone,
    /// without the validation and test measurements that ``EpochRecord/seconds`` includes.
    public internal(set) var lastEpochTrainingSeconds: Double?

    /// The running figure for a progress bar: the mean cost per example over the mini-batches
    /// of the current epoch so far (each measured before its update, as the epoch's cost is),
    /// plus the L2 term of the weights the epoch started from. Set just before each
    /// ``onProgress``; nil before the first.
    public internal(set) var runningCost: Double?

    /// Current parameters, momentum velocities (nil without momentum) and best-so-far.
    let parameters: Parameters
    let velocities: Parameters?
    var best: Parameters?

    /// Seed streams: initialisation, each epoch's shuffle, each epoch's augmentation.
    static let initializationStream: UInt64 = 0
    static func shuffleStream(_ epoch: Int) -> UInt64 { 1 << 32 | UInt64(epoch) }
    static func augmentationStream(_ epoch: Int) -> UInt64 { 2 << 32 | UInt64(epoch) }
    /// The seed ``augmentation`` gets for `epoch` of a run with training seed `seed`.
    static func augmentationSeed(_ seed: UInt64, epoch: Int) -> UInt64 { SplitMix64.derive(seed, stream: augmentationStream(epoch)) }

    /// A new run from freshly initialised parameters.
    public convenience init(options: TrainingOptions, dataset: Dataset) throws {
        try options.validate()
        let params = Parameters(zerosLike: try Network(zerosWithSizes: options.layers))
        Trainer.initialize(params, options.initialization, seed: options.seed)
        try self.init(options: options, dataset: dataset, parameters: params, state: TrainingState(eta: options.eta))
    }

    /// Continues the run saved in `checkpoint` (a model written by ``onEpoch``) with `options`
    /// (normally ``TrainingOptions/init(checkpoint:)``, perhaps with more epochs or other
    /// threads). Given the same options, the result is bit-identical to an uninterrupted run.
    public convenience init(options: TrainingOptions, dataset: Dataset, resumingFrom checkpoint: Model) throws {
        try options.validate()
        guard checkpoint.network.sizes == options.layers else {
            throw TrainingError.badCheckpoint("the checkpoint's layers \(checkpoint.network.sizes) differ from \(options.layers)")
        }
        let m = checkpoint.metadata
        guard let epochs = m.int(MetadataKey.epochs), let eta = m.double(TrainingMetadataKey.currentEta) else {
            throw TrainingError.badCheckpoint("the model has no training state (epochs, current η)")
        }
        guard options.epochs >= Int(epochs) else {
            throw TrainingError.badOption("--epochs \(options.epochs) is fewer than the \(epochs) the checkpoint has already trained")
        }
        var state = TrainingState(eta: eta)
        state.epochsCompleted = Int(epochs)
        state.plateauCount = Int(m.int(TrainingMetadataKey.plateauCount) ?? 0)
        state.epochsSinceBest = Int(m.int(TrainingMetadataKey.epochsSinceBest) ?? 0)
        state.bestValidationAccuracy = m.double(TrainingMetadataKey.bestValidation)
        state.bestEpoch = Int(m.int(TrainingMetadataKey.bestEpoch) ?? 0)
        state.history = m.history ?? []
        // Each value is in range (checked when the file was read); these are the ones that
        // must agree with each other.
        guard state.bestEpoch <= state.epochsCompleted else {
            throw TrainingError.badCheckpoint("'\(TrainingMetadataKey.bestEpoch)' \(state.bestEpoch) is after the \(epochs) epochs completed")
        }
        if let last = state.history.last, last.epoch > state.epochsCompleted {
            throw TrainingError.badCheckpoint("'\(MetadataKey.history)' records epoch \(last.epoch) but only \(epochs) epochs were completed")
        }
        try self.init(options: options, dataset: dataset, parameters: Parameters(checkpoint.network), state: state)
        if let v = velocities {
            if case .bytes(let bytes)? = m[TrainingMetadataKey.velocities] {
                guard v.load(littleEndianBytes: bytes) else { throw TrainingError.badCheckpoint("momentum velocities have the wrong size") }
            }
        }
        if case .bytes(let bytes)? = m[TrainingMetadataKey.bestParameters] {
            let b = Parameters(zerosLike: checkpoint.network)
            guard b.load(littleEndianBytes: bytes) else { throw TrainingError.badCheckpoint("best parameters have the wrong size") }
            best = b
        } else if state.bestValidationAccuracy != nil {
            best = Parameters(checkpoint.network)  // the best is the current network
        }
    }

    private init(options: TrainingOptions, dataset: Dataset, parameters: Parameters, state: TrainingState) throws {
        guard dataset.training.count > 0 else { throw TrainingError.noTrainingData }
        for set in [dataset.training, dataset.validation, dataset.test] where set.count > 0 {
            guard set.pixelsPerImage == options.layers[0] else {
                throw NetworkError.inputSize(expected: options.layers[0], got: set.pixelsPerImage)
            }
            let outputs = options.layers[options.layers.count - 1]
            if let label = set.labels.first(where: { Int($0) >= outputs }) {
                throw TrainingError.labelOutOfRange(label: Int(label), outputs: outputs)
            }
        }
        if dataset.validation.count == 0 {
            if options.earlyStopPatience != nil { throw TrainingError.needsValidation("early stopping") }
            if options.etaSchedule.needsValidation { throw TrainingError.needsValidation("the \(options.etaSchedule) schedule") }
        }
        self.options = options
        self.dataset = dataset
        self.parameters = parameters
        self.state = state
        self.velocities = options.momentum > 0 ? Parameters(zerosLike: parameters.template) : nil
    }

    /// Draws initial parameters: biases N(0, 1), then weights N(0, 1) (`normal`) or
    /// N(0, 1/n_in) (`scaled`), layer by layer, row-major, from the seed's initialisation stream.
    static func initialize(_ p: Parameters, _ kind: Initialization, seed: UInt64) {
        var rng = Xoshiro256StarStar(seed: SplitMix64.derive(seed, stream: initializationStream))
        for i in 0..<p.layerCount {
            for j in 0..<p.sizes[i + 1] { p.biases[i][j] = Float(rng.nextNormal()) }
        }
        for i in 0..<p.layerCount {
            let scale = kind == .scaled ? 1 / Double(p.sizes[i]).squareRoot() : 1
            for j in 0..<p.weightCount(i) { p.weights[i][j] = Float(rng.nextNormal() * scale) }
        }
    }

    /// The current parameters as a network.
    public var network: Network { parameters.network() }
}
