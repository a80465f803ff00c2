/// A K×K confusion matrix: `self[truth, predicted]` counts the examples of class `truth` that were
/// predicted as `predicted`. Rows are true classes, columns predicted classes.
public struct ConfusionMatrix: Equatable, Sendable {
    /// K, the number of classes.
    public let classCount: Int
    /// The counts, row-major: entry `truth * classCount + predicted`.
    public private(set) var counts: [Int]

    /// An empty K×K matrix.
    public init(classCount: Int) {
        precondition(classCount > 0, "a confusion matrix needs at least one class")
        self.classCount = classCount
        self.counts = [Int](repeating: 0, count: classCount * classCount)
    }

    /// The matrix of `labels` against `predictions` (same length, every value below `classCount`).
    ///
    /// - Throws: ``EvaluationError/lengthMismatch(labels:predictions:)`` or
    ///   ``EvaluationError/classOutOfRange(index:value:classCount:)``.
    public init(labels: [Int], predictions: [Int], classCount: Int) throws {
        guard labels.count == predictions.count else {
            throw EvaluationError.lengthMismatch(labels: labels.count, predictions: predictions.count)
        }
        self.init(classCount: classCount)
        for i in labels.indices {
            let t = labels[i], p = predictions[i]
            guard (0..<classCount).contains(t) else { throw EvaluationError.classOutOfRange(index: i, value: t, classCount: classCount) }
            guard (0..<classCount).contains(p) else { throw EvaluationError.classOutOfRange(index: i, value: p, classCount: classCount) }
            counts[t * classCount + p] += 1
        }
    }

    /// The number of examples of class `truth` predicted as `predicted`.
    public subscript(truth: Int, predicted: Int) -> Int {
        counts[truth * classCount + predicted]
    }

    /// The matrix as K rows of K counts.
    public var rows: [[Int]] {
        (0..<classCount).map { Array(counts[$0 * classCount ..< ($0 + 1) * classCount]) }
    }

    /// N, the number of examples counted.
    public var total: Int { counts.reduce(0, +) }

    /// The trace: examples predicted correctly.
    public var correct: Int { (0..<classCount).reduce(0) { $0 + self[$1, $1] } }

    /// trace / N; 0 for an empty matrix.
    public var accuracy: Double { total == 0 ? 0 : Double(correct) / Double(total) }

    /// Examples whose true class is `truth` (row sum: the class's support).
    public func rowTotal(_ truth: Int) -> Int { (0..<classCount).reduce(0) { $0 + self[truth, $1] } }

    /// Examples predicted as `predicted` (column sum).
    public func columnTotal(_ predicted: Int) -> Int { (0..<classCount).reduce(0) { $0 + self[$1, predicted] } }

    /// The off-diagonal cells with a non-zero count, largest first (ties: by true, then predicted
    /// class), at most `limit` of them.
    public func topConfusions(limit: Int = .max) -> [Confusion] {
        var cells: [Confusion] = []
        for t in 0..<classCount {
            for p in 0..<classCount where p != t && self[t, p] > 0 {
                cells.append(Confusion(label: t, predicted: p, count: self[t, p]))
            }
        }
        cells.sort { ($0.count, -$0.label, -$0.predicted) > ($1.count, -$1.label, -$1.predicted) }
        return Array(cells.prefix(max(0, limit)))
    }

    /// The cell-by-cell difference `self − other` (row-major, as ``counts``).
    /// - Precondition: both matrices have the same class count.
    public func difference(minus other: ConfusionMatrix) -> [Int] {
        precondition(classCount == other.classCount, "confusion matrices of different sizes")
        return zip(counts, other.counts).map { $0 - $1 }
    }
}

/// One off-diagonal cell of a confusion matrix: `count` examples of class `label` predicted as `predicted`.
public struct Confusion: Equatable, Sendable, Codable {
    /// The true class (from the data).
    public var label: Int
    /// The class the network answered.
    public var predicted: Int
    public var count: Int

    public init(label: Int, predicted: Int, count: Int) {
        self.label = label
        self.predicted = predicted
        self.count = count
    }
}
