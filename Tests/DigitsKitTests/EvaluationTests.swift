import Foundation
import Testing
@testable import DigitsKit

@Suite struct EvaluationTests {
    /// A [4, 2] network that answers 0 when the ink is in the first two pixels and 1 when it is
    /// in the last two.
    static func leftRightNetwork() throws -> Network {
        try Network(sizes: [4, 2], weights: [[10, 10, -10, -10, -10, -10, 10, 10]], biases: [[0, 0]])
    }

    /// Images of 2×2 pixels: `left` ink on the left half (class 0 by the network), else right.
    static func images(inkLeft: [Bool], labels: [UInt8]) -> LabeledImages {
        let pixels = inkLeft.flatMap { $0 ? [UInt8]([255, 255, 0, 0]) : [0, 0, 255, 255] }
        return LabeledImages(rows: 2, columns: 2, pixels: pixels, labels: labels)
    }

    @Test func evaluatesANetworkOnLabelledImages() throws {
        // Predictions: 0 1 0 1 1 0; labels: 0 1 1 1 0 0.
        let data = Self.images(inkLeft: [true, false, true, false, false, true], labels: [0, 1, 1, 1, 0, 0])
        let e = try Evaluation(network: Self.leftRightNetwork(), images: data, classCount: 2)
        #expect(e.predictions == [0, 1, 0, 1, 1, 0])
        #expect(e.labels == [0, 1, 1, 1, 0, 0])
        #expect(e.matrix.rows == [[2, 1], [1, 2]])
        #expect(e.misclassified == [2, 4])
        let report = EvaluationReport(e, model: "m.bin", dataset: "toy", split: "test")
        #expect(report.examples == 6 && report.correct == 4)
        #expect(abs(report.accuracy - 4.0 / 6) < 1e-12)
        #expect(report.matrix.joined().reduce(0, +) == report.examples)
        #expect(report.confusions == [Confusion(label: 0, predicted: 1, count: 1), Confusion(label: 1, predicted: 0, count: 1)])
    }

    @Test func chunkingGivesTheSameAnswersAndReportsProgress() throws {
        var rng = SplitMix64(seed: 7)
        let n = 23
        let inkLeft = (0..<n).map { _ in rng.next() % 2 == 0 }
        let labels = (0..<n).map { _ in UInt8(rng.next() % 2) }
        let data = Self.images(inkLeft: inkLeft, labels: labels)
        let net = try Self.leftRightNetwork()
        let whole = try Evaluation.predictions(of: net, on: data, classCount: 2, chunkSize: 1000)
        var seen: [Int] = []
        let chunked = try Evaluation.predictions(of: net, on: data, classCount: 2, chunkSize: 5) { seen.append($0) }
        #expect(whole == chunked)
        #expect(whole == inkLeft.map { $0 ? 0 : 1 })
        #expect(seen == [5, 10, 15, 20, 23])
    }

    @Test func rejectsAModelThatDoesNotFitTheData() throws {
        let data = LabeledImages(rows: 1, columns: 3, pixels: [0, 0, 0], labels: [0])
        #expect(throws: EvaluationError.inputSize(model: 4, data: 3)) {
            try Evaluation(network: Self.leftRightNetwork(), images: data, classCount: 2)
        }
        let fits = Self.images(inkLeft: [true], labels: [0])
        #expect(throws: EvaluationError.outputCount(model: 2, classes: 10)) {
            try Evaluation(network: Self.leftRightNetwork(), images: fits, classCount: 10)
        }
        let error = EvaluationError.inputSize(model: 4, data: 3)
        #expect(error.kind == .badInput)
        #expect(!error.description.contains("\n"))
    }

    @Test func reportEncodesToJSONWithEveryFigure() throws {
        let data = Self.images(inkLeft: [true, false, true], labels: [0, 1, 1])
        let e = try Evaluation(network: Self.leftRightNetwork(), images: data, classCount: 2)
        let json = try JSONEncoder().encode(EvaluationReport(e))
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        for key in ["examples", "correct", "accuracy", "matrix", "perClass", "macro", "confusions", "classCount"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        let decoded = try JSONDecoder().decode(EvaluationReport.self, from: json)
        #expect(decoded == EvaluationReport(e))
    }
}
