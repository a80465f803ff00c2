import DigitsKit
import Testing

/// DigitClassifier with a hand-built network: class 0 answers to a vertical stroke through the
/// centre, class 1 to a horizontal one (both survive centring, unlike a position).
@Suite struct PreprocessClassifierTests {
    static func strokeNetwork(classes: Int = 10) throws -> Network {
        var network = try Network(zerosWithSizes: [784, classes])
        for y in 0..<28 {
            for x in 0..<28 {
                if abs(x - 14) < 3, abs(y - 14) >= 4 { network.weights[0][0 * 784 + y * 28 + x] = 1 }
                if abs(y - 14) < 3, abs(x - 14) >= 4 { network.weights[0][1 * 784 + y * 28 + x] = 1 }
            }
        }
        network.biases[0] = [Float](repeating: -5, count: classes)
        return network
    }

    /// A stroke drawn black on white in a 50×40 picture, off-centre.
    static func stroke(vertical: Bool) -> GrayImage {
        var image = GrayImage(width: 50, height: 40, value: 1)
        for y in 0..<40 {
            for x in 0..<50 {
                let inStroke = vertical ? (30..<34).contains(x) && (5..<35).contains(y)
                                        : (5..<40).contains(x) && (8..<12).contains(y)
                if inStroke { image[x, y] = 0 }
            }
        }
        return image
    }

    @Test func strokesAreTellApartAfterPreprocessing() throws {
        let classifier = try DigitClassifier(network: Self.strokeNetwork())
        let inputs = try [true, false].map { try classifier.prepare(Self.stroke(vertical: $0)) }
        #expect(inputs.allSatisfy { $0.inverted })
        let scores = try classifier.classify(inputs.map(\.input))
        #expect(scores.map { $0[0].digit } == [0, 1])
        for ranked in scores {
            #expect(ranked.count == 10)
            #expect(abs(ranked.reduce(0) { $0 + $1.score } - 1) < 1e-9)
            #expect(zip(ranked, ranked.dropFirst()).allSatisfy { $0.output >= $1.output })
            #expect(ranked[0].score > 0.5)
        }
    }

    @Test func scoresAreTheReferenceForwardPassOfThePreparedInput() throws {
        var network = try Self.strokeNetwork()
        for i in network.weights[0].indices { network.weights[0][i] += Float(i % 7) * 0.01 - 0.03 }
        let classifier = try DigitClassifier(network: network)
        let (input, _) = try classifier.prepare(Self.stroke(vertical: true))
        #expect(input.pixels.allSatisfy { ($0 * 255).rounded() == $0 * 255 || abs(($0 * 255).rounded() - $0 * 255) < 1e-3 })
        let expected = network.feedforward(input.pixels)
        let ranked = try classifier.classify([input])[0]
        for score in ranked {
            #expect(abs(score.output - Double(expected[score.digit])) < 1e-5)
        }
    }

    @Test func modelsThatDoNotTake784InputsAreRefused() throws {
        let network = try Network(zerosWithSizes: [100, 10])
        #expect(throws: ClassifyError.modelInputSize(100)) { try DigitClassifier(network: network) }
        #expect(ClassifyError.modelInputSize(100).kind == .badInput)
    }

    @Test func withoutPreprocessingPicturesMustBe28x28AndAreOnlyInverted() throws {
        let classifier = try DigitClassifier(network: Self.strokeNetwork(), preprocess: false)
        #expect(throws: ClassifyError.notNetworkSize(width: 50, height: 40)) {
            try classifier.prepare(Self.stroke(vertical: true))
        }
        var paper = GrayImage(width: 28, height: 28, value: 1)
        paper[3, 3] = 0
        let (input, inverted) = try classifier.prepare(paper)
        #expect(inverted)
        #expect(input[3, 3] == 1 && input[0, 0] == 0)
        #expect(input.pixels.filter { $0 > 0 }.count == 1)  // not moved, not scaled
    }

    @Test func rankingBreaksTiesByDigit() {
        let ranked = DigitScore.ranked([0.5, 0.9, 0.5, 0.1])
        #expect(ranked.map(\.digit) == [1, 0, 2, 3])
        #expect(abs(ranked[0].score - 0.9 / 2.0) < 1e-6)
    }

    @Test func asciiArtUsesTwoCharactersPerPixelAndTheRamp() {
        let image = GrayImage(width: 3, height: 2, pixels: [0, 0.5, 1, 1, 0.05, 0.95])
        #expect(image.asciiArt() == ["  ++@@", "@@  @@"])
    }
}
