import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import DigitsKit

/// Models a consumer cannot answer with: the wrong number of outputs, outputs that are NaN or
/// all 0; and history plots of values no reader accepts (the plot must still finish).
@Suite struct UnusableModelTests {
    /// A [784, 10] network whose weights are all `weight` and biases all `bias`.
    static func network(weight: Float, bias: Float, outputs: Int = 10) throws -> Network {
        var net = try Network(zerosWithSizes: [784, outputs])
        net.weights[0] = [Float](repeating: weight, count: 784 * outputs)
        net.biases[0] = [Float](repeating: bias, count: outputs)
        return net
    }

    static let picture = GrayImage(width: 28, height: 28, value: 0.5)

    @Test func classifierRefusesAModelWithoutTenOutputs() throws {
        #expect(throws: ClassifyError.modelOutputCount(7)) { try DigitClassifier(network: try Self.network(weight: 0, bias: 0, outputs: 7)) }
        #expect(ClassifyError.modelOutputCount(7).description.contains("7 outputs"))
    }

    @Test func nanOutputsAreAnErrorNotConfidenceZero() throws {
        // NaN weights cannot come from a file (the reader rejects them); built in memory they
        // give NaN outputs, as finite weights can when their sums overflow to ∞ − ∞.
        let classifier = try DigitClassifier(network: try Self.network(weight: .nan, bias: 0), preprocess: false)
        #expect(throws: ClassifyError.noScores(picture: "x.pgm", allZero: false)) {
            try classifier.classify([Self.picture], names: ["x.pgm"])
        }
        let set = LabeledImages(rows: 28, columns: 28, pixels: [UInt8](repeating: 9, count: 784 * 3), labels: [1, 2, 3])
        #expect(throws: EvaluationError.nonFiniteOutput(example: 0)) {
            try Evaluation(network: try Self.network(weight: .nan, bias: 0), images: set, classCount: 10)
        }
    }

    @Test func allZeroOutputsHaveNoConfidence() throws {
        // σ(−1000) underflows to 0 in Float32: the confidence a_j / Σ a_k would be 0/0.
        let classifier = try DigitClassifier(network: try Self.network(weight: 0, bias: -1000), preprocess: false)
        #expect(throws: ClassifyError.noScores(picture: "picture 1", allZero: true)) { try classifier.classify([Self.picture]) }
        #expect(ClassifyError.noScores(picture: "p\n", allZero: true).description
                == "the model's outputs for p\\u{a} are all 0 (its sigmoids underflow): it gives no digit and no confidence")
    }

    /// Values the reader rejects, plotted directly: the axis code once looped forever on them.
    @Test(arguments: [Double.infinity, -.infinity, 1e308, -1e308, .greatestFiniteMagnitude, 1e300, .leastNonzeroMagnitude, .nan])
    func historyPlotFinishesOnExtremeValues(_ x: Double) throws {
        let history = [
            EpochRecord(epoch: 1, trainingCost: x, validationAccuracy: x, testAccuracy: 0.5, learningRate: x, seconds: x),
            EpochRecord(epoch: 2, trainingCost: -x, validationAccuracy: 0.5, testAccuracy: x, learningRate: 1, seconds: 1),
            EpochRecord(epoch: Int.max, trainingCost: 1e15 + 1, validationAccuracy: nil, learningRate: 1, seconds: 1),
        ]
        let svg = TrainingHistoryReport.svg(history, title: "extreme")
        #expect(svg.hasSuffix("</svg>\n"))
        #expect(!svg.contains("nan") && !svg.contains("inf"))
        #expect(XMLParser(data: Data(svg.utf8)).parse(), "SVG is not well-formed XML")
        #expect(TrainingHistoryReport.csv(history).split(separator: "\n").count == 4)
    }

    @Test func flatHugeCostsStillGetAnAxis() {
        let history = (1...3).map { EpochRecord(epoch: $0, trainingCost: 1e300, learningRate: 1, seconds: 1) }
        let svg = TrainingHistoryReport.svg(history, title: "flat")
        #expect(svg.contains(">1e300<") && svg.contains(">2e299<"))
        let (lo, hi, step) = TrainingHistoryReport.niceRange(min: 1e300, max: 1e300, clampTo: nil)
        #expect(lo < hi && step > 0 && (hi - lo) / step <= 20)
    }
}
