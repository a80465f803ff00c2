import DigitsTestSupport
import Testing
@testable import DigitsKit

/// Training with the log-likelihood cost, whose output layer is a softmax: it learns, the fast
/// path agrees with plain SGD over the reference backpropagation, the bits do not depend on the
/// thread count, resuming ends where the uninterrupted run does, and the model file records it.
@Suite struct SoftmaxTrainingTests {
    static func options(epochs: Int) -> TrainingOptions {
        var o = SyntheticData.options(epochs: epochs)
        o.cost = .logLikelihood
        o.eta = 0.5
        return o
    }

    @Test func learnsTheSyntheticTaskAndTheModelFileSaysSoftmax() throws {
        let result = try Trainer(options: Self.options(epochs: 5), dataset: SyntheticData.dataset()).run()
        #expect(result.history.last!.validationAccuracy! > 0.9)
        #expect(result.history.last!.trainingCost < result.history.first!.trainingCost)
        let model = result.model
        #expect(model.cost == .logLikelihood && model.network.activations == [.sigmoid, .softmax])
        #expect(model.metadata.string(MetadataKey.cost) == "log-likelihood")
        let bytes = try ModelFile.encode(model)
        let info = try ModelFile.inspect(bytes)
        #expect(info.minor == 1 && info.model == model)
        // Every image's outputs are a distribution.
        let images = SyntheticData.images(50, seed: 9)
        let outputs = try model.network.outputs(for: images)
        for i in 0..<50 {
            let row = outputs[(i * 4)..<(i * 4 + 4)]
            #expect(abs(row.reduce(0, +) - 1) < 1e-5 && row.allSatisfy { $0 > 0 }, "image \(i)")
        }
    }

    /// An epoch of the fast path against textbook SGD over ReferenceBackprop (``ReferenceSGD``;
    /// softmax output, δ^L = a − y), to float tolerance.
    @Test func anEpochAgreesWithPlainSGD() throws {
        var o = Self.options(epochs: 1)
        o.lambda = 0.5
        let data = SyntheticData.dataset(training: 205)
        let trainer = try Trainer(options: o, dataset: data)
        var net = trainer.network
        #expect(net.activations == [.sigmoid, .softmax])
        let fast = try trainer.run().model.network
        var v = try Network(zerosWithSizes: o.layers)
        ReferenceSGD.epoch(1, o, data.training, net: &net, v: &v)
        var worst: Float = 0
        for l in 0..<net.weights.count {
            for j in net.weights[l].indices { worst = max(worst, abs(net.weights[l][j] - fast.weights[l][j])) }
            for j in net.biases[l].indices { worst = max(worst, abs(net.biases[l][j] - fast.biases[l][j])) }
        }
        #expect(worst < 1e-4, "largest parameter difference \(worst)")
    }

    /// Products large enough to be split over two threads (m·n·k ≥ 10⁶) give the same bits as
    /// one thread.
    @Test func theThreadCountChangesNoBit() throws {
        var o = Self.options(epochs: 2)
        o.layers = [36, 100, 4]
        o.batchSize = 300
        o.momentum = 0.5
        #expect(300 * 100 * 36 >= FastKernels.parallelMinimumWork)
        let data = SyntheticData.dataset()
        o.threads = 1
        let one = try Trainer(options: o, dataset: data).run()
        o.threads = 2
        let two = try Trainer(options: o, dataset: data).run()
        #expect(one.model.network == two.model.network)
        #expect(one.history.map(\.trainingCost) == two.history.map(\.trainingCost))
    }

    @Test func resumingGivesTheUninterruptedResult() throws {
        var o = Self.options(epochs: 4)
        o.momentum = 0.6
        let run = try CheckpointResumeTests.stopAndResume(o, stoppingAfter: 2)
        #expect(run.saved.network.activations == [.sigmoid, .softmax])
    }
}
