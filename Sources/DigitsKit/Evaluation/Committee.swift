/// Several networks answering as one: a committee (an ensemble of models averaged).
///
/// The committee's output for an image is the mean of its members' output activations a^L,
/// `(1/N) Σ_m a^L_m`, and its answer the index of the largest mean (ties: the lower class).
/// Sigmoid outputs are independent, not probabilities, so their mean is not a probability either
/// (softmax outputs, from the log-likelihood cost, are, and so is the mean of those); averaging
/// the outputs is still the usual committee rule for such networks, members of either kind (and
/// a one-member committee gives exactly its member's outputs and answers).
///
/// Each member runs through its own ``Predictor`` (the batched inference every command shares).
/// Members are named (usually by the file each was read from): an error about one member is a
/// ``FileError`` naming it. Not thread-safe, like ``Predictor``.
public final class Committee {
    /// The members' names, in order.
    public let names: [String]
    /// The members' networks, in order.
    public let networks: [Network]
    private let predictors: [Predictor]

    /// Pixels per image every member takes.
    public var inputSize: Int { networks[0].inputSize }
    /// Outputs (classes) of every member.
    public var outputSize: Int { networks[0].outputSize }
    /// The number of members.
    public var count: Int { networks.count }

    /// A committee of `members` (at least one), each run up to `capacity` images per forward pass.
    ///
    /// - Throws: ``CommitteeError/noMembers`` for none; a ``FileError`` naming the member with
    ///   ``CommitteeError/memberMismatch(inputs:outputs:first:firstInputs:firstOutputs:)`` when
    ///   a member does not take as many inputs or have as many outputs as the first.
    public init(_ members: [(name: String, network: Network)], capacity: Int = Predictor.maxCapacity) throws {
        guard let first = members.first else { throw CommitteeError.noMembers }
        for member in members.dropFirst()
        where member.network.inputSize != first.network.inputSize || member.network.outputSize != first.network.outputSize {
            throw FileError(path: member.name, CommitteeError.memberMismatch(
                inputs: member.network.inputSize, outputs: member.network.outputSize, first: first.name,
                firstInputs: first.network.inputSize, firstOutputs: first.network.outputSize))
        }
        names = members.map(\.name)
        networks = members.map(\.network)
        predictors = networks.map { Predictor($0, capacity: capacity) }
    }

    /// The committee's and each member's output activations for images `range` of `images`.
    ///
    /// `mean` is flat like ``Predictor/outputs(for:range:)`` (``outputSize`` per image);
    /// `members[m]` is member `m`'s own outputs, from which the mean was made.
    /// - Throws: a ``FileError`` naming the member whose network does not take these images.
    public func outputs(for images: LabeledImages, range: Range<Int>) throws -> (mean: [Float], members: [[Float]]) {
        let members = try predictors.indices.map { m in
            try withFile(names[m]) { try predictors[m].outputs(for: images, range: range) }
        }
        guard members.count > 1 else { return (members[0], members) }
        var sum = members[0]
        for other in members.dropFirst() {
            for i in sum.indices { sum[i] += other[i] }
        }
        let scale = 1 / Float(members.count)
        for i in sum.indices { sum[i] *= scale }
        return (sum, members)
    }

    /// The committee's answer for each image of `range`: the index of its largest mean output.
    /// - Throws: a ``FileError`` naming the first member whose outputs for an image are NaN, with
    ///   ``EvaluationError/nonFiniteOutput(example:)`` (the mean has no largest output then).
    public func predictions(for images: LabeledImages, range: Range<Int>) throws -> [Int] {
        try Self.answers(try outputs(for: images, range: range), names: names, outputSize: outputSize,
                         firstExample: range.lowerBound).committee
    }

    /// The answers of the committee and of each member, from ``outputs(for:range:)``.
    /// - Throws: as ``predictions(for:range:)``.
    static func answers(_ outputs: (mean: [Float], members: [[Float]]), names: [String], outputSize k: Int,
                        firstExample: Int) throws -> (committee: [Int], members: [[Int]]) {
        let rows = outputs.mean.count / k
        var members = [[Int]](repeating: [Int](repeating: 0, count: rows), count: outputs.members.count)
        for (m, out) in outputs.members.enumerated() {
            for r in 0..<rows {
                guard let best = Predictor.largest(out, from: r * k, count: k) else {
                    throw FileError(path: names[m], EvaluationError.nonFiniteOutput(example: firstExample + r))
                }
                members[m][r] = best
            }
        }
        // Every member's row is finite here, and so is their mean (outputs lie in [0, 1]).
        let committee = try (0..<rows).map { r in
            guard let best = Predictor.largest(outputs.mean, from: r * k, count: k) else {
                throw EvaluationError.nonFiniteOutput(example: firstExample + r)
            }
            return best
        }
        return (committee, members)
    }
}

/// Models that cannot form a committee.
public enum CommitteeError: DigitsError, Equatable {
    /// A committee needs at least one member.
    case noMembers
    /// This member takes `inputs` pixels and has `outputs` outputs, unlike the first member.
    case memberMismatch(inputs: Int, outputs: Int, first: String, firstInputs: Int, firstOutputs: Int)

    public var kind: FailureKind { .badInput }
    public var description: String {
        switch self {
        case .noMembers:
            return "a committee needs at least one model"
        case let .memberMismatch(inputs, outputs, first, firstInputs, firstOutputs):
            return "the model takes \(inputs) inputs and has \(outputs) outputs, but the committee's first model "
                + "\(escapedForMessage(first)) takes \(firstInputs) and has \(firstOutputs): committee members must match"
        }
    }
}
