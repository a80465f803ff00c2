import Foundation

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
    /// The per-epoch distortions (set by ``augment(with:fieldPoolSize:)``), recorded in every
    /// checkpoint so that a resumed run distorts its epochs as the uninterrupted one would.
    public internal(set) var augmentation: AugmentationOptions = .none
    /// The elastic field pool size of ``augmentation``.
    public internal(set) var fieldPoolSize = Augmenter.defaultFieldPoolSize
    /// The recipe the run started from, recorded in its checkpoints and model (a record only).
    public var recipe: String?
    /// Entries every checkpoint and the final model carry beside the training ones (creation
    /// time, tool version).
    public var provenance = Metadata()

    /// Called after each epoch, in order, with its record and a checkpoint (the parameters after
    /// it and everything needed to resume). Throwing stops training with that error.
    public var onEpoch: ((EpochRecord, Checkpoint) throws -> Void)?
    /// Called every ``TrainingOptions/progressInterval`` mini-batches and at the end of an
    /// epoch. Keep it cheap.
    public var onProgress: ((TrainingProgress) -> Void)?
    /// The per-epoch distortion itself: given the training images, the epoch, a seed derived
    /// from (seed, epoch) and the threads to use, the images to train on (same pixel shape; the
    /// same whatever the thread count). Set by ``augment(with:fieldPoolSize:)``; tests may set
    /// their own. ``run()`` makes each epoch's images one epoch ahead (``DistortedEpochs``).
    var distortEpoch: DistortedEpochs.Distortion?
    /// Set by ``stop()``, read between mini-batches.
    let stopRequest = StopRequest()

    /// The mean subtracted from every training input (``TrainingOptions/centerInputs``): the
    /// training split's, or the one the resumed run used. nil: inputs as they are.
    public let inputMean: InputMean?
    /// Current parameters (as trained: for centred inputs when ``inputMean`` is set), momentum
    /// velocities (nil without momentum) and best-so-far.
    let parameters: Parameters
    let velocities: Parameters?
    var best: Parameters?

    /// Seed streams: initialisation, each epoch's shuffle, augmentation and dropout masks.
    static let initializationStream: UInt64 = 0
    static func shuffleStream(_ epoch: Int) -> UInt64 { 1 << 32 | UInt64(epoch) }
    static func augmentationStream(_ epoch: Int) -> UInt64 { 2 << 32 | UInt64(epoch) }
    static func dropoutStream(_ epoch: Int) -> UInt64 { 3 << 32 | UInt64(epoch) }
    /// The key of `epoch`'s dropout masks in a run with training seed `seed` (each mini-batch
    /// and example derives its own stream from it: ``DropoutMasks``).
    static func dropoutSeed(_ seed: UInt64, epoch: Int) -> UInt64 { SplitMix64.derive(seed, stream: dropoutStream(epoch)) }
    /// The seed ``augmentation`` gets for `epoch` of a run with training seed `seed`.
    static func augmentationSeed(_ seed: UInt64, epoch: Int) -> UInt64 { SplitMix64.derive(seed, stream: augmentationStream(epoch)) }

    /// A new run from freshly initialised parameters.
    public convenience init(options: TrainingOptions, dataset: Dataset) throws {
        try options.validate()
        // Sigmoid layers; the output layer the cost's (softmax for log-likelihood).
        let params = Parameters(zerosLike: try Network(zerosWithSizes: options.layers, output: options.cost.outputActivation))
        Trainer.initialize(params, options.initialization, seed: options.seed)
        try self.init(options: options, dataset: dataset, parameters: params, state: TrainingState(eta: options.eta),
                      inputMean: options.centerInputs ? InputMean(of: dataset.training) : nil)
    }

    /// Continues the run saved in `checkpoint` (see Trainer+Resume.swift).
    convenience init(restoring checkpoint: Checkpoint, options: TrainingOptions, dataset: Dataset) throws {
        try options.validate()
        guard options.centerInputs == (checkpoint.inputMean != nil) else {
            throw TrainingError.badCheckpoint("centred inputs are \(options.centerInputs ? "on" : "off") but the checkpoint \(checkpoint.inputMean == nil ? "has no" : "has an") input mean")
        }
        if let mean = checkpoint.inputMean, mean.values.count != options.layers[0] {
            throw TrainingError.badCheckpoint("the input mean's size \(mean.values.count) is not the network's \(options.layers[0]) inputs")
        }
        try self.init(options: options, dataset: dataset, parameters: Parameters(checkpoint.network), state: checkpoint.state,
                      inputMean: checkpoint.inputMean)
        if let v = velocities, let saved = checkpoint.velocities {
            guard saved.sizes == v.sizes else { throw TrainingError.badCheckpoint("momentum velocities have the wrong size") }
            v.load(saved)
        }
        if let saved = checkpoint.best {
            guard saved.sizes == options.layers else { throw TrainingError.badCheckpoint("best parameters have the wrong size") }
            best = Parameters(saved)
        } else if state.bestValidationAccuracy != nil {
            best = Parameters(checkpoint.network)  // the best is the current network
        }
        augmentation = checkpoint.augmentation
        fieldPoolSize = checkpoint.fieldPoolSize
        recipe = checkpoint.recipe
        provenance = checkpoint.provenance
        if augmentation.kind != .none { augment(with: augmentation, fieldPoolSize: fieldPoolSize) }
    }

    private init(options: TrainingOptions, dataset: Dataset, parameters: Parameters, state: TrainingState,
                 inputMean: InputMean?) throws {
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
        self.inputMean = inputMean
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

    /// The current parameters as a network for raw inputs (``inputMean`` folded in).
    public var network: Network {
        let net = parameters.network()
        return inputMean.map { $0.folded(into: net) } ?? net
    }

    /// Asks a running ``run()`` to stop at the next mini-batch boundary (safe from any thread):
    /// it reports the epoch being measured, if any, and throws ``TrainingError/stopped(epochsCompleted:)``.
    public func stop() { stopRequest.set() }
}

/// Where a run is within an epoch, for a progress bar.
public struct TrainingProgress: Sendable, Equatable {
    public var epoch: Int
    /// Examples done so far in this epoch, and in the whole epoch.
    public var done: Int
    public var total: Int
    /// The mean cost per example over this epoch's mini-batches so far (each measured before its
    /// update, as the epoch's cost is), plus the L2 term of the weights the epoch started from;
    /// nil at the end of an epoch.
    public var runningCost: Double?
}

/// A flag one thread sets and another reads (``Trainer/stop()``).
final class StopRequest: @unchecked Sendable {
    private let lock = NSLock()
    private var requested = false
    func set() { lock.lock(); requested = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return requested }
}
