import Dispatch

/// An epoch's accuracy figures (validation, and test when monitored) for a snapshot of the
/// network: measured at once on the calling thread, or on another thread while the next epoch
/// trains (see ``Trainer/measuresBesideTraining``).
final class EpochMeasurement: @unchecked Sendable {
    /// The figures and the time they took.
    struct Figures {
        var validation: Double?
        var test: Double?
        var seconds: Double
    }

    // Written once by the measuring thread before `finished` is signalled; read after a wait.
    private var outcome: Result<Figures, Error>?
    private let finished = DispatchSemaphore(value: 0)
    private var waited = false

    /// Starts measuring `network` on another thread, whose matrix products use one thread (the
    /// caller's training keeps the rest).
    init(inBackground network: Network, dataset: Dataset, monitorTest: Bool) {
        DispatchQueue.global().async { [self] in
            outcome = Result {
                try FastKernels.withThreadLimit(1) { try Self.measure(network, dataset, monitorTest: monitorTest) }
            }
            finished.signal()
        }
    }

    /// Whether the figures are in; never blocks.
    var isFinished: Bool {
        if !waited, finished.wait(timeout: .now()) == .success { waited = true }
        return waited
    }

    /// The figures, waiting for them if they are not in yet.
    func figures() throws -> Figures {
        if !waited {
            finished.wait()
            waited = true
        }
        guard let outcome else { preconditionFailure("measurement signalled without an outcome") }
        return try outcome.get()
    }

    /// Measures `network` now, on the calling thread.
    static func measure(_ network: Network, _ dataset: Dataset, monitorTest: Bool) throws -> Figures {
        let start = ContinuousClock.now
        let validation = try accuracy(network, dataset.validation)
        let test = monitorTest ? try accuracy(network, dataset.test) : nil
        return Figures(validation: validation, test: test, seconds: Trainer.seconds(start.duration(to: .now)))
    }

    /// Fraction of `set` the network classifies correctly; nil for an empty set.
    static func accuracy(_ network: Network, _ set: LabeledImages) throws -> Double? {
        guard set.count > 0 else { return nil }
        let predicted = try network.predictions(for: set)
        var correct = 0
        for i in 0..<set.count where predicted[i] == Int(set.labels[i]) { correct += 1 }
        return Double(correct) / Double(set.count)
    }
}
