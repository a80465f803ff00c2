import DigitsTestSupport
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import DigitsKit

/// A small learnable dataset: 6×6 images of 4 classes, class k brightens pixels 9k..<9k+9.
enum SyntheticData {
    static func images(_ count: Int, seed: UInt64) -> LabeledImages {
        var g = Xoshiro256StarStar(seed: seed)
        var pixels: [UInt8] = [], labels: [UInt8] = []
        for _ in 0..<count {
            let label = g.nextInt(below: 4)
            labels.append(UInt8(label))
            for p in 0..<36 {
                var v = g.nextInt(below: 90)
                if p / 9 == label { v += 120 + g.nextInt(below: 40) }
                pixels.append(UInt8(v))
            }
        }
        return LabeledImages(rows: 6, columns: 6, pixels: pixels, labels: labels)
    }

    static func dataset(training: Int = 600, validation: Int = 200, test: Int = 200) -> Dataset {
        Dataset(name: "synthetic", training: images(training, seed: 1), validation: images(validation, seed: 2),
                test: images(test, seed: 3))
    }

    static func options(epochs: Int = 4) -> TrainingOptions {
        var o = TrainingOptions()
        o.layers = [36, 8, 4]
        o.epochs = epochs
        o.batchSize = 10
        o.eta = 1.0
        o.seed = 77
        return o
    }
}

@Suite struct TrainingTests {
    @Test func learnsTheSyntheticTask() throws {
        let result = try Trainer(options: SyntheticData.options(epochs: 5), dataset: SyntheticData.dataset()).run()
        #expect(result.history.count == 5)
        #expect(result.history.last!.validationAccuracy! > 0.9)
        #expect(result.history.last!.trainingCost < result.history.first!.trainingCost)
        #expect(result.model.metadata.int(MetadataKey.epochs) == 5)
        // The file keeps every figure but the training pass's own seconds (inside `seconds`).
        #expect(result.model.metadata.history == result.history.map { var r = $0; r.trainingSeconds = nil; return r })
        #expect(result.history.allSatisfy { ($0.trainingSeconds ?? -1) >= 0 && $0.trainingSeconds! <= $0.seconds })
    }

    @Test(arguments: [(Cost.quadratic, 0.0, 0.0, Initialization.normal), (.crossEntropy, 0.5, 0.0, .scaled),
                      (.crossEntropy, 0.1, 0.5, .scaled)])
    func sameSeedGivesIdenticalParameters(_ setup: (Cost, Double, Double, Initialization)) throws {
        var o = SyntheticData.options(epochs: 3)
        (o.cost, o.lambda, o.momentum, o.initialization) = setup
        let data = SyntheticData.dataset()
        let a = try Trainer(options: o, dataset: data).run()
        let b = try Trainer(options: o, dataset: data).run()
        #expect(a.model.network == b.model.network)
        o.seed += 1
        let c = try Trainer(options: o, dataset: data).run()
        #expect(a.model.network != c.model.network)
    }

    /// An epoch of the fast path (batched kernels, fused steps) against plain per-example
    /// backpropagation and textbook SGD over the same shuffled order, to float tolerance.
    @Test(arguments: [0.0, 2.0])
    func anEpochAgreesWithPlainSGD(_ lambda: Double) throws {
        var o = SyntheticData.options(epochs: 1)
        o.lambda = lambda
        let data = SyntheticData.dataset(training: 205)  // the last mini-batch has 5 examples
        let trainer = try Trainer(options: o, dataset: data)
        let initial = trainer.network
        var net = initial
        let fast = try trainer.run().model.network

        let n = data.training.count
        var order = Array(0..<n)
        var rng = Xoshiro256StarStar(seed: SplitMix64.derive(o.seed, stream: Trainer.shuffleStream(1)))
        rng.shuffle(&order)
        for start in stride(from: 0, to: n, by: o.batchSize) {
            let batch = order[start..<min(n, start + o.batchSize)]
            var sumW = net.weights.map { $0.map { _ in Float(0) } }, sumB = net.biases.map { $0.map { _ in Float(0) } }
            for i in batch {
                var y = [Float](repeating: 0, count: 4)
                y[Int(data.training.labels[i])] = 1
                let (nw, nb) = net.backpropReference(data.training.input(i), y, cost: o.cost)
                for l in 0..<nw.count {
                    for j in nw[l].indices { sumW[l][j] += nw[l][j] }
                    for j in nb[l].indices { sumB[l][j] += nb[l][j] }
                }
            }
            let step = Float(o.eta / Double(batch.count)), decay = Float(1 - o.eta * lambda / Double(n))
            for l in 0..<net.weights.count {
                for j in net.weights[l].indices { net.weights[l][j] = decay * net.weights[l][j] - step * sumW[l][j] }
                for j in net.biases[l].indices { net.biases[l][j] -= step * sumB[l][j] }
            }
        }
        var worst: Float = 0
        for l in 0..<net.weights.count {
            for j in net.weights[l].indices { worst = max(worst, abs(net.weights[l][j] - fast.weights[l][j])) }
            for j in net.biases[l].indices { worst = max(worst, abs(net.biases[l][j] - fast.biases[l][j])) }
        }
        #expect(worst < 1e-4, "largest parameter difference \(worst)")
        #expect(fast != initial)
    }

