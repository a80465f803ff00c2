import Synchronization
import Foundation
import Testing
@testable import DigitsKit

/// Committees: the mean of the members' output activations, its argmax, and the members that
/// cannot be in one.
@Suite struct CommitteeTests {
    /// A [2, 3] network whose weights are 0: its outputs are σ(bias) whatever the image, so the
    /// outputs `sigmoids` are known by hand (bias = logit(p)).
    static func constant(_ sigmoids: [Float]) throws -> Network {
        var net = try Network(zerosWithSizes: [2, 3])
        net.biases[0] = sigmoids.map { p in Float(log(Double(p) / (1 - Double(p)))) }
        return net
    }

    static let twoImages = LabeledImages(rows: 1, columns: 2, pixels: [0, 255, 7, 9], labels: [0, 1])

    /// A answers 0, B answers 2, the mean (0.5, 0.6, 0.5) answers 1: neither member's answer.
    @Test func meanOfTheMembersOutputsAndItsArgmax() throws {
        let a = try Self.constant([0.9, 0.6, 0.1]), b = try Self.constant([0.1, 0.6, 0.9])
        let committee = try Committee([("a", a), ("b", b)])
        let (mean, members) = try committee.outputs(for: Self.twoImages, range: 0..<2)
        let byHand: [Float] = [0.5, 0.6, 0.5, 0.5, 0.6, 0.5]
        for (x, y) in zip(mean, byHand) { #expect(abs(x - y) < 1e-5, "\(mean)") }
        #expect(mean.count == 6)
        // Exactly (a + b) / 2 of each member's own outputs (halving is exact in binary).
        let ownA = try a.outputs(for: Self.twoImages), ownB = try b.outputs(for: Self.twoImages)
        #expect(members == [ownA, ownB])
        #expect(mean == zip(ownA, ownB).map { ($0 + $1) / 2 })
        #expect(try committee.predictions(for: Self.twoImages, range: 0..<2) == [1, 1])
        #expect(try a.predictions(for: Self.twoImages) == [0, 0] && b.predictions(for: Self.twoImages) == [2, 2])
        #expect(committee.count == 2 && committee.inputSize == 2 && committee.outputSize == 3)

        let evaluation = try CommitteeEvaluation(committee, images: Self.twoImages, classCount: 3, chunkSize: 1)
        #expect(evaluation.committee.predictions == [1, 1])
        #expect(evaluation.members.map(\.predictions) == [[0, 0], [2, 2]])
        let report = EvaluationReport(evaluation, paths: ["a.digits", "b.digits"])
        #expect(report.model == nil && report.correct == 1 && report.accuracy == 0.5)
        #expect(report.members?.map(\.model) == ["a.digits", "b.digits"])
        #expect(report.members?.map(\.correct) == [1, 0])
    }

    /// Three members: the mean of the three (not of the first two, not a vote).
    @Test func threeMembersAreAveragedNotVoted() throws {
        // Votes 0, 0, 2 would say 0; the mean (0.5, 0.4, 0.6) says 2.
        let committee = try Committee([("a", try Self.constant([0.6, 0.5, 0.4])), ("b", try Self.constant([0.6, 0.5, 0.4])),
                                       ("c", try Self.constant([0.3, 0.2, 1 - 1e-6]))])
        #expect(try committee.predictions(for: Self.twoImages, range: 0..<2) == [2, 2])
    }

    /// A one-member committee is the model itself: the same bits and the same answers.
    @Test func oneMemberGivesExactlyTheModelsAnswers() throws {
        let net = try BackpropFixtures.network([25, 8, 3], seed: 3)
        let data = PredictorTests.images(600, seed: 4)
        let committee = try Committee([("only", net)], capacity: 7)
        let (mean, members) = try committee.outputs(for: data, range: 0..<data.count)
        #expect(mean == (try net.outputs(for: data)))
        #expect(members == [mean])
        #expect(try committee.predictions(for: data, range: 0..<data.count) == (try net.predictions(for: data)))
        let evaluation = try CommitteeEvaluation(committee, images: data, classCount: 3, chunkSize: 50)
        let single = try Evaluation(network: net, images: data, classCount: 3)
        #expect(evaluation.committee.predictions == single.predictions)
        #expect(evaluation.members.map(\.predictions) == [single.predictions])
        #expect(evaluation.committee.matrix.rows == single.matrix.rows)
    }

    @Test func membersThatDoNotMatchTheFirstAreRefusedByName() throws {
        let a = try BackpropFixtures.network([25, 3], seed: 1)
        for other in [try BackpropFixtures.network([16, 3], seed: 2), try BackpropFixtures.network([25, 4, 4], seed: 2)] {
            let error = #expect(throws: FileError.self) { try Committee([("a.digits", a), ("b.digits", a), ("c.digits", other)]) }
            #expect(error?.path == "c.digits")
            #expect(error?.underlying as? CommitteeError == .memberMismatch(
                inputs: other.inputSize, outputs: other.outputSize, first: "a.digits", firstInputs: 25, firstOutputs: 3))
            #expect(error?.description.hasPrefix("c.digits: the model takes \(other.inputSize) inputs and has \(other.outputSize) outputs") == true)
        }
        #expect(throws: CommitteeError.noMembers) { try Committee([]) }
        // Members that match each other but not the data: the first that does not fit is named.
        let committee = try Committee([("a.digits", a), ("b.digits", a)])
        let error = #expect(throws: FileError.self) {
            try CommitteeEvaluation(committee, images: PredictorTests.images(3, seed: 1), classCount: 10)
        }
        #expect(error?.path == "a.digits")
        #expect(error?.underlying as? EvaluationError == .outputCount(model: 3, classes: 10))
    }

    /// NaN in any member leaves the mean without a largest output: the non-finite error, naming
    /// the member that gave it.
    @Test func nanInOneMemberIsTheNonFiniteErrorNamingIt() throws {
        var bad = try Self.constant([0.5, 0.5, 0.5])
        bad.weights[0][0] = .nan
        let committee = try Committee([("good", try Self.constant([0.9, 0.6, 0.1])), ("bad", bad)])
        let error = #expect(throws: FileError.self) { try committee.predictions(for: Self.twoImages, range: 0..<2) }
        #expect(error?.path == "bad")
        #expect(error?.underlying as? EvaluationError == .nonFiniteOutput(example: 0))
        #expect(throws: FileError.self) { try CommitteeEvaluation(committee, images: Self.twoImages, classCount: 3) }
    }

    /// `classify` with several models: the committee's mean is scored; a member that is not a
    /// 784-input, 10-output digit network is named.
    @Test func digitClassifierScoresTheCommitteesMean() throws {
        func net(_ favourite: Int) throws -> Network {
            var n = try Network(zerosWithSizes: [784, 10])
            n.biases[0] = (0..<10).map { $0 == favourite ? 2 : ($0 == 5 ? 1.5 : -3) }
            return n
        }
        let picture = GrayImage(width: 28, height: 28, value: 0.5)
        let one = try DigitClassifier(members: [("a", try net(3))], preprocess: false)
        let single = try DigitClassifier(network: try net(3), preprocess: false)
        #expect(try one.classify([picture]) == single.classify([picture]))
        // 3 and 7 each love their own digit; both like 5 second best: together they say 5.
        let two = try DigitClassifier(members: [("a", try net(3)), ("b", try net(7))], preprocess: false)
        let ranked = try two.classify([picture])[0]
        #expect(ranked[0].digit == 5)
        #expect(abs(ranked[0].output - 1 / (1 + exp(-1.5))) < 1e-5)
        var seven = try Network(zerosWithSizes: [784, 7])
        seven.biases[0][0] = 1
        let error = #expect(throws: FileError.self) { try DigitClassifier(members: [("a", try net(3)), ("b.digits", seven)]) }
        #expect(error?.path == "b.digits" && error?.underlying as? ClassifyError == .modelOutputCount(7))
        var nan = try net(1)
        nan.weights[0][0] = .nan
        let withNaN = try DigitClassifier(members: [("a", try net(3)), ("nan.digits", nan)], preprocess: false)
        let nanError = #expect(throws: FileError.self) { try withNaN.classify([picture], names: ["x.pgm"]) }
        #expect(nanError?.path == "nan.digits")
        #expect(nanError?.underlying as? ClassifyError == .noScores(picture: "x.pgm", allZero: false))
    }

    /// A classifier keeps its committees between calls (no new predictors per request), one per
    /// call at a time: calls from many threads at once answer as the same calls one by one, and
    /// as a network of its own answers (``Network/outputs(for:)``).
    @Test func classifierReusesItsPredictorsAndIsSafeAcrossThreads() throws {
        let members = try [11, 12, 13].map { ("m\($0)", try BackpropFixtures.network([784, 30, 10], seed: UInt64($0))) }
        let classifier = try DigitClassifier(members: members, preprocess: false)
        var g = Xoshiro256StarStar(seed: 14)
        let pictures = (0..<24).map { _ in
            var p = GrayImage(width: 28, height: 28, value: 0)
            for i in p.pixels.indices { p.pixels[i] = Float(g.nextInt(below: 256)) / 255 }
            return p
        }
        #expect(classifier.inference.idleCount == 0)
        let one = try pictures.map { try classifier.classify([$0])[0] }
        #expect(classifier.inference.idleCount == 1)
        #expect(try classifier.classify(pictures) == one)
        #expect(classifier.inference.idleCount == 1)
        let answers = Mutex([[DigitScore]?](repeating: nil, count: pictures.count))
        DispatchQueue.concurrentPerform(iterations: pictures.count) { i in
            let ranked = try? classifier.classify([pictures[i]])[0]
            answers.withLock { $0[i] = ranked }
        }
        #expect(answers.withLock { $0 } == one)
        #expect((1...CommitteePool.maxIdle).contains(classifier.inference.idleCount))
        let single = try DigitClassifier(network: members[0].1, preprocess: false)
        let batch = LabeledImages(rows: 28, columns: 28, pixels: pictures.flatMap { $0.pixels.map(DigitClassifier.byte) },
                                  labels: [UInt8](repeating: 0, count: pictures.count))
        let direct = try members[0].1.outputs(for: batch)
        #expect(try single.classify(pictures).enumerated().allSatisfy { i, ranked in
            ranked.allSatisfy { $0.output == Double(direct[i * 10 + $0.digit]) }
        })
    }
}
