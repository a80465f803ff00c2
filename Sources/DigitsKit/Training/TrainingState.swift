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

/// The metadata keys a checkpoint carries beyond ``MetadataKey``, for resuming.
public enum TrainingMetadataKey {
    public static let epochsPlanned = "train.epochs-planned"      // int
    public static let etaSchedule = "train.eta-schedule"          // string: EtaSchedule.description
    public static let earlyStop = "train.early-stop"              // int: patience, absent = off
    public static let monitorTest = "train.monitor-test"          // int: 0/1
    public static let currentEta = "train.eta"                    // double: η for the next epoch
    public static let plateauCount = "train.plateau-count"        // int
    public static let epochsSinceBest = "train.epochs-since-best" // int
    public static let bestValidation = "train.best-validation-accuracy" // double
    public static let bestEpoch = "train.best-epoch"              // int
    /// bytes: momentum velocities, Float32 little-endian, every layer's weights then every
    /// layer's biases (the same order as ``bestParameters``).
    public static let velocities = "train.velocities"
    /// bytes: the best-validation parameters (early stopping), same layout as ``velocities``.
    public static let bestParameters = "train.best-parameters"
}

extension TrainingMetadataKey {
    /// What each resume key must hold; checked when a file is read (see ``MetadataRule``).
    public static let rules: [String: MetadataRule] = {
        let epochCount = MetadataRule.int(0...Int64(TrainingOptions.maxEpochs))
        return [
            epochsPlanned: .int(1...Int64(TrainingOptions.maxEpochs)),
            etaSchedule: .string { text in
                guard text.utf8.count <= 64 else { return "\(quotedForMessage(text.prefix(40)))… is not an η schedule" }
                do { _ = try EtaSchedule(parsing: text); return nil } catch { return escapedForMessage("\(error)") }
            },
            earlyStop: .int(1...Int64(TrainingOptions.maxEpochs)),
            monitorTest: .int(0...1),
            currentEta: .positive,
            plateauCount: epochCount,
            epochsSinceBest: epochCount,
            bestValidation: .fraction,
            bestEpoch: epochCount,
            velocities: .bytes,
            bestParameters: .bytes,
        ]
    }()
}

extension Parameters {
    /// How many values ``littleEndianBytes`` holds: every weight and bias.
    private var valueCount: Int { (0..<layerCount).reduce(0) { $0 + weightCount($1) + sizes[$1 + 1] } }

    /// All weights then all biases, layer by layer, as Float32 little-endian bytes.
    var littleEndianBytes: [UInt8] {
        var out = LittleEndianWriter(capacity: 4 * valueCount)
        for i in 0..<layerCount { out.f32s(UnsafeBufferPointer(start: weights[i], count: weightCount(i))) }
        for i in 0..<layerCount { out.f32s(UnsafeBufferPointer(start: biases[i], count: sizes[i + 1])) }
        return out.bytes
    }

    /// Reads values written by ``littleEndianBytes``; false when the byte count does not fit.
    func load(littleEndianBytes bytes: [UInt8]) -> Bool {
        guard bytes.count == valueCount * 4 else { return false }
        var offset = 0
        func read(_ p: UnsafeMutablePointer<Float>, _ n: Int) {
            for i in 0..<n {
                p[i] = Float(bitPattern: bytes.u32LE(at: offset))
                offset += 4
            }
        }
        for i in 0..<layerCount { read(weights[i], weightCount(i)) }
        for i in 0..<layerCount { read(biases[i], sizes[i + 1]) }
        return true
    }
}

extension TrainingOptions {
    /// Writes these options into `metadata` (the ``MetadataKey`` names plus a few of
    /// ``TrainingMetadataKey``).
    func record(into metadata: inout Metadata) {
        metadata[MetadataKey.seed] = .int(Int64(bitPattern: seed))
        metadata[MetadataKey.miniBatchSize] = .int(Int64(batchSize))
        metadata[MetadataKey.learningRate] = .double(eta)
        metadata[MetadataKey.lambda] = .double(lambda)
        metadata[MetadataKey.momentum] = .double(momentum)
        metadata[MetadataKey.cost] = .string(cost.rawValue)
        metadata[MetadataKey.initialization] = .string(initialization.rawValue)
        metadata[MetadataKey.threads] = .int(Int64(threads))
        metadata[TrainingMetadataKey.epochsPlanned] = .int(Int64(epochs))
        metadata[TrainingMetadataKey.etaSchedule] = .string(etaSchedule.description)
        metadata[TrainingMetadataKey.earlyStop] = earlyStopPatience.map { .int(Int64($0)) }
        metadata[TrainingMetadataKey.monitorTest] = .int(monitorTest ? 1 : 0)
    }

    /// The options a checkpoint was trained with (layers from its network).
    public init(checkpoint model: Model) throws {
        let m = model.metadata
        func need<T>(_ key: String, _ value: T?) throws -> T {
            guard let value else { throw TrainingError.badCheckpoint("the model has no '\(key)' metadata (not a training checkpoint)") }
            return value
        }
        self.init()
        layers = model.network.sizes
        cost = model.cost
        seed = UInt64(bitPattern: try need(MetadataKey.seed, m.int(MetadataKey.seed)))
        batchSize = Int(try need(MetadataKey.miniBatchSize, m.int(MetadataKey.miniBatchSize)))
        eta = try need(MetadataKey.learningRate, m.double(MetadataKey.learningRate))
        lambda = m.double(MetadataKey.lambda) ?? 0
        momentum = m.double(MetadataKey.momentum) ?? 0
        if let s = m.string(MetadataKey.initialization) {
            initialization = try need(MetadataKey.initialization, Initialization(rawValue: s))
        }
        // The thread count is the machine's, not the run's (results never depend on it): the
        // recorded one, but no more than this machine's cores.
        threads = min(Int(clamping: m.int(MetadataKey.threads) ?? 1), Self.defaultThreads)
        epochs = Int(try need(TrainingMetadataKey.epochsPlanned, m.int(TrainingMetadataKey.epochsPlanned)))
        if let done = m.int(MetadataKey.epochs), done > epochs {
            throw TrainingError.badCheckpoint("'\(MetadataKey.epochs)' \(done) is more than the \(epochs) of '\(TrainingMetadataKey.epochsPlanned)'")
        }
        etaSchedule = try EtaSchedule(parsing: m.string(TrainingMetadataKey.etaSchedule) ?? "constant")
        earlyStopPatience = m.int(TrainingMetadataKey.earlyStop).map { Int($0) }
        monitorTest = (m.int(TrainingMetadataKey.monitorTest) ?? 0) != 0
    }
}