    @Test func hugeLearningRateDivergesWithARuntimeError() throws {
        var o = SyntheticData.options(epochs: 3)
        o.eta = 1e35
        let trainer = try Trainer(options: o, dataset: SyntheticData.dataset())
        var callbacks = 0
        trainer.onEpoch = { _, _ in callbacks += 1 }
        do {
            _ = try trainer.run()
            Issue.record("training did not report divergence")
        } catch let error as TrainingError {
            guard case .diverged = error else { Issue.record("wrong error \(error)"); return }
            #expect(error.kind == .runtime)
            #expect(error.description.contains("smaller --eta"))
        }
        #expect(callbacks == 0, "a diverged epoch must not reach the checkpoint callback")
    }

    @Test func earlyStoppingRestoresTheBestValidationNetwork() throws {
        var o = SyntheticData.options(epochs: 12)
        o.earlyStopPatience = 2
        let data = SyntheticData.dataset()
        let trainer = try Trainer(options: o, dataset: data)
        // From epoch 3 on, train on wrong labels: validation accuracy must fall.
        trainer.distortEpoch = { images, epoch, _, _, _ in
            guard epoch >= 3 else { return images }
            return LabeledImages(rows: images.rows, columns: images.columns, pixels: images.pixels,
                                 labels: images.labels.map { ($0 + 1) % 4 })
        }
        var networks: [Int: Network] = [:]
        trainer.onEpoch = { record, model in networks[record.epoch] = model.network }
        let result = try trainer.run()
        #expect(result.stoppedEarly)
        #expect(result.history.count < 12)
        let best = result.history.max { ($0.validationAccuracy ?? 0) < ($1.validationAccuracy ?? 0) }!
        #expect(result.keptEpoch == best.epoch)
        #expect(result.keptEpoch < result.history.count)
        #expect(result.model.network == networks[best.epoch])
        #expect(result.model.metadata.double(MetadataKey.validationAccuracy) == best.validationAccuracy)
    }

    @Test func plateauScheduleHalvesEta() throws {
        var o = SyntheticData.options(epochs: 8)
        o.etaSchedule = .halveOnPlateau(patience: 1)
        let trainer = try Trainer(options: o, dataset: SyntheticData.dataset())
        trainer.distortEpoch = { images, epoch, _, _, _ in
            guard epoch >= 3 else { return images }
            return LabeledImages(rows: images.rows, columns: images.columns, pixels: images.pixels,
                                 labels: images.labels.map { ($0 + 1) % 4 })
        }
        let result = try trainer.run()
        let etas = result.history.map(\.learningRate)
        #expect(etas.first == 1.0)
        #expect(etas.last! < 1.0)
        #expect(zip(etas, etas.dropFirst()).allSatisfy { $1 == $0 || $1 == $0 / 2 })
    }

    /// What a run shows its callbacks: each epoch's record (without its timing) and checkpoint
    /// (without the timing and the thread count), and the order of epoch and progress calls.
    struct CallbackLog: Equatable {
        var records: [EpochRecord] = []
        var checkpoints: [Model] = []
        var events: [String] = []
    }

    static func log(_ o: TrainingOptions, _ data: Dataset) throws -> CallbackLog {
        var log = CallbackLog()
        let trainer = try Trainer(options: o, dataset: data)
        trainer.onEpoch = { record, checkpoint in
            var r = record
            r.seconds = 0
            r.trainingSeconds = nil
            log.records.append(r)
            var c = checkpoint.model
            c.metadata.history = c.metadata.history?.map { var e = $0; e.seconds = 0; return e }
            c.metadata[MetadataKey.threads] = nil
            log.checkpoints.append(c)
            log.events.append("epoch \(record.epoch)")
        }
        trainer.onProgress = { p in
            if log.events.last != "progress \(p.epoch)" { log.events.append("progress \(p.epoch)") }
        }
        var result = try trainer.run().model
        result.metadata.history = nil
        result.metadata[MetadataKey.threads] = nil
        log.checkpoints.append(result)
        return log
    }

