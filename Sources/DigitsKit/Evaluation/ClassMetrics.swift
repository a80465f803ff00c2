/// Precision, recall and F1 of one class, read off a confusion matrix.
///
/// The 0/0 cases are defined as 0 (the scikit-learn convention): precision is 0 for a class that
/// is never predicted, recall is 0 for a class with no examples, and F1 is 0 when precision and
/// recall are both 0.
public struct ClassMetrics: Equatable, Sendable, Codable {
    /// The class (digit).
    public var label: Int
    /// Examples whose true class is `label` (row sum).
    public var support: Int
    /// Examples predicted as `label` (column sum).
    public var predictedCount: Int
    /// Examples of `label` predicted as `label` (diagonal cell).
    public var truePositives: Int
    /// TP / predictedCount.
    public var precision: Double
    /// TP / support.
    public var recall: Double
    /// 2PR / (P + R), the harmonic mean of precision and recall.
    public var f1: Double

    public init(label: Int, support: Int, predictedCount: Int, truePositives: Int) {
        self.label = label
        self.support = support
        self.predictedCount = predictedCount
        self.truePositives = truePositives
        precision = predictedCount == 0 ? 0 : Double(truePositives) / Double(predictedCount)
        recall = support == 0 ? 0 : Double(truePositives) / Double(support)
        f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
    }
}

/// Unweighted means of per-class figures.
public struct MacroAverages: Equatable, Sendable, Codable {
    public var precision: Double
    public var recall: Double
    /// The mean of the per-class F1 scores (not the F1 of the mean precision and recall).
    public var f1: Double
    /// How many classes the means are over.
    public var classes: Int
}

extension ConfusionMatrix {
    /// Precision, recall and F1 of every class, in class order.
    public var classMetrics: [ClassMetrics] {
        (0..<classCount).map {
            ClassMetrics(label: $0, support: rowTotal($0), predictedCount: columnTotal($0), truePositives: self[$0, $0])
        }
    }

    /// The macro averages over the classes that occur, as a true class or as a prediction; a
    /// class absent from both says nothing about the model and is left out. All zero when the
    /// matrix is empty.
    public var macroAverages: MacroAverages {
        let present = classMetrics.filter { $0.support > 0 || $0.predictedCount > 0 }
        guard !present.isEmpty else { return MacroAverages(precision: 0, recall: 0, f1: 0, classes: 0) }
        let n = Double(present.count)
        return MacroAverages(precision: present.reduce(0) { $0 + $1.precision } / n,
                             recall: present.reduce(0) { $0 + $1.recall } / n,
                             f1: present.reduce(0) { $0 + $1.f1 } / n,
                             classes: present.count)
    }
}
