import Dispatch

/// The outcome of ``Trainer/run()``.
public struct TrainingResult: Sendable {
    /// The trained network (the best-validation one when early stopping is on) with the run's
    /// record in its metadata (options, history, test accuracy), but no resume state: resume
    /// from the last ``Checkpoint`` instead.
    public var model: Model
    /// Every epoch's measurements, including those of a resumed run's earlier part.
    public var history: [EpochRecord]
    /// Whether early stopping ended the run before the planned epochs.
    public var stoppedEarly: Bool
    /// The epoch whose network was kept (the last one unless early stopping restored a better one).
    public var keptEpoch: Int
    /// The kept network's correct answers on the test set, and its accuracy (nil without test images).
    public var testCorrect: Int
    public var testAccuracy: Double?
}

extension Trainer {
    /// Trains from the epoch after ``TrainingState/epochsCompleted`` up to
    /// ``TrainingOptions/epochs`` (or an early stop), then measures the kept network on the test set.
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
    ///   finite (no callback sees the broken network), ``TrainingError/stopped(epochsCompleted:)``
    ///   after ``stop()``, or what ``onEpoch`` throws.
    public func run() throws -> TrainingResult {
        try FastKernels.withThreadLimit(options.threads) { try runEpochs() }
    }

    private func runEpochs() throws -> TrainingResult {
        let work = BatchedBackprop(sizes: options.layers, capacity: options.batchSize)
        work.inputMean = inputMean
        if options.dropout > 0 {
            work.dropout = DropoutMasks(probability: options.dropout, sizes: options.layers, capacity: options.batchSize)
        }
        // The work done beside training (each epoch's measurement, the next epoch's distortions)
        // takes turns on one serial queue: on two cores, training keeps one to itself.
        let beside = DispatchQueue(label: "digits.trainer.beside")
        let measurement = try EpochMeasurement(sizes: options.layers, output: parameters.template.outputActivation,
                                               inputMean: inputMean, dataset: dataset, monitorTest: options.monitorTest,
                                               beside: measuresBesideTraining, queue: beside)
        // The one place an epoch completes: once its figures are in (waiting for them when
        // `waiting`). Returns whether no epoch is left in measurement.
        func completeMeasured(waiting: Bool) throws -> Bool {
            guard let (finished, figures) = try measurement.take(waiting: waiting) else { return !measurement.isBusy }
            try complete(finished, figures, snapshot: measurement.snapshot, scheduleApplied: measurement.measuresBeside)
            return true
        }
        let distorted = distortEpoch.map {
            DistortedEpochs($0, of: dataset.training, seed: options.seed, lastEpoch: options.epochs, threads: options.threads,
                            queue: beside)
        }
        defer { distorted?.finish() }
        var stoppedEarly = false
        var epoch = state.epochsCompleted + 1
        while epoch <= options.epochs {
            let start = ContinuousClock.now
            let eta = state.eta
            let training = distorted?.images(for: epoch) ?? dataset.training
            let meanCost = try trainEpoch(epoch, on: training, eta: eta, work: work) {
                // Between mini-batches: report the previous epoch once its figures are in, and
                // hold back this epoch's progress until then.
                let reported = try completeMeasured(waiting: false)
                if stopRequest.isSet {
                    _ = try completeMeasured(waiting: true)
                    throw TrainingError.stopped(epochsCompleted: state.epochsCompleted)
                }
                return reported
            }
            let trainingSeconds = Self.seconds(start.duration(to: .now))
            _ = try completeMeasured(waiting: true)
            guard meanCost.isFinite, parameters.allFinite else {
                throw TrainingError.diverged(epoch: epoch, eta: eta)
            }
            onProgress?(TrainingProgress(epoch: epoch, done: training.count, total: training.count, runningCost: nil))
            // Velocities as they are now: a copy when the next epoch starts before this one is reported.
            let finished = FinishedEpoch(epoch: epoch, eta: eta, meanCost: meanCost, trainingSeconds: trainingSeconds,
                                         velocities: measurement.measuresBeside ? velocities?.clone() : velocities)
            measurement.start(finished, from: parameters)
            if measurement.measuresBeside {
                applySchedule(after: epoch)  // η of the next epoch does not depend on the figures
            } else {
                _ = try completeMeasured(waiting: true)
                if let patience = options.earlyStopPatience, state.epochsSinceBest >= patience, epoch < options.epochs {
                    stoppedEarly = true
                    break
                }
            }
            epoch += 1
        }
        _ = try completeMeasured(waiting: true)
        return try result(stoppedEarly: stoppedEarly, measurement: measurement)
    }

