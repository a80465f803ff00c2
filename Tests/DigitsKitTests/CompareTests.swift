import Foundation
import Testing
@testable import DigitsKit

@Suite struct CompareTests {
    /// A [4, 3, 2] network with seeded random parameters.
    static func randomNetwork(seed: UInt64, sizes: [Int] = [4, 3, 2]) throws -> Network {
        var rng = SplitMix64(seed: seed)
        func value() -> Float { Float(Int(rng.next() % 2001) - 1000) / 250 }
        let weights = (1..<sizes.count).map { l in (0..<sizes[l] * sizes[l - 1]).map { _ in value() } }
        let biases = (1..<sizes.count).map { l in (0..<sizes[l]).map { _ in value() } }
        return try Network(sizes: sizes, weights: weights, biases: biases)
    }

    static func randomImages(count: Int, seed: UInt64) -> LabeledImages {
        var rng = SplitMix64(seed: seed)
        return LabeledImages(rows: 2, columns: 2, pixels: (0..<count * 4).map { _ in UInt8(rng.next() % 256) },
                             labels: (0..<count).map { _ in UInt8(rng.next() % 2) })
    }

    @Test func aModelComparedWithItselfHasNoDifferences() throws {
        let net = try Self.randomNetwork(seed: 1)
        let model = Model(network: net, metadata: Metadata([(MetadataKey.seed, .int(1))]))
        let images = Self.randomImages(count: 40, seed: 2)
        let c = try ModelComparison(names: ["A", "B"], networks: [net, net], images: images, classCount: 2, chunkSize: 7)
        #expect(c.disagreements.isEmpty)
        #expect(c.pairs.count == 1)
        #expect(c.pairs[0].disagreements == 0 && c.pairs[0].onlyFirstRight == 0 && c.pairs[0].onlySecondRight == 0)
        #expect(c.pairs[0].pValue == 1)
        #expect(c.matrixDifference(model: 1).allSatisfy { $0 == 0 })
        #expect(c.recallChanges.allSatisfy { $0.changes == [0] })
        let report = ComparisonReport(c, models: [model, model], paths: ["a", "a"])
        let layers = try #require(report.weights[0].layers)
        #expect(layers.count == 2)
        for l in layers {
            #expect(l.weights.l2Distance == 0 && l.biases.l2Distance == 0)
            #expect(l.weights.relativeChange == 0)
            #expect(abs((l.weights.cosineSimilarity ?? 0) - 1) < 1e-12)
        }
        #expect(report.metadata.allSatisfy { !$0.differs })
    }

    @Test func predictionsMatchSingleModelEvaluation() throws {
        let a = try Self.randomNetwork(seed: 3), b = try Self.randomNetwork(seed: 4)
        let images = Self.randomImages(count: 50, seed: 5)
        let c = try ModelComparison(names: ["A", "B"], networks: [a, b], images: images, classCount: 2, chunkSize: 9)
        #expect(c.predictions[0] == (try Evaluation(network: a, images: images, classCount: 2).predictions))
        #expect(c.predictions[1] == (try Evaluation(network: b, images: images, classCount: 2).predictions))
        let expectedDisagreements = (0..<50).filter { c.predictions[0][$0] != c.predictions[1][$0] }
        #expect(c.disagreements == expectedDisagreements)
        #expect(c.pairs[0].disagreements == expectedDisagreements.count)
    }

    @Test func knownDiscordantCountsGiveTheTextbookPValue() throws {
        // 10 discordant examples: A alone right on 1, B alone right on 9.
        let labels = Array(repeating: 1, count: 10) + [0, 0]
        let a = [1] + Array(repeating: 0, count: 9) + [0, 0]
        let b = [0] + Array(repeating: 1, count: 9) + [0, 0]
        let c = try ModelComparison(names: ["A", "B"], labels: labels, predictions: [a, b], classCount: 2)
        #expect(abs(c.pairs[0].pValue - 0.021484375) < 1e-15)
        #expect(c.pairs[0].reading.hasPrefix("B is better than A"))
        // Recall of class 1: A 1/10, B 9/10, so class 1 changes most; class 0 is unchanged.
        let top = c.recallChanges[0]
        #expect(top.label == 1)
        #expect(abs(top.changes[0] - 0.8) < 1e-12)
        #expect(c.recallChanges[1].changes == [0])
    }

