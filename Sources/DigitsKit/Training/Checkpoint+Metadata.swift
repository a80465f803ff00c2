// The one place where a Checkpoint becomes model-file metadata and back (the keys are in
// ModelFile/MetadataKeys.swift; each value's range is checked when the file is read).

extension Checkpoint {
    /// The checkpoint as a model file holds it: the network (for raw inputs: ``inputMean``
    /// folded in) plus every field in metadata (with μ and the unfolded first-layer biases).
    public var model: Model { model(resumable: true) }

    /// The model a finished run saves: ``model`` without the resume state (η for the next epoch,
    /// the counters, velocities, best parameters), so that it cannot be mistaken for a
    /// checkpoint.
    var finalModel: Model { model(resumable: false) }

    private func model(resumable: Bool) -> Model {
        typealias K = MetadataKey
        typealias T = TrainingMetadataKey
        var m = Metadata()
        options.record(into: &m)
        m[K.datasetName] = .string(data.name)
        m[K.trainingSize] = data.trainingSize.map { .int(Int64($0)) }
        m[K.validationSize] = data.validationSize.map { .int(Int64($0)) }
        m[K.epochs] = .int(Int64(state.epochsCompleted))
        if let last = state.history.last {
            m[K.validationAccuracy] = last.validationAccuracy.map { .double($0) }
            m[K.testAccuracy] = last.testAccuracy.map { .double($0) }
        }
        m.history = state.history
        if resumable {
            m[T.currentEta] = .double(state.eta)
            m[T.plateauCount] = .int(Int64(state.plateauCount))
            m[T.epochsSinceBest] = .int(Int64(state.epochsSinceBest))
            m[T.bestValidation] = state.bestValidationAccuracy.map { .double($0) }
            m[T.bestEpoch] = .int(Int64(state.bestEpoch))
            if let velocities { m[T.velocities] = .bytes(Parameters(velocities).littleEndianBytes) }
            if let best { m[T.bestParameters] = .bytes(Parameters(best).littleEndianBytes) }
            if let inputMean {
                m[T.inputMean] = .bytes(Self.bytes(inputMean.values))
                m[T.centredBiases] = .bytes(Self.bytes(network.biases[0]))
            }
        }
        for (key, value) in augmentation.metadataEntries(fieldPoolSize: fieldPoolSize) { m[key] = value }
        m[AugmentationMetadataKey.recipe] = recipe.map { .string($0) }
        m[K.datasetSHA256] = data.checksums.map { .string($0) }
        m[T.dataDirectory] = data.directory.map { .string($0) }
        for (key, value) in provenance { m[key] = value }
        return Model(network: inputMean.map { $0.folded(into: network) } ?? network, cost: options.cost, metadata: m)
    }

    private static func bytes(_ values: [Float]) -> [UInt8] {
        var out = LittleEndianWriter(capacity: 4 * values.count)
        out.f32s(values)
        return out.bytes
    }

