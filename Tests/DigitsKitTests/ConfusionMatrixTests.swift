import Testing
@testable import DigitsKit

@Suite struct ConfusionMatrixTests {
    /// 3 classes, 10 examples; the matrix is
    ///     [3 1 0]
    ///     [0 1 1]
    ///     [2 0 2]
    static let labels = [0, 0, 0, 0, 1, 1, 2, 2, 2, 2]
    static let predictions = [0, 0, 0, 1, 1, 2, 2, 2, 0, 0]

    @Test func countsCellsRowsTrueColumnsPredicted() throws {
        let m = try ConfusionMatrix(labels: Self.labels, predictions: Self.predictions, classCount: 3)
        #expect(m.rows == [[3, 1, 0], [0, 1, 1], [2, 0, 2]])
        #expect(m.total == 10)
        #expect(m.correct == 6)
        #expect(m.accuracy == 0.6)
        #expect((0..<3).map(m.rowTotal) == [4, 2, 4])
        #expect((0..<3).map(m.columnTotal) == [5, 2, 3])
    }

    @Test func perClassFiguresMatchAHandComputedExample() throws {
        let m = try ConfusionMatrix(labels: Self.labels, predictions: Self.predictions, classCount: 3)
        let c = m.classMetrics
        // Class 0: P = 3/5, R = 3/4, F1 = 2·0.6·0.75/1.35 = 2/3.
        #expect(abs(c[0].precision - 0.6) < 1e-12)
        #expect(abs(c[0].recall - 0.75) < 1e-12)
        #expect(abs(c[0].f1 - 2.0 / 3) < 1e-12)
        // Class 1: P = 1/2, R = 1/2, F1 = 1/2.
        #expect(abs(c[1].precision - 0.5) < 1e-12 && abs(c[1].recall - 0.5) < 1e-12 && abs(c[1].f1 - 0.5) < 1e-12)
        // Class 2: P = 2/3, R = 1/2, F1 = (2/3)/(7/6) = 4/7.
        #expect(abs(c[2].precision - 2.0 / 3) < 1e-12)
        #expect(abs(c[2].recall - 0.5) < 1e-12)
        #expect(abs(c[2].f1 - 4.0 / 7) < 1e-12)
        #expect(c.map(\.support) == [4, 2, 4])
        let macro = m.macroAverages
        #expect(macro.classes == 3)
        #expect(abs(macro.precision - (0.6 + 0.5 + 2.0 / 3) / 3) < 1e-12)
        #expect(abs(macro.recall - (0.75 + 0.5 + 0.5) / 3) < 1e-12)
        #expect(abs(macro.f1 - (2.0 / 3 + 0.5 + 4.0 / 7) / 3) < 1e-12)
    }

    @Test func topConfusionsAreLargestFirstThenByClass() throws {
        let m = try ConfusionMatrix(labels: Self.labels, predictions: Self.predictions, classCount: 3)
        #expect(m.topConfusions() == [Confusion(label: 2, predicted: 0, count: 2),
                                      Confusion(label: 0, predicted: 1, count: 1),
                                      Confusion(label: 1, predicted: 2, count: 1)])
        #expect(m.topConfusions(limit: 1).count == 1)
    }

    @Test func zeroOverZeroIsZeroAndAbsentClassesLeaveTheMacroAverage() throws {
        // Class 1 has examples but is never predicted; class 3 neither occurs nor is predicted.
        let m = try ConfusionMatrix(labels: [0, 1, 2, 2], predictions: [0, 0, 2, 2], classCount: 4)
        let c = m.classMetrics
        #expect(c[1].precision == 0 && c[1].recall == 0 && c[1].f1 == 0)
        #expect(c[3].precision == 0 && c[3].recall == 0 && c[3].f1 == 0 && c[3].support == 0)
        let macro = m.macroAverages
        #expect(macro.classes == 3)
        // Class 0: P 1/2, R 1; class 1: 0, 0; class 2: 1, 1.
        #expect(abs(macro.precision - 0.5) < 1e-12)
        #expect(abs(macro.recall - 2.0 / 3) < 1e-12)
        #expect(abs(macro.f1 - (2.0 / 3 + 0 + 1) / 3) < 1e-12)
        #expect(ConfusionMatrix(classCount: 2).macroAverages.classes == 0)
        #expect(ConfusionMatrix(classCount: 2).accuracy == 0)
    }

    @Test func rejectsOutOfRangeClassesAndLengthMismatch() {
        #expect(throws: EvaluationError.classOutOfRange(index: 1, value: 3, classCount: 3)) {
            try ConfusionMatrix(labels: [0, 3], predictions: [0, 0], classCount: 3)
        }
        #expect(throws: EvaluationError.classOutOfRange(index: 0, value: -1, classCount: 3)) {
            try ConfusionMatrix(labels: [0], predictions: [-1], classCount: 3)
        }
        #expect(throws: EvaluationError.lengthMismatch(labels: 2, predictions: 1)) {
            try ConfusionMatrix(labels: [0, 1], predictions: [0], classCount: 3)
        }
    }

    /// Seeded random cases: the matrix sums to N, trace/N is the accuracy, and every per-class
    /// figure agrees with counts taken straight from the vectors.
    @Test func sanityPropertiesHoldOnRandomCases() throws {
        var rng = SplitMix64(seed: 42)
        for trial in 0..<50 {
            let k = Int(rng.next() % 9) + 2
            let n = Int(rng.next() % 200)
            let labels = (0..<n).map { _ in Int(rng.next() % UInt64(k)) }
            // Mostly right, so the figures are not all tiny.
            let predictions = labels.map { rng.next() % 3 == 0 ? Int(rng.next() % UInt64(k)) : $0 }
            let m = try ConfusionMatrix(labels: labels, predictions: predictions, classCount: k)
            let right = zip(labels, predictions).filter { $0 == $1 }.count
            #expect(m.total == n, "trial \(trial)")
            #expect(m.correct == right, "trial \(trial)")
            #expect(m.accuracy == (n == 0 ? 0 : Double(right) / Double(n)), "trial \(trial)")
            for c in m.classMetrics {
                let tp = zip(labels, predictions).filter { $0 == c.label && $1 == c.label }.count
                let support = labels.filter { $0 == c.label }.count
                let predicted = predictions.filter { $0 == c.label }.count
                #expect(c.truePositives == tp && c.support == support && c.predictedCount == predicted, "trial \(trial) class \(c.label)")
                #expect(c.precision == (predicted == 0 ? 0 : Double(tp) / Double(predicted)), "trial \(trial)")
                #expect(c.recall == (support == 0 ? 0 : Double(tp) / Double(support)), "trial \(trial)")
            }
        }
    }

    @Test func differenceIsCellByCell() throws {
        let a = try ConfusionMatrix(labels: [0, 1, 1], predictions: [0, 0, 1], classCount: 2)
        let b = try ConfusionMatrix(labels: [0, 1, 1], predictions: [1, 1, 1], classCount: 2)
        #expect(b.difference(minus: a) == [-1, 1, -1, 1])
        #expect(a.difference(minus: a) == [0, 0, 0, 0])
    }
}

