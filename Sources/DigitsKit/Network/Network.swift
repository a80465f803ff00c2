/// A fully-connected feed-forward network with sigmoid activations, in the classic indexing.
///
/// Layer `l` (1-based, as in the book; layer 0 is the input) computes
/// z^l = w^l a^(l-1) + b^l and a^l = σ(z^l); the output layer may be a softmax instead,
/// a^L_j = e^(z_j) / Σ_k e^(z_k) (``Activation/softmax``, trained with ``Cost/logLikelihood``).
/// In this struct `weights[i]` and `biases[i]` belong to layer `i + 1`: `weights[i]` is the
/// (sizes[i+1] × sizes[i]) matrix w^(i+1), stored row-major (row j holds the weights *into*
/// neuron j), and `biases[i]` has sizes[i+1] entries.
public struct Network: Equatable, Sendable {
    /// Neurons per layer, input first: `[784, 30, 10]` for the classic MNIST network.
    public private(set) var sizes: [Int]
    /// `weights[i]`: w^(i+1), row-major (sizes[i+1] × sizes[i]).
    public var weights: [[Float]]
    /// `biases[i]`: b^(i+1), sizes[i+1] entries.
    public var biases: [[Float]]
    /// The activation of each non-input layer (`activations[i]` for layer i+1): sigmoid, and
    /// for the output layer sigmoid or softmax.
    public var activations: [Activation]

    /// The largest layer this library builds or reads (neurons).
    public static let maxLayerSize = 1 << 20
    /// The most layers (input included) this library builds or reads.
    public static let maxLayerCount = 64

    /// Creates a network from its parameters, checking that every shape fits `sizes`.
    public init(sizes: [Int], weights: [[Float]], biases: [[Float]], activations: [Activation]? = nil) throws {
        try Network.validate(sizes: sizes)
        let layers = sizes.count - 1
        guard weights.count == layers, biases.count == layers else {
            throw NetworkError.shapeMismatch("expected \(layers) weight matrices and bias vectors, got \(weights.count) and \(biases.count)")
        }
        for i in 0..<layers {
            guard weights[i].count == sizes[i + 1] * sizes[i] else {
                throw NetworkError.shapeMismatch("layer \(i + 1): weights have \(weights[i].count) entries, expected \(sizes[i + 1])×\(sizes[i])")
            }
            guard biases[i].count == sizes[i + 1] else {
                throw NetworkError.shapeMismatch("layer \(i + 1): biases have \(biases[i].count) entries, expected \(sizes[i + 1])")
            }
        }
        let activations = activations ?? Array(repeating: .sigmoid, count: layers)
        guard activations.count == layers else {
            throw NetworkError.shapeMismatch("expected \(layers) activations, got \(activations.count)")
        }
        if let hidden = activations.dropLast().firstIndex(of: .softmax) {
            throw NetworkError.softmaxHiddenLayer(hidden + 1)
        }
        self.sizes = sizes
        self.weights = weights
        self.biases = biases
        self.activations = activations
    }

    /// A network of the given sizes with every weight and bias zero: sigmoid layers, the output
    /// layer `output` (sigmoid or softmax).
    public init(zerosWithSizes sizes: [Int], output: Activation = .sigmoid) throws {
        try Network.validate(sizes: sizes)
        self.sizes = sizes
        self.weights = (1..<sizes.count).map { [Float](repeating: 0, count: sizes[$0] * sizes[$0 - 1]) }
        self.biases = (1..<sizes.count).map { [Float](repeating: 0, count: sizes[$0]) }
        self.activations = Array(repeating: .sigmoid, count: sizes.count - 2) + [output]
    }

    /// Checks that `sizes` describes a network this library can hold: at least two layers, each
    /// of 1…``maxLayerSize`` neurons, at most ``maxLayerCount`` layers, and a parameter count that
    /// fits in memory arithmetic without overflow.
    public static func validate(sizes: [Int]) throws {
        guard sizes.count >= 2, sizes.count <= maxLayerCount else {
            throw NetworkError.badSizes("a network needs 2…\(maxLayerCount) layers, got \(sizes.count)")
        }
        for (i, n) in sizes.enumerated() where n < 1 || n > maxLayerSize {
            throw NetworkError.badSizes("layer \(i) has \(n) neurons; each layer needs 1…\(maxLayerSize)")
        }
        var total = 0
        for i in 1..<sizes.count {
            let (w, o1) = sizes[i].multipliedReportingOverflow(by: sizes[i - 1])
            let (t1, o2) = total.addingReportingOverflow(w)
            let (t2, o3) = t1.addingReportingOverflow(sizes[i])
            guard !o1, !o2, !o3, t2 <= 1 << 31 else {
                throw NetworkError.badSizes("too many parameters for layer sizes \(sizes)")
            }
            total = t2
        }
    }

    /// Number of inputs (sizes.first).
    public var inputSize: Int { sizes[0] }
    /// Number of outputs (sizes.last).
    public var outputSize: Int { sizes[sizes.count - 1] }
    /// The output layer's activation.
    public var outputActivation: Activation { activations[activations.count - 1] }
    /// Total number of weights and biases.
    public var parameterCount: Int {
        zip(weights, biases).reduce(0) { $0 + $1.0.count + $1.1.count }
    }
}

/// The activation function of a layer: the logistic sigmoid, or (output layer only) softmax.
public enum Activation: String, Sendable, CaseIterable, Codable {
    /// σ(z) = 1 / (1 + e^(−z)), neuron by neuron.
    case sigmoid
    /// a_j = e^(z_j) / Σ_k e^(z_k) over the whole layer (Nielsen ch. 3): the outputs are positive
    /// and sum to 1. Only for the output layer, and only with ``Cost/logLikelihood``.
    case softmax
}

/// The cost function a network is trained with.
public enum Cost: String, Sendable, CaseIterable, Codable {
    /// C = 1/(2n) Σ‖a − y‖² (the classic choice).
    case quadratic
    /// C = −1/n Σ Σ_j [y_j ln a_j + (1 − y_j) ln(1 − a_j)].
    case crossEntropy = "cross-entropy"
    /// C = −1/n Σ_x ln a^L_y (y the example's class), for a softmax output layer (Nielsen ch. 3).
    case logLikelihood = "log-likelihood"

    /// The output activation this cost goes with: softmax for log-likelihood, else sigmoid. A
    /// network trained with the cost has it, and a model file pairing them otherwise is refused.
    public var outputActivation: Activation { self == .logLikelihood ? .softmax : .sigmoid }
}

/// A network whose shapes or values are not usable.
public enum NetworkError: DigitsError, Equatable {
    case badSizes(String)
    case shapeMismatch(String)
    /// The input has `got` values but the network takes `expected`.
    case inputSize(expected: Int, got: Int)
    /// Layer `n` (1-based), not the output layer, is a softmax: only the output layer can be.
    case softmaxHiddenLayer(Int)

    public var kind: FailureKind { .badInput }
    public var description: String {
        switch self {
        case .badSizes(let s), .shapeMismatch(let s): return s
        case let .inputSize(expected, got):
            return "the model takes \(expected) inputs but the data has \(got) per example"
        case .softmaxHiddenLayer(let layer):
            return "layer \(layer) is a softmax, but only the output layer can be"
        }
    }
}