    /// Reads a checkpoint back from `model` (a `.checkpoint.digits` file's contents).
    ///
    /// - Throws: ``TrainingError/notACheckpoint`` for a model without training state (a final
    ///   model, or one from elsewhere); ``TrainingError/badCheckpoint(_:)`` when a field is
    ///   missing, the fields disagree (each value's range was checked when the file was read)
    ///   or the velocities, best parameters, input mean or centred biases are the wrong size or
    ///   out of range;
    ///   ``AugmentationError`` for unusable distortions.
    public init(model: Model) throws {
        typealias K = MetadataKey
        typealias T = TrainingMetadataKey
        let m = model.metadata
        guard let eta = m.double(T.currentEta) else { throw TrainingError.notACheckpoint }
        let options = try TrainingOptions(metadata: m, layers: model.network.sizes, cost: model.cost)
        var state = TrainingState(eta: eta)
        state.epochsCompleted = Int(m.int(K.epochs) ?? 0)
        state.plateauCount = Int(m.int(T.plateauCount) ?? 0)
        state.epochsSinceBest = Int(m.int(T.epochsSinceBest) ?? 0)
        state.bestValidationAccuracy = m.double(T.bestValidation)
        state.bestEpoch = Int(m.int(T.bestEpoch) ?? 0)
        state.history = m.history ?? []
        // Each value is in range (checked when the file was read); these must agree with each other.
        guard state.epochsCompleted <= options.epochs else {
            throw TrainingError.badCheckpoint("'\(K.epochs)' \(state.epochsCompleted) is more than the \(options.epochs) of '\(T.epochsPlanned)'")
        }
        guard state.bestEpoch <= state.epochsCompleted else {
            throw TrainingError.badCheckpoint("'\(T.bestEpoch)' \(state.bestEpoch) is after the \(state.epochsCompleted) epochs completed")
        }
        if let last = state.history.last, last.epoch > state.epochsCompleted {
            throw TrainingError.badCheckpoint("'\(K.history)' records epoch \(last.epoch) but only \(state.epochsCompleted) epochs were completed")
        }
        func parameters(_ key: String, _ what: String) throws -> Network? {
            guard case .bytes(let bytes)? = m[key] else { return nil }
            let p = Parameters(zerosLike: model.network)
            guard p.load(littleEndianBytes: bytes) else { throw TrainingError.badCheckpoint("\(what) have the wrong size") }
            // As a model's own parameters must be (FORMAT.md rule 13): a NaN would diverge at once.
            guard p.allFinite else { throw TrainingError.badCheckpoint("\(what) are not all finite numbers") }
            return p.network()
        }
        // A centred run's file holds the network for raw inputs; training resumes from the
        // first-layer biases as trained, kept beside it.
        func floats(_ key: String, _ count: Int) throws -> [Float] {
            guard case .bytes(let bytes)? = m[key] else { throw TrainingError.badCheckpoint("'\(T.centerInputs)' is on but '\(key)' is missing") }
            guard bytes.count == 4 * count else {
                throw TrainingError.badCheckpoint("'\(key)' holds \(bytes.count) bytes, expected \(4 * count) (\(count) Float32 values)")
            }
            return (0..<count).map { bytes.f32LE(at: 4 * $0) }
        }
        var network = model.network, inputMean: InputMean?
        if options.centerInputs {
            guard let mean = InputMean(values: try floats(T.inputMean, network.sizes[0])) else {
                throw TrainingError.badCheckpoint("'\(T.inputMean)' has values outside [0, 1]")
            }
            network.biases[0] = try floats(T.centredBiases, network.sizes[1])
            guard network.biases[0].allSatisfy(\.isFinite) else { throw TrainingError.badCheckpoint("'\(T.centredBiases)' holds values that are not finite numbers") }
            inputMean = mean
        }
        let augmentation = try AugmentationOptions(metadata: m)
        self.init(options: options,
                  augmentation: augmentation,
                  // Recorded (and used) for elastic distortions only.
                  fieldPoolSize: augmentation.kind == .elastic ? m.augmentationFieldPoolSize : Augmenter.defaultFieldPoolSize,
                  recipe: m.string(AugmentationMetadataKey.recipe),
                  state: state,
                  network: network,
                  inputMean: inputMean,
                  velocities: options.momentum > 0 ? try parameters(T.velocities, "momentum velocities") : nil,
                  best: try parameters(T.bestParameters, "best parameters"),
                  data: DataRecord(name: m.string(K.datasetName) ?? "",
                                   trainingSize: m.int(K.trainingSize).map { Int($0) },
                                   validationSize: m.int(K.validationSize).map { Int($0) },
                                   directory: m.string(T.dataDirectory), checksums: m.string(K.datasetSHA256)),
                  provenance: Metadata([K.createdAt, K.toolVersion].compactMap { key in m[key].map { (key, $0) } }))
    }
}
