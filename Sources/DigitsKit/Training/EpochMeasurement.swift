import Dispatch

/// Measures finished epochs: the validation (and test, when monitored) accuracy of a snapshot of
/// the parameters, on one long-lived ``Predictor`` that holds the snapshot (or, for a run on
/// centred inputs, the snapshot with the ``InputMean`` folded in: the network as it is saved).
/// Either at once on the calling thread, or (``measuresBeside``) on a second thread while the
/// next epoch trains.
///
/// One epoch is in measurement at a time: ``start(_:from:)`` copies the parameters into the
/// snapshot, and the caller takes the figures with ``take(waiting:)`` before starting another.
final class EpochMeasurement: @unchecked Sendable {
    /// The figures of one epoch and the time they took.
    struct Figures {
        var validation: Double?
        var test: Double?
        var seconds: Double
    }

    /// Whether measurements run on a second thread (see ``Trainer/measuresBesideTraining``).
    let measuresBeside: Bool
    private let predictor: Predictor
    private let inputMean: InputMean?
    private let dataset: Dataset
    private let monitorTest: Bool
    /// The epoch being measured, its figures once in (written by the measuring thread before
    /// `done` is signalled), and whether they were waited for.
    private var measured: Trainer.FinishedEpoch?
    private var outcome: Result<Figures, Error>?
    private let done = DispatchSemaphore(value: 0)
    private var signalled = false
    /// Where measurements beside training run (a serial queue the run shares with its distortions).
    private let queue: DispatchQueue

    /// A measurement of networks of `sizes` whose output layer is `output`, trained on inputs
    /// less `inputMean` when given.
    init(sizes: [Int], output: Activation, inputMean: InputMean?, dataset: Dataset, monitorTest: Bool, beside: Bool,
         queue: DispatchQueue) throws {
        let zeros = try Network(zerosWithSizes: sizes, output: output)
        predictor = Predictor(zeros)
        self.inputMean = inputMean
        snapshot = inputMean == nil ? predictor.parameters : Parameters(zerosLike: zeros)
        self.dataset = dataset
        self.monitorTest = monitorTest
        measuresBeside = beside
        self.queue = queue
    }

    /// The parameters of the epoch last started (as trained), until the next ``start(_:from:)``.
    let snapshot: Parameters

    /// Whether an epoch is started and not yet taken.
    var isBusy: Bool { measured != nil }

    /// Copies `parameters` into the snapshot and measures them for `epoch`: on another thread
    /// (whose matrix products use one thread, leaving the rest to training) when
    /// ``measuresBeside``, else at once.
    func start(_ epoch: Trainer.FinishedEpoch, from parameters: Parameters) {
        load(parameters)
        measured = epoch
        outcome = nil
        signalled = false
        guard measuresBeside else {
            outcome = Result { try measure() }
            signalled = true
            return
        }
        queue.async { [self] in
            outcome = Result { try FastKernels.withThreadLimit(1) { try measure() } }
            done.signal()
        }
    }

    /// Copies `parameters` into the snapshot without measuring them (for ``correct(on:)``).
    func load(_ parameters: Parameters) {
        precondition(measured == nil, "an epoch is still in measurement")
        snapshot.copy(from: parameters)
        if let inputMean {
            predictor.parameters.copy(from: snapshot)
            inputMean.fold(into: predictor.parameters)
        }
    }

    /// The epoch in measurement and its figures: nil when none is, or (without `waiting`) when its
    /// figures are not in yet. Waits for them when `waiting`.
    func take(waiting: Bool) throws -> (Trainer.FinishedEpoch, Figures)? {
        guard let epoch = measured else { return nil }
        if !signalled {
            if waiting { done.wait() } else if done.wait(timeout: .now()) != .success { return nil }
            signalled = true
        }
        guard let outcome else { preconditionFailure("measurement signalled without an outcome") }
        measured = nil
        return (epoch, try outcome.get())
    }

    private func measure() throws -> Figures {
        let start = ContinuousClock.now
        let validation = try accuracy(on: dataset.validation)
        let test = monitorTest ? try accuracy(on: dataset.test) : nil
        return Figures(validation: validation, test: test, seconds: Trainer.seconds(start.duration(to: .now)))
    }

    /// The snapshot's correct answers on `set`.
    func correct(on set: LabeledImages) throws -> Int {
        let predicted = try predictor.predictions(for: set, range: 0..<set.count)
        var correct = 0
        for i in 0..<set.count where predicted[i] == Int(set.labels[i]) { correct += 1 }
        return correct
    }

    /// Fraction of `set` the snapshot classifies correctly; nil for an empty set.
    func accuracy(on set: LabeledImages) throws -> Double? {
        set.count > 0 ? Double(try correct(on: set)) / Double(set.count) : nil
    }
}
