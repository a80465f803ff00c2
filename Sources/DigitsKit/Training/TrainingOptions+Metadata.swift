// The options codec: the TrainingOptions a run records in its models and checkpoints.

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
        // Recorded only when on, so that a run without them writes the files it always did.
        metadata[TrainingMetadataKey.nesterov] = nesterov ? .int(1) : nil
        metadata[TrainingMetadataKey.dropout] = dropout > 0 ? .double(dropout) : nil
        metadata[TrainingMetadataKey.maxNorm] = maxNorm.map { .double($0) }
        metadata[TrainingMetadataKey.centerInputs] = centerInputs ? .int(1) : nil
    }

    /// The options recorded in `m` (by ``record(into:)``) for a network of `layers` trained
    /// with `cost`.
    init(metadata m: Metadata, layers: [Int], cost: Cost) throws {
        func need<T>(_ key: String, _ value: T?) throws -> T {
            guard let value else { throw TrainingError.badCheckpoint("the model has no '\(key)' metadata (not a training checkpoint)") }
            return value
        }
        self.init()
        self.layers = layers
        self.cost = cost
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
        etaSchedule = try EtaSchedule(parsing: m.string(TrainingMetadataKey.etaSchedule) ?? "constant")
        earlyStopPatience = m.int(TrainingMetadataKey.earlyStop).map { Int($0) }
        monitorTest = (m.int(TrainingMetadataKey.monitorTest) ?? 0) != 0
        nesterov = (m.int(TrainingMetadataKey.nesterov) ?? 0) != 0
        dropout = m.double(TrainingMetadataKey.dropout) ?? 0
        maxNorm = m.double(TrainingMetadataKey.maxNorm)
        centerInputs = (m.int(TrainingMetadataKey.centerInputs) ?? 0) != 0
    }
}
