/// Classifies pictures of digits with an MNIST network: preprocessing, inference, ranking.
///
/// Inference goes through ``Predictor``s (the batched path every command shares), kept from one
/// call to the next (a served request costs only its forward pass). The 28×28 input is quantised
/// to bytes, as MNIST is stored, before the network sees it. Several networks classify as a
/// ``Committee``: the mean of their outputs is scored. Safe to use from several threads at once.
public struct DigitClassifier: Sendable {
    /// The networks that answer (more than one: a committee), and what to call each in errors
    /// (usually its file).
    public let networks: [Network]
    public let names: [String]
    /// The first (or only) network.
    public var network: Network { networks[0] }
    public var preprocessor: DigitPreprocessor
    /// When false, pictures must already be 28×28 and go to the network as they are (only
    /// inverted when ``DigitPreprocessor/inversion`` says so), like the IDX test set does.
    public var preprocess: Bool
    /// The networks' predictors (one committee, of one network or more, per call at a time).
    let inference: CommitteePool

    /// The classes a digit classifier tells apart: one output per digit.
    public static let classCount = 10

    /// - Throws: ``ClassifyError/modelInputSize(_:)`` unless the network takes 28×28 = 784 inputs,
    ///   ``ClassifyError/modelOutputCount(_:)`` unless it has ``classCount`` outputs.
    public init(network: Network, preprocessor: DigitPreprocessor = DigitPreprocessor(), preprocess: Bool = true) throws {
        let side = DigitPreprocessor.side
        guard network.inputSize == side * side else { throw ClassifyError.modelInputSize(network.inputSize) }
        guard network.outputSize == Self.classCount else { throw ClassifyError.modelOutputCount(network.outputSize) }
        networks = [network]
        names = ["the model"]
        inference = CommitteePool([(name: names[0], network: network)])
        self.preprocessor = preprocessor
        self.preprocess = preprocess
    }

    /// A classifier whose answer is the committee of `members` (at least one; one alone answers
    /// exactly as ``init(network:preprocessor:preprocess:)``).
    /// - Throws: a ``FileError`` naming the first member that does not take 784 inputs or lacks
    ///   ``classCount`` outputs (as the other initialiser), ``CommitteeError/noMembers`` for none.
    public init(members: [(name: String, network: Network)], preprocessor: DigitPreprocessor = DigitPreprocessor(),
                preprocess: Bool = true) throws {
        guard !members.isEmpty else { throw CommitteeError.noMembers }
        for member in members {
            _ = try withFile(member.name) { try DigitClassifier(network: member.network) }
        }
        networks = members.map(\.network)
        names = members.map(\.name)
        inference = CommitteePool(members)
        self.preprocessor = preprocessor
        self.preprocess = preprocess
    }

    /// What the network will see for `picture`: 28×28, samples on the 1/255 grid.
    public func prepare(_ picture: GrayImage) throws -> (input: GrayImage, inverted: Bool) {
        var input: GrayImage
        let inverted: Bool
        if preprocess {
            let result = try preprocessor.process(picture)
            input = result.image
            inverted = result.inverted
        } else {
            let side = DigitPreprocessor.side
            guard picture.width == side, picture.height == side else {
                throw ClassifyError.notNetworkSize(width: picture.width, height: picture.height)
            }
            (input, inverted) = preprocessor.invertedIfAsked(picture)
        }
        for i in input.pixels.indices { input.pixels[i] = Float(DigitClassifier.byte(input.pixels[i])) / 255 }
        return (input, inverted)
    }