    /// The kept network (the best one when early stopping restored it) measured on the test set.
    private func result(stoppedEarly: Bool, measurement: EpochMeasurement) throws -> TrainingResult {
        var kept = state.epochsCompleted
        var final = parameters
        if options.earlyStopPatience != nil, let best, state.bestEpoch > 0, state.bestEpoch != state.epochsCompleted {
            final = best
            kept = state.bestEpoch
        }
        measurement.load(final)
        let testCorrect = try measurement.correct(on: dataset.test)
        let testAccuracy = dataset.test.count > 0 ? Double(testCorrect) / Double(dataset.test.count) : nil
        var model = checkpoint(network: final, velocities: nil).finalModel
        model.metadata[MetadataKey.validationAccuracy] = state.history.last { $0.epoch == kept }?.validationAccuracy.map { .double($0) }
        model.metadata[MetadataKey.testAccuracy] = testAccuracy.map { .double($0) }
        return TrainingResult(model: model, history: state.history, stoppedEarly: stoppedEarly, keptEpoch: kept,
                              testCorrect: testCorrect, testAccuracy: testAccuracy)
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

    /// What a finished epoch's report needs beside its parameters, kept while its figures are measured.
    struct FinishedEpoch {
        var epoch: Int
        var eta: Double
        var meanCost: Double
        var trainingSeconds: Double
        var velocities: Parameters?
    }

    /// Records a finished epoch whose parameters are `snapshot` with its figures (best-so-far
    /// tracking, the η schedule unless already applied, history) and hands its record and
    /// checkpoint to ``onEpoch``.
    private func complete(_ e: FinishedEpoch, _ figures: EpochMeasurement.Figures, snapshot: Parameters,
                          scheduleApplied: Bool) throws {
        trackBest(e.epoch, snapshot, validation: figures.validation)
        if !scheduleApplied { applySchedule(after: e.epoch) }
        let record = EpochRecord(epoch: e.epoch, trainingCost: e.meanCost, validationAccuracy: figures.validation,
                                 testAccuracy: figures.test, learningRate: e.eta, seconds: e.trainingSeconds + figures.seconds,
                                 trainingSeconds: e.trainingSeconds)
        state.history.append(record)
        state.epochsCompleted = e.epoch
        if let onEpoch { try onEpoch(record, checkpoint(network: snapshot, velocities: e.velocities)) }
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
        let dropoutKey = Trainer.dropoutSeed(options.seed, epoch: epoch)
        try order.withUnsafeBufferPointer { order in
            var start = 0
            while start < n {
                let rows = min(options.batchSize, n - start)
                let end = start + rows
                let next = UnsafeBufferPointer(rebasing: order[end..<min(n, end + options.batchSize)])
                work.load(training, indices: UnsafeBufferPointer(rebasing: order[start..<end]), next: next)
                work.dropout?.draw(key: dropoutKey, batch: batches, rows: rows)
                costSum += step(work, rows: rows, eta: eta, n: n)
                start += rows
                batches += 1
                if batches % options.progressInterval == 0, try between() {
                    onProgress?(TrainingProgress(epoch: epoch, done: start, total: n, runningCost: costSum / Double(start) + runningL2))
                }
            }
        }
        return costSum / Double(n) + options.lambda / (2 * Double(n)) * parameters.sumOfSquaredWeights
    }

    /// Backpropagation and the gradient step for the mini-batch loaded in rows 0..<rows of
    /// `work` (through its dropout masks, when it has them); returns the batch's summed cost.
    ///
    ///     without momentum:  w ← (1 − ηλ/n) w − (η/m) Σ ∂C_x/∂w,   b ← b − (η/m) Σ ∂C_x/∂b
    ///     with momentum μ:   v ← μ v − η ((1/m) Σ ∂C_x/∂w + (λ/n) w),   w ← w + v  (biases: no λ)
    ///     Nesterov:          v ← μ v − η∇C(w),   w ← w + μ v − η∇C(w)   (the new v; same ∇C)
    ///
    /// The first two are fused into the backward pass (the summed gradients are never stored).
    /// With max-norm C, each row of w^l is then scaled down to norm C where it is longer.
    func step(_ work: BatchedBackprop, rows: Int, eta: Double, n: Int) -> Double {
        let step = Float(eta / Double(rows))
        let maxNorm = options.maxNorm.map { Float($0) }
        guard let v = velocities else {
            let decay = Float(1 - eta * options.lambda / Double(n))
            return work.backprop(parameters, rows: rows, cost: options.cost, into: .descentStep(step: step, decay: decay), maxNorm: maxNorm)
        }
        let l2 = Float(eta * options.lambda / Double(n)), mu = Float(options.momentum)
        let destination: BatchedBackprop.GradientDestination = options.nesterov
            ? .nesterovStep(step: step, mu: mu, l2: l2, velocities: v)
            : .momentumStep(step: step, mu: mu, l2: l2, velocities: v)
        return work.backprop(parameters, rows: rows, cost: options.cost, into: destination, maxNorm: maxNorm)
    }

    /// Best-so-far tracking and the early-stopping and plateau counters, after `epoch`, whose
    /// parameters are `snapshot`.
    func trackBest(_ epoch: Int, _ snapshot: Parameters, validation: Double?) {
        guard let validation else { return }
        if validation > (state.bestValidationAccuracy ?? -1) {
            state.bestValidationAccuracy = validation
            state.bestEpoch = epoch
            state.epochsSinceBest = 0
            state.plateauCount = 0
            if options.earlyStopPatience != nil {
                if let best { best.copy(from: snapshot) } else { best = snapshot.clone() }
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
}
