/// The outcome of ``Trainer/run()``.
public struct TrainingResult: Sendable {
    /// The trained network (the best-validation one when early stopping is on).
    public var model: Model
    /// Every epoch's measurements, including those of a resumed run's earlier part.
    public var history: [EpochRecord]
    /// Whether early stopping ended the run before the planned epochs.
    public var stoppedEarly: Bool
    /// The epoch whose network was kept (the last one unless early stopping restored a better one).
    public var keptEpoch: Int
}

extension Trainer {
    /// Trains from the epoch after ``TrainingState/epochsCompleted`` up to
    /// ``TrainingOptions/epochs`` (or an early stop).
    ///
    /// - Throws: ``TrainingError/diverged(epoch:eta:)`` when the cost or a parameter stops being
    ///   finite (no callback sees the broken network), or what ``onEpoch`` throws.
    public func run() throws -> TrainingResult {
        Kernels.threadCount = options.threads
        let work = BatchedBackprop(sizes: options.layers, capacity: options.batchSize)
        var stoppedEarly = false
        var epoch = state.epochsCompleted + 1
        while epoch <= options.epochs {
            let start = ContinuousClock.now
            let eta = state.eta
            let training = augmentation?(dataset.training, epoch, SplitMix64.derive(options.seed, stream: Trainer.augmentationStream(epoch)))
                ?? dataset.training
            let meanCost = trainEpoch(epoch, on: training, eta: eta, work: work)
            lastEpochTrainingSeconds = Self.seconds(start.duration(to: .now))
            guard meanCost.isFinite, parameters.allFinite else {
                throw TrainingError.diverged(epoch: epoch, eta: eta)
            }
            let net = parameters.network()
            let validation = try accuracy(net, dataset.validation)
            let test = options.monitorTest ? try accuracy(net, dataset.test) : nil
            updateAfterEpoch(epoch, validation: validation)
            let seconds = Self.seconds(start.duration(to: .now))
            let record = EpochRecord(epoch: epoch, trainingCost: meanCost, validationAccuracy: validation,
                                     testAccuracy: test, learningRate: eta, seconds: seconds)
            state.history.append(record)
            state.epochsCompleted = epoch
            try onEpoch?(record, checkpoint(network: net))
            if let patience = options.earlyStopPatience, state.epochsSinceBest >= patience, epoch < options.epochs {
                stoppedEarly = true
                break
            }
            epoch += 1
        }
        var kept = state.epochsCompleted
        var final = parameters.network()
        if options.earlyStopPatience != nil, let best, state.bestEpoch > 0, state.bestEpoch != state.epochsCompleted {
            final = best.network()
            kept = state.bestEpoch
        }
        var model = checkpoint(network: final)
        model.metadata[MetadataKey.validationAccuracy] = keptValidationAccuracy(kept).map { .double($0) }
        return TrainingResult(model: model, history: state.history, stoppedEarly: stoppedEarly, keptEpoch: kept)
    }

    /// One pass over `training` in the epoch's shuffled order; returns the mean cost
    /// (1/n) Σ_x C_x as measured during the pass (each batch before its update) plus λ/(2n) Σ w².
    func trainEpoch(_ epoch: Int, on training: LabeledImages, eta: Double, work: BatchedBackprop) -> Double {
        let n = training.count
        var order = Array(0..<n)
        var rng = Xoshiro256StarStar(seed: SplitMix64.derive(options.seed, stream: Trainer.shuffleStream(epoch)))
        rng.shuffle(&order)
        var costSum = 0.0
        var batches = 0
        order.withUnsafeBufferPointer { order in
            var start = 0
            while start < n {
                let rows = min(options.batchSize, n - start)
                let end = start + rows
                let next = UnsafeBufferPointer(rebasing: order[end..<min(n, end + options.batchSize)])
                work.load(training, indices: UnsafeBufferPointer(rebasing: order[start..<end]), next: next)
                costSum += work.backprop(parameters, rows: rows, cost: options.cost)
                update(work, rows: rows, eta: eta, n: n)
                start += rows
                batches += 1
                if batches % options.progressInterval == 0 { onProgress?(epoch, start, n) }
            }
        }
        onProgress?(epoch, n, n)
        return costSum / Double(n) + options.lambda / (2 * Double(n)) * parameters.sumOfSquaredWeights
    }