    /// The ranked scores of each prepared input (from ``prepare(_:)``), best first.
    ///
    /// - Parameter names: what to call each input in an error (default: "picture N").
    /// - Throws: ``ClassifyError/noScores(picture:allZero:)`` when an input's outputs are NaN or
    ///   all 0: its confidences (a_j / Σ a_k) would not be numbers.
    public func classify(_ inputs: [GrayImage], names: [String] = []) throws -> [[DigitScore]] {
        guard !inputs.isEmpty else { return [] }
        let side = DigitPreprocessor.side
        var pixels: [UInt8] = []
        pixels.reserveCapacity(inputs.count * side * side)
        for input in inputs {
            guard input.width == side, input.height == side else {
                throw ClassifyError.notNetworkSize(width: input.width, height: input.height)
            }
            pixels += input.pixels.map(DigitClassifier.byte)
        }
        let batch = LabeledImages(rows: side, columns: side, pixels: pixels, labels: [UInt8](repeating: 0, count: inputs.count))
        let k = network.outputSize
        // A one-network committee gives exactly that network's outputs.
        let (outputs, members) = try inference.withCommittee { try $0.outputs(for: batch, range: 0..<inputs.count) }
        return try (0..<inputs.count).map { i in
            let a = outputs[i * k ..< (i + 1) * k]
            guard a.allSatisfy(\.isFinite), a.contains(where: { $0 > 0 }) else {
                let error = ClassifyError.noScores(picture: i < names.count ? names[i] : "picture \(i + 1)",
                                                   allZero: a.allSatisfy { $0 == 0 })
                // In a committee, the member without a number for this picture is named.
                guard networks.count > 1,
                      let m = members.firstIndex(where: { !$0[i * k ..< (i + 1) * k].allSatisfy(\.isFinite) }) else { throw error }
                throw FileError(path: self.names[m], error)
            }
            return DigitScore.ranked(Array(a))
        }
    }

    static func byte(_ v: Float) -> UInt8 {
        UInt8(quantized(v, maxval: 255))
    }
}

/// One class's score for one picture.
public struct DigitScore: Equatable, Sendable, Codable {
    /// The class (output neuron) index: the digit.
    public var digit: Int
    /// The output's share of all outputs, a_j / Σ_k a_k (sigmoid outputs are independent, so
    /// their raw values need not sum to 1; a softmax output's do, and the share is a_j itself, up
    /// to rounding; this is what "confidence" means).
    public var score: Double
    /// The raw output a_j in (0, 1): a sigmoid, or the softmax of a log-likelihood model.
    public var output: Double

    public init(digit: Int, score: Double, output: Double) {
        self.digit = digit
        self.score = score
        self.output = output
    }

    /// Every class of one output vector, best first (ties: lower digit first).
    public static func ranked(_ outputs: [Float]) -> [DigitScore] {
        let total = outputs.reduce(0.0) { $0 + Double($1) }
        return outputs.enumerated()
            .map { DigitScore(digit: $0.offset, score: total > 0 ? Double($0.element) / total : 0, output: Double($0.element)) }
            .sorted { $0.output != $1.output ? $0.output > $1.output : $0.digit < $1.digit }
    }
}

/// A model or picture `digits classify` cannot use.
public enum ClassifyError: DigitsError, Equatable {
    /// The model does not take 28×28 = 784 inputs.
    case modelInputSize(Int)
    /// Without preprocessing a picture must already be 28×28.
    case notNetworkSize(width: Int, height: Int)
    /// The model does not have one output per digit.
    case modelOutputCount(Int)
    /// The model's outputs for `picture` are NaN (finite weights that overflow Float32 sums),
    /// or all 0 (sigmoids underflowed): no confidence can be computed.
    case noScores(picture: String, allZero: Bool)

    public var kind: FailureKind { .badInput }
    public var description: String {
        switch self {
        case .modelInputSize(let n):
            return "the model takes \(n) inputs; classifying pictures needs a model of 784 (28×28) inputs"
        case let .notNetworkSize(w, h):
            return "image is \(w)×\(h); without preprocessing it must be 28×28"
        case .modelOutputCount(let n):
            return "the model has \(n) outputs; classifying digits needs a model of \(DigitClassifier.classCount) outputs (one per digit)"
        case let .noScores(picture, allZero):
            let what = allZero ? "are all 0 (its sigmoids underflow)" : "are NaN (its weights overflow Float32 arithmetic)"
            return "the model's outputs for \(escapedForMessage(picture)) \(what): it gives no digit and no confidence"
        }
    }
}
