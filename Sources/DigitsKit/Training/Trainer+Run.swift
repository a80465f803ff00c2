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
    /// When ``measuresBesideTraining``, each epoch's validation (and test) measurement runs on a
    /// second thread while the next epoch trains; ``onEpoch`` still sees every epoch in order, on
    /// this thread, with the figures and the checkpoint of that epoch, as soon as its
    /// measurement is in, and before any ``onProgress`` of the next epoch.
    ///
    /// The matrix products made for this run use at most ``TrainingOptions/threads`` threads (a
    /// limit on the calling thread: no process-wide setting changes).
    ///
    /// - Throws: ``TrainingError/diverged(epoch:eta:)`` when the cost or a parameter stops being
    ///   finite (no callback sees the broken network), or what ``onEpoch`` throws.
    public func run() throws -> TrainingResult {
        try FastKernels.withThreadLimit(options.threads) { try runEpochs() }
    }

    private func runEpochs() throws -> TrainingResult {
        let work = BatchedBackprop(sizes: options.layers, capacity: options.batchSize)
        let beside = measuresBesideTraining
        var pending: (epoch: FinishedEpoch, measurement: EpochMeasurement)?
        var stoppedEarly = false
        var epoch = state.epochsCompleted + 1
        while epoch <= options.epochs {
            let start = ContinuousClock.now
            let eta = state.eta
            let training = augmentation?(dataset.training, epoch, Trainer.augmentationSeed(options.seed, epoch: epoch))
                ?? dataset.training
            let meanCost = try trainEpoch(epoch, on: training, eta: eta, work: work) {
                // Between mini-batches: report the previous epoch once its figures are in, and
                // hold back this epoch's progress until then.
                guard let p = pending else { return true }
                guard p.measurement.isFinished else { return false }
                pending = nil
                try complete(p.epoch, p.measurement.figures())
                return true
            }
            let trainingSeconds = Self.seconds(start.duration(to: .now))
            if let p = pending {
                pending = nil
                try complete(p.epoch, p.measurement.figures())
            }
            guard meanCost.isFinite, parameters.allFinite else {
                throw TrainingError.diverged(epoch: epoch, eta: eta)
            }
            onProgress?(epoch, training.count, training.count)
            let finished = FinishedEpoch(epoch: epoch, eta: eta, meanCost: meanCost, trainingSeconds: trainingSeconds,
                                         network: parameters.network(),
                                         // A snapshot only when the next epoch starts before this one is reported.
                                         velocities: beside ? velocities?.clone() : velocities)
            if beside {
                applySchedule(after: epoch)  // η of the next epoch does not depend on the figures
                pending = (finished, EpochMeasurement(inBackground: finished.network, dataset: dataset,
                                                      monitorTest: options.monitorTest))
            } else {
                let figures = try EpochMeasurement.measure(finished.network, dataset, monitorTest: options.monitorTest)
                try complete(finished, figures, scheduleApplied: false)
                if let patience = options.earlyStopPatience, state.epochsSinceBest >= patience, epoch < options.epochs {
                    stoppedEarly = true
                    break
                }
            }
            epoch += 1
        }
        if let p = pending { try complete(p.epoch, p.measurement.figures()) }
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

    /// Whether ``run()`` measures each epoch on a second thread while the next one trains: only
    /// when nothing in training waits for the figures (no early stopping, no schedule that reads
    /// validation accuracy), more than one thread is allowed, and the mini-batch products are too
    /// small to be split over threads themselves (so a core would otherwise sit idle).
    public var measuresBesideTraining: Bool {
        guard options.threads >= 2, options.earlyStopPatience == nil, !options.etaSchedule.needsValidation,
              dataset.validation.count > 0 || (options.monitorTest && dataset.test.count > 0) else { return false }
        let largestProduct = (0..<(options.layers.count - 1)).map { options.batchSize * options.layers[$0] * options.layers[$0 + 1] }.max() ?? 0
        return largestProduct < FastKernels.parallelMinimumWork
    }

    /// The state of a finished epoch that its report needs, kept while its figures are measured.
    struct FinishedEpoch {
        var epoch: Int
        var eta: Double
        var meanCost: Double
        var trainingSeconds: Double
        var network: Network
        var velocities: Parameters?
    }

    /// Records a finished epoch with its figures (best-so-far tracking, the η schedule unless
    /// already applied, history) and hands its record and checkpoint to ``onEpoch``.
    private func complete(_ e: FinishedEpoch, _ figures: EpochMeasurement.Figures, scheduleApplied: Bool = true) throws {
        trackBest(e, validation: figures.validation)
        if !scheduleApplied { applySchedule(after: e.epoch) }
        let record = EpochRecord(epoch: e.epoch, trainingCost: e.meanCost, validationAccuracy: figures.validation,
                                 testAccuracy: figures.test, learningRate: e.eta, seconds: e.trainingSeconds + figures.seconds)
        state.history.append(record)
        state.epochsCompleted = e.epoch
        lastEpochTrainingSeconds = e.trainingSeconds
        try onEpoch?(record, checkpoint(network: e.network, velocities: e.velocities))
    }

    /// One pass over `training` in the epoch's shuffled order; returns the mean cost
    /// (1/n) Σ_x C_x as measured during the pass (each batch before its update) plus λ/(2n) Σ w².
    /// Every ``TrainingOptions/progressInterval`` mini-batches it calls `between`, and then
    /// ``onProgress`` if `between` returned true.
    func trainEpoch(_ epoch: Int, on training: LabeledImages, eta: Double, work: BatchedBackprop,
                    between: () throws -> Bool) throws -> Double {
        let n = training.count
        var order = Array(0..<n)
        var rng = Xoshiro256StarStar(seed: SplitMix64.derive(options.seed, stream: Trainer.shuffleStream(epoch)))
        rng.shuffle(&order)
        var costSum = 0.0
        var batches = 0
        // The L2 term of the running cost, from the weights as the epoch starts (cheap once per
        // epoch; over one epoch it moves little).
        let runningL2 = options.lambda > 0 ? options.lambda / (2 * Double(n)) * parameters.sumOfSquaredWeights : 0
        try order.withUnsafeBufferPointer { order in
            var start = 0
            while start < n {
                let rows = min(options.batchSize, n - start)
                let end = start + rows
                let next = UnsafeBufferPointer(rebasing: order[end..<min(n, end + options.batchSize)])
                work.load(training, indices: UnsafeBufferPointer(rebasing: order[start..<end]), next: next)
                costSum += step(work, rows: rows, eta: eta, n: n)
                start += rows
                batches += 1
                if batches % options.progressInterval == 0, try between() {
                    runningCost = costSum / Double(start) + runningL2
                    onProgress?(epoch, start, n)
                }
            }
        }
        return costSum / Double(n) + options.lambda / (2 * Double(n)) * parameters.sumOfSquaredWeights
    }

    /// Backpropagation and the gradient step for the mini-batch loaded in rows 0..<rows of
    /// `work`; returns the batch's summed cost.
    ///
    ///     without momentum:  w ← (1 − ηλ/n) w − (η/m) Σ ∂C_x/∂w,   b ← b − (η/m) Σ ∂C_x/∂b
    ///     with momentum μ:   v ← μ v − η ((1/m) Σ ∂C_x/∂w + (λ/n) w),   w ← w + v  (biases: no λ)
    ///
    /// Either step is fused into the backward pass: the summed gradients are never stored.
    func step(_ work: BatchedBackprop, rows: Int, eta: Double, n: Int) -> Double {
        let step = Float(eta / Double(rows))
        guard let v = velocities else {
            let decay = Float(1 - eta * options.lambda / Double(n))
            return work.backprop(parameters, rows: rows, cost: options.cost, into: .descentStep(step: step, decay: decay))
        }
        let l2 = Float(eta * options.lambda / Double(n))
        return work.backprop(parameters, rows: rows, cost: options.cost,
                             into: .momentumStep(step: step, mu: Float(options.momentum), l2: l2, velocities: v))
    }

    /// Best-so-far tracking and the early-stopping and plateau counters, after epoch `e`.
    func trackBest(_ e: FinishedEpoch, validation: Double?) {
        guard let validation else { return }
        if validation > (state.bestValidationAccuracy ?? -1) {
            state.bestValidationAccuracy = validation
            state.bestEpoch = e.epoch
            state.epochsSinceBest = 0
            state.plateauCount = 0
            if options.earlyStopPatience != nil {
                if let best { best.load(e.network) } else { best = Parameters(e.network) }
            }
        } else {
            state.epochsSinceBest += 1
            state.plateauCount += 1
        }
    }

    /// The η schedule after `epoch` (the plateau schedule reads the counters ``trackBest`` keeps).
    func applySchedule(after epoch: Int) {
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
        checkpoint(network: network, velocities: velocities)
    }

    /// ``checkpoint(network:)`` with the momentum velocities of the epoch `network` ends (a
    /// snapshot, when the next epoch has already started).
    func checkpoint(network: Network?, velocities: Parameters?) -> Model {
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