    @Test func threeModelsGiveEveryPairAndDifferencesAgainstTheFirst() throws {
        let labels = [0, 1, 2, 0]
        let p = [[0, 1, 2, 0], [0, 1, 1, 0], [1, 1, 2, 2]]
        let c = try ModelComparison(names: ["A", "B", "C"], labels: labels, predictions: p, classCount: 3)
        #expect(c.pairs.map { "\($0.first)\($0.second)" } == ["AB", "AC", "BC"])
        #expect(c.disagreements == [0, 2, 3])
        #expect(c.recallChanges.first { $0.label == 2 }?.changes == [-1, 0])
        #expect(throws: EvaluationError.tooFewModels(1)) {
            try ModelComparison(names: ["A"], labels: labels, predictions: [p[0]], classCount: 3)
        }
    }

    @Test func differentArchitecturesCompareWithoutAWeightSection() throws {
        let a = try Self.randomNetwork(seed: 6), b = try Self.randomNetwork(seed: 7, sizes: [4, 5, 2])
        let images = Self.randomImages(count: 20, seed: 8)
        let c = try ModelComparison(names: ["A", "B"], networks: [a, b], images: images, classCount: 2)
        let report = ComparisonReport(c, models: [Model(network: a), Model(network: b)], paths: ["a", "b"])
        #expect(report.weights[0].layers == nil)
        #expect(report.weights[0].omittedBecause?.contains("different architectures") == true)
        #expect(report.models.map(\.sizes) == [[4, 3, 2], [4, 5, 2]])
        #expect(WeightComparison.layers(from: a, to: b) == nil)
    }

    @Test func aModelThatDoesNotFitIsNamed() throws {
        let a = try Self.randomNetwork(seed: 6), b = try Self.randomNetwork(seed: 7, sizes: [4, 3])
        let images = Self.randomImages(count: 5, seed: 8)
        #expect(throws: ModelFitError(model: "B", underlying: .outputCount(model: 3, classes: 2))) {
            try ModelComparison(names: ["A", "B"], networks: [a, b], images: images, classCount: 2)
        }
    }

    @Test func vectorDifferencesMatchHandComputedValues() {
        // A = (3, 4), B = (3, 0): ‖B − A‖ = 4, ‖A‖ = 5, cos = 9 / (5 · 3) = 0.6.
        let d = VectorDifference([3, 4], [3, 0])
        #expect(d.l2Distance == 4 && d.normA == 5 && d.normB == 3)
        #expect(d.relativeChange == 0.8)
        #expect(abs((d.cosineSimilarity ?? 0) - 0.6) < 1e-12)
        #expect(VectorDifference([0, 0], [0, 0]).cosineSimilarity == 1)
        #expect(VectorDifference([0, 0], [0, 0]).relativeChange == 0)
        #expect(VectorDifference([0, 0], [1, 0]).relativeChange == nil)
        #expect(VectorDifference([0, 0], [1, 0]).cosineSimilarity == nil)
        #expect(abs((VectorDifference([1, 2], [-2, -4]).cosineSimilarity ?? 0) + 1) < 1e-12)
    }

    @Test func metadataMismatchesWarn() throws {
        func model(_ entries: [(String, MetadataValue)]) throws -> Model {
            Model(network: try Network(zerosWithSizes: [4, 2]), metadata: Metadata(entries))
        }
        let sumsX = "train-images-idx3-ubyte.gz=aaaa;train-labels-idx1-ubyte.gz=bbbb"
        let sumsY = "train-images-idx3-ubyte.gz=cccc;train-labels-idx1-ubyte.gz=bbbb"
        let a = try model([(MetadataKey.datasetName, .string("mnist")), (MetadataKey.datasetSHA256, .string(sumsX)),
                            (MetadataKey.learningRate, .double(3))])
        let b = try model([(MetadataKey.datasetName, .string("mnist")), (MetadataKey.datasetSHA256, .string(sumsY)),
                            (MetadataKey.learningRate, .double(0.5))])
        // Same data: no warning.
        #expect(MetadataComparison.warnings(names: ["A", "B"], models: [a, a], evaluatedDataset: "mnist", evaluatedChecksums: MetadataComparison.checksums(sumsX)).isEmpty)
        // Different training data.
        let w = MetadataComparison.warnings(names: ["A", "B"], models: [a, b], evaluatedDataset: "mnist", evaluatedChecksums: nil)
        #expect(w.count == 1 && w[0].contains("DIFFERENT data") && w[0].contains("A and B"))
        // Evaluated on other data than A was trained on (checksums in another order and with paths).
        let evaluated = ["/x/train-labels-idx1-ubyte.gz": "BBBB", "train-images-idx3-ubyte.gz": "CCCC", "t10k-labels-idx1-ubyte.gz": "dd"]
        let w2 = MetadataComparison.warnings(names: ["A", "B"], models: [a, b], evaluatedDataset: "mnist", evaluatedChecksums: evaluated)
        #expect(w2.contains { $0.hasPrefix("evaluating on data other than the training data of A ") })
        // By name when there are no checksums.
        let f = try model([(MetadataKey.datasetName, .string("fashion-mnist"))])
        let w3 = MetadataComparison.warnings(names: ["A", "B"], models: [a, f], evaluatedDataset: "mnist", evaluatedChecksums: nil)
        #expect(w3.contains { $0.contains("DIFFERENT data") })
        #expect(w3.contains { $0.contains("B (trained on fashion-mnist)") })
        // A hostile dataset name stays one line without terminal escapes, in warnings and rows.
        let h = try model([(MetadataKey.datasetName, .string("evil\n\u{1B}[31mred\u{2028}"))])
        let w4 = MetadataComparison.warnings(names: ["A", "H"], models: [a, h], evaluatedDataset: "mnist", evaluatedChecksums: nil)
        #expect(!w4.isEmpty)
        #expect(w4.allSatisfy { !$0.contains(where: { $0.isNewline || $0 == "\u{1B}" }) })
        #expect(w4.contains { $0.contains(#"H (trained on evil\u{a}\u{1b}[31mred\u{2028})"#) })
        #expect(MetadataComparison.rows([a, h]).allSatisfy { $0.values.allSatisfy { !($0 ?? "").contains(where: { $0.isNewline || $0 == "\u{1B}" }) } })
        // The learning rate is shown as differing.
        let rows = MetadataComparison.rows([a, b])
        #expect(rows.first { $0.key == MetadataKey.learningRate }?.values == ["3", "0.5"])
        #expect(rows.first { $0.key == MetadataKey.learningRate }?.differs == true)
        #expect(rows.first { $0.key == MetadataKey.datasetName }?.differs == false)
        #expect(rows.first { $0.key == MetadataKey.cost }?.values == ["quadratic", "quadratic"])
    }

    @Test func comparisonReportEncodesEveryFigure() throws {
        let a = try Self.randomNetwork(seed: 9), b = try Self.randomNetwork(seed: 10)
        let images = Self.randomImages(count: 30, seed: 11)
        let c = try ModelComparison(names: ["A", "B"], networks: [a, b], images: images, classCount: 2)
        let report = ComparisonReport(c, models: [Model(network: a), Model(network: b)], paths: ["a.bin", "b.bin"],
                                      dataset: "toy", split: "test", warnings: ["w"])
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let json = try encoder.encode(report)
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        for key in ["models", "classRecall", "pairs", "disagreements", "confusionDifferences", "weights", "metadata", "warnings", "examples"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        #expect(try decoder.decode(ComparisonReport.self, from: json) == report)
    }
}
