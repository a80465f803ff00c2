import Testing
@testable import DigitsKit

/// Mean-centred inputs (`--center-inputs`): the mean, the fold into the first layer, training
/// against the reference on x − μ, and the files (what they hold, an exact resume, bad ones).
@Suite struct InputCentringTests {
    static func options(epochs: Int = 2) -> TrainingOptions {
        var o = SyntheticData.options(epochs: epochs)
        o.cost = .crossEntropy
        o.eta = 0.5
        o.momentum = 0.5
        o.centerInputs = true
        return o
    }

    /// μ is each pixel's mean over the images, scaled to [0, 1], from exact integer sums.
    @Test func theMeanIsEachPixelsMean() {
        let images = SyntheticData.images(7, seed: 4)
        let mean = InputMean(of: images)
        #expect(mean.values.count == 36)
        for i in 0..<36 {
            let sum = (0..<7).reduce(0) { $0 + Int(images.pixels[$1 * 36 + i]) }
            #expect(mean.values[i] == Float(Double(sum) / (255 * 7)))
        }
        #expect(mean.values.contains { $0 > 0.2 })
    }

    /// The folded network on raw x is the trained one on x − μ: w(x − μ) + b = wx + (b − wμ),
    /// to Float rounding; only the first layer's biases change.
    @Test func theFoldedNetworkOnRawInputsIsTheTrainedOneOnCentredInputs() throws {
        let net = try BackpropFixtures.network([36, 9, 7, 4], seed: 81)
        let images = SyntheticData.images(20, seed: 5)
        let mean = InputMean(of: images)
        let folded = mean.folded(into: net)
        #expect(folded.weights == net.weights)
        #expect(Array(folded.biases.dropFirst()) == Array(net.biases.dropFirst()))
        #expect(folded.biases[0] != net.biases[0])
        var worst: Float = 0
        for i in 0..<images.count {
            let raw = images.input(i)
            let centred = zip(raw, mean.values).map { $0 - $1 }
            for (a, b) in zip(folded.feedforward(raw), net.feedforward(centred)) { worst = max(worst, abs(a - b)) }
        }
        #expect(worst < 1e-5, "largest output difference \(worst)")
    }

    /// Two epochs on centred inputs are the per-example reference's on x − μ (the trained
    /// parameters, unfolded, in the checkpoint); the saved network is those with μ folded in,
    /// and centring changes the run.
    @Test func trainingIsTheReferenceOnCentredInputs() throws {
        let o = Self.options()
        let data = SyntheticData.dataset(training: 205)
        let trainer = try Trainer(options: o, dataset: data)
        let mean = try #require(trainer.inputMean)
        #expect(mean == InputMean(of: data.training))
        var net = trainer.checkpoint().network  // the initial parameters, as trained (unfolded)
        var v = try Network(zerosWithSizes: o.layers)
        let result = try trainer.run()
        for e in 1...o.epochs { ReferenceSGD.epoch(e, o, data.training, net: &net, v: &v, inputMean: mean.values) }
        let trained = trainer.checkpoint().network
        let worst = ReferenceSGD.largestDifference(net, trained)
        #expect(worst < 1e-4, "largest parameter difference \(worst)")
        #expect(result.model.network == mean.folded(into: trained))
        #expect(trainer.network == result.model.network)
        var plain = o
        plain.centerInputs = false
        let uncentred = try Trainer(options: plain, dataset: data).run().model.network
        #expect(ReferenceSGD.largestDifference(uncentred, result.model.network) > 1e-2)
    }

    /// The figures a run reports are the saved network's own, on raw images.
    @Test func theReportedAccuraciesAreTheSavedNetworks() throws {
        var o = Self.options(epochs: 3)
        o.monitorTest = true
        o.threads = 2  // measured beside training
        let data = SyntheticData.dataset()
        let result = try Trainer(options: o, dataset: data).run()
        let predicted = try result.model.network.predictions(for: data.test)
        let correct = predicted.indices.filter { predicted[$0] == Int(data.test.labels[$0]) }.count
        #expect(result.testCorrect == correct)
        #expect(result.history.last?.testAccuracy == Double(correct) / Double(data.test.count))
        #expect(result.testAccuracy! > 0.9)
        #expect(result.model.metadata.int(TrainingMetadataKey.centerInputs) == 1)
        #expect(result.model.metadata[TrainingMetadataKey.inputMean] == nil)  // a checkpoint's only
    }

