import Foundation

/// How the initial weights and biases are drawn.
public enum Initialization: String, Sendable, CaseIterable, Codable {
    /// Weights and biases N(0, 1): the classic chapter-1 choice.
    case normal
    /// Weights N(0, 1/n_in) (n_in = inputs to the neuron), biases N(0, 1): keeps hidden neurons
    /// out of saturation.
    case scaled
}

/// How the learning rate η changes between epochs.
public enum EtaSchedule: Equatable, Sendable, CustomStringConvertible {
    /// η stays as given.
    case constant
    /// η is halved whenever validation accuracy has not improved for `patience` epochs.
    case halveOnPlateau(patience: Int)
    /// η is multiplied by `factor` after every `every` epochs.
    case step(every: Int, factor: Double)

    /// Parses `constant`, `halve-on-plateau[:PATIENCE]` (default 3) or `step:EVERY[:FACTOR]`
    /// (default factor 0.5).
    public init(parsing text: String) throws {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        func int(_ s: String) throws -> Int {
            guard let v = Int(s), v >= 1 else { throw TrainingError.badOption("eta schedule '\(text)': '\(s)' is not a positive whole number") }
            return v
        }
        switch (parts[0], parts.count) {
        case ("constant", 1): self = .constant
        case ("halve-on-plateau", 1): self = .halveOnPlateau(patience: 3)
        case ("halve-on-plateau", 2): self = .halveOnPlateau(patience: try int(parts[1]))
        case ("step", 2): self = .step(every: try int(parts[1]), factor: 0.5)
        case ("step", 3):
            guard let f = Double(parts[2]), f > 0, f.isFinite else {
                throw TrainingError.badOption("eta schedule '\(text)': factor '\(parts[2])' must be a positive number")
            }
            self = .step(every: try int(parts[1]), factor: f)
        default:
            throw TrainingError.badOption("unknown eta schedule '\(text)' (use constant, halve-on-plateau[:PATIENCE] or step:EVERY[:FACTOR])")
        }
    }

    public var description: String {
        switch self {
        case .constant: return "constant"
        case .halveOnPlateau(let p): return "halve-on-plateau:\(p)"
        case let .step(every, factor): return "step:\(every):\(factor)"
        }
    }

    /// Whether the schedule reads validation accuracy.
    public var needsValidation: Bool { if case .halveOnPlateau = self { return true }; return false }
}

/// Everything that decides a training run. Same options (seed included) and data → bit-identical
/// parameters, for a given thread count.
public struct TrainingOptions: Sendable, Equatable {
    /// Neurons per layer, input first.
    public var layers: [Int] = [784, 30, 10]
    /// Total epochs (a resumed run continues up to this number).
    public var epochs = 30
    /// Mini-batch size m.
    public var batchSize = 10
    /// Learning rate η.
    public var eta = 3.0
    public var cost: Cost = .quadratic
    /// L2 regularisation λ (weight decay factor 1 − ηλ/n, n = training-set size).
    public var lambda = 0.0
    /// Momentum coefficient μ in [0, 1): v ← μv − η∇C, w ← w + v.
    public var momentum = 0.0
    /// Nesterov momentum (needs ``momentum`` > 0), in the reformulation of Sutskever et al.
    /// (2013) and Bengio et al. (2013) that takes the gradient at the current parameters:
    /// v ← μv − η∇C(w), w ← w + μv − η∇C(w) (the new v), i.e. classical momentum's step looked
    /// ahead by one more μv.
    public var nesterov = false
    /// Dropout probability P in [0, 1) of every hidden neuron, per example (Srivastava et al.
    /// 2014), inverted: kept activations are scaled by 1/(1 − P), so the network is used as it
    /// is afterwards. 0: off. The masks come from the seed (``Trainer/dropoutSeed(_:epoch:)``).
    public var dropout = 0.0
    /// Max-norm C (Srivastava et al. 2014): after every update, each hidden neuron's incoming
    /// weight vector (a row of w^l, l < L) longer than C is scaled down to length C; the output
    /// layer is left free. nil: off.
    public var maxNorm: Double?
    /// Train on mean-centred inputs x − μ, μ the training split's per-pixel mean
    /// (``InputMean``); the saved network has μ folded into its first layer's biases, so it
    /// takes raw images like any other.
    public var centerInputs = false
    public var seed: UInt64 = 0
    public var initialization: Initialization = .normal
    /// Stop after this many epochs without a better validation accuracy and keep the best
    /// network; nil: never stop early.
    public var earlyStopPatience: Int?
    public var etaSchedule: EtaSchedule = .constant
    /// Threads training may use: for mini-batch products large enough to split (see
    /// ``FastKernels/threads``) and to measure each epoch while the next trains (see
    /// ``Trainer/measuresBesideTraining``). Results never depend on it. Default: every core.
    public var threads = TrainingOptions.defaultThreads
    /// Measure test-set accuracy after every epoch (otherwise only validation).
    public var monitorTest = false
    /// The progress callback is called every this many mini-batches.
    public var progressInterval = 50

    public init() {}

    /// The most epochs a run may have.
    public static let maxEpochs = 1_000_000
    /// The largest mini-batch accepted.
    public static let maxBatchSize = 1 << 16
    /// The most threads accepted.
    public static let maxThreads = 256
    /// The default ``threads``: the processors this process may run on (1…``maxThreads``).
    public static var defaultThreads: Int { min(max(1, ProcessInfo.processInfo.activeProcessorCount), maxThreads) }

    /// Checks every value; the error names the option (``TrainingOptionName``) and the
    /// accepted range.
    public func validate() throws {
        try Network.validate(sizes: layers)
        func bad(_ option: TrainingOptionName, _ s: String) -> TrainingError { .invalidOption(option, s) }
        guard epochs >= 1, epochs <= Self.maxEpochs else { throw bad(.epochs, "must be 1…\(Self.maxEpochs), got \(epochs)") }
        guard batchSize >= 1, batchSize <= Self.maxBatchSize else { throw bad(.batchSize, "must be 1…\(Self.maxBatchSize), got \(batchSize)") }
        guard eta.isFinite, eta > 0 else { throw bad(.eta, "must be a positive number, got \(eta)") }
        guard lambda.isFinite, lambda >= 0 else { throw bad(.lambda, "must be a number ≥ 0, got \(lambda)") }
        guard momentum.isFinite, momentum >= 0, momentum < 1 else { throw bad(.momentum, "must be in [0, 1), got \(momentum)") }
        guard !nesterov || momentum > 0 else { throw bad(.nesterov, "needs a momentum μ > 0 (momentum is 0)") }
        guard dropout.isFinite, dropout >= 0, dropout < 1 else { throw bad(.dropout, "must be in [0, 1), got \(dropout)") }
        if let c = maxNorm, !(c.isFinite && c > 0) { throw bad(.maxNorm, "must be a positive number, got \(c)") }
        if let p = earlyStopPatience, p < 1 { throw bad(.earlyStopPatience, "must be at least 1, got \(p)") }
        guard threads >= 1, threads <= Self.maxThreads else { throw bad(.threads, "must be 1…\(Self.maxThreads), got \(threads)") }
        guard progressInterval >= 1 else { throw bad(.progressInterval, "must be at least 1, got \(progressInterval)") }
    }
}
