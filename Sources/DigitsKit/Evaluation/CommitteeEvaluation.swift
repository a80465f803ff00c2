/// A ``Committee`` evaluated on labelled images: the committee's answers and, from the same
/// forward passes, each member's own.
public struct CommitteeEvaluation: Sendable {
    /// The committee's answers (the argmax of the members' mean outputs) against the labels.
    public let committee: Evaluation
    /// Each member's own answers, in member order.
    public let members: [Evaluation]

    /// Runs every member over `images`, `chunkSize` images at a time (all members per chunk).
    ///
    /// - Throws: a ``FileError`` naming the member that does not fit the data
    ///   (``EvaluationError/inputSize(model:data:)``, ``EvaluationError/outputCount(model:classes:)``)
    ///   or whose outputs for an example are NaN (``EvaluationError/nonFiniteOutput(example:)``).
    public init(_ committee: Committee, images: LabeledImages, classCount: Int,
                chunkSize: Int = Evaluation.defaultChunkSize, progress: ((Int) -> Void)? = nil) throws {
        for (name, network) in zip(committee.names, committee.networks) {
            try withFile(name) { try Evaluation.check(network, fits: images, classCount: classCount) }
        }
        var answers: [Int] = []
        var memberAnswers = [[Int]](repeating: [], count: committee.count)
        try Evaluation.forEachChunk(of: images.count, chunkSize: chunkSize, progress: progress) { range in
            let chunk = try Committee.answers(try committee.outputs(for: images, range: range), names: committee.names,
                                              outputSize: committee.outputSize, firstExample: range.lowerBound)
            answers += chunk.committee
            for m in memberAnswers.indices { memberAnswers[m] += chunk.members[m] }
        }
        let labels = images.labels.map(Int.init)
        self.committee = try Evaluation(labels: labels, predictions: answers, classCount: classCount)
        members = try memberAnswers.map { try Evaluation(labels: labels, predictions: $0, classCount: classCount) }
    }
}

/// One member of an evaluated committee: its file and its own figures on the same examples.
public struct CommitteeMemberSummary: Equatable, Sendable, Codable {
    /// The model file.
    public var model: String
    public var correct: Int
    public var accuracy: Double

    public init(model: String, evaluation: Evaluation) {
        self.model = model
        correct = evaluation.matrix.correct
        accuracy = evaluation.matrix.accuracy
    }
}

extension EvaluationReport {
    /// The report of a committee of the models read from `paths` (member order): the figures
    /// are the committee's; ``members`` holds each member's own accuracy and ``model`` is nil.
    public init(_ evaluation: CommitteeEvaluation, paths: [String], dataset: String? = nil, split: String? = nil) {
        precondition(paths.count == evaluation.members.count, "one path per member")
        self.init(evaluation.committee, model: nil, dataset: dataset, split: split)
        members = zip(paths, evaluation.members).map { CommitteeMemberSummary(model: $0, evaluation: $1) }
    }
}