    /// The gradient step for one mini-batch of `rows` examples, from the summed gradients in
    /// `work`:
    ///
    ///     without momentum:  w ← (1 − ηλ/n) w − (η/m) Σ ∂C_x/∂w,   b ← b − (η/m) Σ ∂C_x/∂b
    ///     with momentum μ:   v ← μ v − η ((1/m) Σ ∂C_x/∂w + (λ/n) w),   w ← w + v  (biases: no λ)
    func update(_ work: BatchedBackprop, rows: Int, eta: Double, n: Int) {
        let step = Float(eta / Double(rows))
        let decay = Float(1 - eta * options.lambda / Double(n))
        let etaL2 = Float(eta * options.lambda / Double(n))
        let mu = Float(options.momentum)
        for l in 0..<parameters.layerCount {
            let w = parameters.weights[l], b = parameters.biases[l]
            let gw = work.gradW[l], gb = work.gradB[l]
            let count = parameters.weightCount(l), nb = parameters.sizes[l + 1]
            if let v = velocities {
                let vw = v.weights[l], vb = v.biases[l]
                for i in 0..<count {
                    vw[i] = mu * vw[i] - step * gw[i] - etaL2 * w[i]
                    w[i] += vw[i]
                }
                for i in 0..<nb {
                    vb[i] = mu * vb[i] - step * gb[i]
                    b[i] += vb[i]
                }
            } else {
                if decay == 1 {
                    FastKernels.axpy(count: count, alpha: -step, x: gw, y: w)
                } else {
                    for i in 0..<count { w[i] = decay * w[i] - step * gw[i] }
                }
                FastKernels.axpy(count: nb, alpha: -step, x: gb, y: b)
            }
        }
    }

    /// Fraction of `set` the network classifies correctly; nil for an empty set.
    func accuracy(_ network: Network, _ set: LabeledImages) throws -> Double? {
        guard set.count > 0 else { return nil }
        let predicted = try network.predictions(for: set)
        var correct = 0
        for i in 0..<set.count where predicted[i] == Int(set.labels[i]) { correct += 1 }
        return Double(correct) / Double(set.count)
    }

    /// Best-so-far tracking, early-stopping counter and the η schedule, after `epoch`.
    func updateAfterEpoch(_ epoch: Int, validation: Double?) {
        if let validation {
            if validation > (state.bestValidationAccuracy ?? -1) {
                state.bestValidationAccuracy = validation
                state.bestEpoch = epoch
                state.epochsSinceBest = 0
                state.plateauCount = 0
                if options.earlyStopPatience != nil {
                    if let best { best.copy(from: parameters) } else { best = parameters.clone() }
                }
            } else {
                state.epochsSinceBest += 1
                state.plateauCount += 1
            }
        }
        switch options.etaSchedule {
        case .constant: break
        case .halveOnPlateau(let patience):
            if state.plateauCount >= patience {
                state.eta /= 2
                state.plateauCount = 0
            }
        case let .step(every, factor):
            if epoch % every == 0 { state.eta *= factor }
        }
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    private func keptValidationAccuracy(_ epoch: Int) -> Double? {
        state.history.last { $0.epoch == epoch }?.validationAccuracy
    }

    /// A model holding `network` plus the options and the full resume state in its metadata.
    public func checkpoint(network: Network? = nil) -> Model {
        var m = Metadata()
        options.record(into: &m)
        m[MetadataKey.datasetName] = .string(dataset.name)
        m[MetadataKey.trainingSize] = .int(Int64(dataset.training.count))
        m[MetadataKey.validationSize] = .int(Int64(dataset.validation.count))
        m[MetadataKey.epochs] = .int(Int64(state.epochsCompleted))
        if let last = state.history.last {
            m[MetadataKey.validationAccuracy] = last.validationAccuracy.map { .double($0) }
            m[MetadataKey.testAccuracy] = last.testAccuracy.map { .double($0) }
        }
        m.history = state.history
        m[TrainingMetadataKey.currentEta] = .double(state.eta)
        m[TrainingMetadataKey.plateauCount] = .int(Int64(state.plateauCount))
        m[TrainingMetadataKey.epochsSinceBest] = .int(Int64(state.epochsSinceBest))
        m[TrainingMetadataKey.bestValidation] = state.bestValidationAccuracy.map { .double($0) }
        m[TrainingMetadataKey.bestEpoch] = .int(Int64(state.bestEpoch))
        if let velocities { m[TrainingMetadataKey.velocities] = .bytes(velocities.littleEndianBytes) }
        if let best, options.earlyStopPatience != nil, state.bestEpoch != state.epochsCompleted {
            m[TrainingMetadataKey.bestParameters] = .bytes(best.littleEndianBytes)
        }
        return Model(network: network ?? parameters.network(), cost: options.cost, metadata: m)
    }
}