    /// Measuring each epoch on a second thread while the next trains changes nothing the caller
    /// sees: the same records, checkpoints (momentum velocities of the right epoch included) and
    /// final model, and every epoch is reported before the next one's progress.
    @Test func measuringBesideTrainingChangesNothing() throws {
        var o = SyntheticData.options(epochs: 5)
        o.momentum = 0.5
        o.monitorTest = true
        o.etaSchedule = .step(every: 2, factor: 0.5)
        o.progressInterval = 1
        let data = SyntheticData.dataset()
        o.threads = 1
        #expect(try !Trainer(options: o, dataset: data).measuresBesideTraining)
        let alone = try Self.log(o, data)
        o.threads = 2
        #expect(try Trainer(options: o, dataset: data).measuresBesideTraining)
        let beside = try Self.log(o, data)
        #expect(beside == alone)
        #expect(alone.records.map(\.epoch) == [1, 2, 3, 4, 5])
        #expect(alone.records.allSatisfy { $0.validationAccuracy != nil && $0.testAccuracy != nil })
        #expect(beside.events == (1...5).flatMap { ["progress \($0)", "epoch \($0)"] })
    }

    /// Only when nothing in training waits for the figures and a core would sit idle.
    @Test func measuresBesideTrainingOnlyWhenTrainingDoesNotWait() throws {
        let data = SyntheticData.dataset()
        var o = SyntheticData.options()
        o.threads = 2
        #expect(try Trainer(options: o, dataset: data).measuresBesideTraining)
        var early = o; early.earlyStopPatience = 2
        #expect(try !Trainer(options: early, dataset: data).measuresBesideTraining)
        var plateau = o; plateau.etaSchedule = .halveOnPlateau(patience: 2)
        #expect(try !Trainer(options: plateau, dataset: data).measuresBesideTraining)
        #expect(try !Trainer(options: o, dataset: SyntheticData.dataset(validation: 0)).measuresBesideTraining)
        var large = o; large.batchSize = FastKernels.parallelMinimumWork / (36 * 8) + 1
        #expect(try !Trainer(options: large, dataset: data).measuresBesideTraining)
    }

    @Test func rejectsBadOptionsAndData() throws {
        var o = SyntheticData.options()
        o.eta = -1
        #expect(throws: TrainingError.self) { try o.validate() }
        o = SyntheticData.options(); o.momentum = 1
        #expect(throws: TrainingError.self) { try o.validate() }
        o = SyntheticData.options(); o.layers = [36, 8, 3]
        #expect(throws: TrainingError.labelOutOfRange(label: 3, outputs: 3)) { try Trainer(options: o, dataset: SyntheticData.dataset()) }
        o = SyntheticData.options(); o.layers = [35, 8, 4]
        #expect(throws: NetworkError.self) { try Trainer(options: o, dataset: SyntheticData.dataset()) }
        o = SyntheticData.options(); o.earlyStopPatience = 2
        #expect(throws: TrainingError.self) { try Trainer(options: o, dataset: SyntheticData.dataset(validation: 0)) }
        #expect(throws: TrainingError.self) { try EtaSchedule(parsing: "sometimes") }
        #expect(throws: TrainingError.self) { try EtaSchedule(parsing: "step:0") }
        #expect(try EtaSchedule(parsing: "halve-on-plateau:4") == .halveOnPlateau(patience: 4))
        #expect(try EtaSchedule(parsing: "step:10:0.1") == .step(every: 10, factor: 0.1))
        #expect(try EtaSchedule(parsing: EtaSchedule.step(every: 3, factor: 0.3).description) == .step(every: 3, factor: 0.3))
    }

    @Test func initialisationIsSeededAndScaled() throws {
        var o = SyntheticData.options()
        o.layers = [400, 300, 10]
        o.initialization = .scaled
        let p = Parameters(zerosLike: try Network(zerosWithSizes: o.layers))
        Trainer.initialize(p, .scaled, seed: 5)
        let w = Array(UnsafeBufferPointer(start: p.weights[0], count: 400 * 300))
        let variance = w.reduce(0.0) { $0 + Double($1 * $1) } / Double(w.count)
        #expect(abs(variance - 1.0 / 400) < 0.05 / 400)
        let b = Array(UnsafeBufferPointer(start: p.biases[0], count: 300))
        #expect(b.reduce(0.0) { $0 + Double($1 * $1) } / 300 > 0.7)
    }

    @Test func historyReportsAreWellFormed() throws {
        let history = [EpochRecord(epoch: 1, trainingCost: 0.4, validationAccuracy: 0.9, testAccuracy: 0.91, learningRate: 3, seconds: 1),
                       EpochRecord(epoch: 2, trainingCost: 0.2, validationAccuracy: 0.93, learningRate: 3, seconds: 1.1)]
        let csv = TrainingHistoryReport.csv(history).split(separator: "\n")
        #expect(csv.count == 3)
        #expect(csv[0] == "epoch,training_cost,validation_accuracy,test_accuracy,learning_rate,seconds")
        #expect(csv[2] == "2,0.2,0.93,,3.0,1.1")
        let svg = TrainingHistoryReport.svg(history, title: "a <b> & c")
        #expect(svg.hasPrefix("<svg"))
        #expect(svg.contains("validation accuracy") && svg.contains("training cost") && svg.contains("<polyline"))
        let parser = XMLParser(data: Data(svg.utf8))
        #expect(parser.parse(), "SVG is not well-formed XML")
    }
}