    /// A checkpoint holds the network for raw inputs, μ and the biases as trained; read back it
    /// is the checkpoint made, and a resume from it ends where the uninterrupted run does.
    @Test func aCentredRunResumesBitIdentically() throws {
        let run = try CheckpointResumeTests.stopAndResume(Self.options(epochs: 4), stoppingAfter: 2)
        let mean = try #require(run.checkpoint.inputMean)
        let model = run.checkpoint.model
        #expect(model.network == mean.folded(into: run.checkpoint.network))
        #expect(model.network != run.checkpoint.network)
        #expect(run.saved.network == run.checkpoint.network)
        #expect(run.saved.inputMean == mean)
        #expect(run.resumed.model.metadata.int(TrainingMetadataKey.centerInputs) == 1)
    }

    /// A run without centring records nothing of it, as before.
    @Test func anUncentredRunRecordsNoCentring() throws {
        var o = Self.options(epochs: 1)
        o.centerInputs = false
        let trainer = try Trainer(options: o, dataset: SyntheticData.dataset())
        _ = try trainer.run()
        #expect(trainer.inputMean == nil)
        let m = trainer.checkpoint().model.metadata
        for key in [TrainingMetadataKey.centerInputs, TrainingMetadataKey.inputMean, TrainingMetadataKey.centredBiases] {
            #expect(m[key] == nil)
        }
    }

    /// A checkpoint whose centring fields are missing, the wrong size or out of range is
    /// refused with the key and the problem.
    @Test func badCentringFieldsAreRefused() throws {
        let trainer = try Trainer(options: Self.options(epochs: 1), dataset: SyntheticData.dataset())
        _ = try trainer.run()
        let good = trainer.checkpoint().model
        let mean = TrainingMetadataKey.inputMean, biases = TrainingMetadataKey.centredBiases
        func refused(_ key: String, _ value: MetadataValue?, _ reason: String) {
            var model = good
            model.metadata[key] = value
            #expect(throws: TrainingError.badCheckpoint(reason)) { try Checkpoint(model: model) }
        }
        refused(mean, nil, "'train.center-inputs' is on but 'train.input-mean' is missing")
        refused(biases, nil, "'train.center-inputs' is on but 'train.centred-biases' is missing")
        refused(mean, .bytes([0, 0, 0, 0]), "'train.input-mean' holds 4 bytes, expected 144 (36 Float32 values)")
        refused(biases, .bytes([]), "'train.centred-biases' holds 0 bytes, expected 32 (8 Float32 values)")
        func floats(_ values: [Float]) -> MetadataValue {
            var w = LittleEndianWriter(capacity: 4 * values.count)
            w.f32s(values)
            return .bytes(w.bytes)
        }
        refused(mean, floats([Float](repeating: 0.5, count: 35) + [1.5]), "'train.input-mean' has values outside [0, 1]")
        refused(mean, floats([Float](repeating: 0.5, count: 35) + [.nan]), "'train.input-mean' has values outside [0, 1]")
        refused(biases, floats([Float](repeating: 0, count: 7) + [.infinity]),
                "'train.centred-biases' holds values that are not finite numbers")
        #expect(throws: Never.self) { try Checkpoint(model: good) }
    }

    /// A checkpoint value (made by hand) whose centring disagrees with its options or its
    /// network is refused on resume.
    @Test func aResumeWhoseCentringDisagreesIsRefused() throws {
        let data = SyntheticData.dataset()
        let trainer = try Trainer(options: Self.options(epochs: 1), dataset: data)
        _ = try trainer.run()
        let checkpoint = trainer.checkpoint()
        var noMean = checkpoint
        noMean.inputMean = nil
        #expect(throws: TrainingError.badCheckpoint("centred inputs are on but the checkpoint has no input mean")) {
            try Trainer(resuming: noMean, dataset: data, overrides: ResumeOverrides(epochs: 2))
        }
        var uncentred = checkpoint
        uncentred.options.centerInputs = false
        #expect(throws: TrainingError.badCheckpoint("centred inputs are off but the checkpoint has an input mean")) {
            try Trainer(resuming: uncentred, dataset: data, overrides: ResumeOverrides(epochs: 2))
        }
        var short = checkpoint
        short.inputMean = InputMean(values: [0.5])
        #expect(throws: TrainingError.badCheckpoint("the input mean's size 1 is not the network's 36 inputs")) {
            try Trainer(resuming: short, dataset: data, overrides: ResumeOverrides(epochs: 2))
        }
        #expect(throws: Never.self) { try Trainer(resuming: checkpoint, dataset: data, overrides: ResumeOverrides(epochs: 2)) }
    }
}
